"""Tests of lesson 01_governance."""
