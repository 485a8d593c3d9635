"""Lesson 03, fairness: its graded tasks, one module each (found by convention).

Cases mix one, two and more groups, groups with a single class (where a confusion-matrix
shortcut crashes), nobody or everyone selected, and sensitive features given as strings.
"""

LESSON = "03_fairness"
#: What the lesson covers, for the README's table of lessons.
TOPIC = ("fairness: rates by group (selection, TPR, FPR) and, built on them, demographic "
         "parity, equal opportunity against biased labels and against the truth, equalized odds "
         "(checked against fairlearn), reweighing, ExponentiatedGradient, group thresholds, "
         "the trade-off")
