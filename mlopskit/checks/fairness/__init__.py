"""Lesson 03, fairness: its graded tasks, one module each (found by convention).

Cases mix two and more groups, groups with a single class (where a confusion-matrix
shortcut crashes), and sensitive features given as strings.
"""

LESSON = "03_fairness"
#: What the lesson covers, for the README's table of lessons.
TOPIC = ("fairness: selection rates, demographic parity, equal opportunity, equalized odds "
         "(checked against fairlearn), reweighing, ExponentiatedGradient, group thresholds, "
         "the trade-off")
