"""Lesson 02, drift and recalibration: its graded tasks, one module each (found by convention).

Each task module declares the cases, the hints and the catalogued misconceptions (wrong
implementations a learner plausibly writes, each with the message that explains it).
"""

LESSON = "02_drift"
#: What the lesson covers, for the README's table of lessons.
TOPIC = ("drift and recalibration: KS, chi-square, PSI, Jensen-Shannon, Wasserstein, drift "
         "reports, DDM, calibration")
