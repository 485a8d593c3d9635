"""Lesson 05_cicd, CI/CD for machine learning: its graded tasks, one module each (found by convention)."""

LESSON = "05_cicd"
#: What the lesson covers, for the README's table of lessons.
TOPIC = 'CI/CD for machine learning'
