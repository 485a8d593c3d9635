"""Lesson 03_fairness: its graded tasks, one module each (found by convention).

Cases mix two and more groups, groups with a single class (where a confusion-matrix
shortcut crashes), and sensitive features given as strings. The misconceptions below are
deliberately wrong code: fingerprints, not solutions.
"""

LESSON = "03_fairness"
