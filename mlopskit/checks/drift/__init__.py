"""Lesson 02_drift: its graded tasks, one module each (found by convention).

Each spec declares the cases, the hints and the catalogued misconceptions (wrong
implementations a learner plausibly writes, each with the message that explains it).
The misconceptions here are deliberately wrong code: they are fingerprints, not
solutions.
"""

LESSON = "02_drift"
