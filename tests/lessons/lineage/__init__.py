"""Tests of lesson 04_lineage."""
