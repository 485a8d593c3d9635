"""Tests of lesson 06_feedback."""
