"""Tests of lesson 03_fairness."""
