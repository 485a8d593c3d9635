"""Tests of lesson 05_cicd."""
