"""Tests of lesson 00_introduction."""
