"""Tests of lesson 02_drift."""
