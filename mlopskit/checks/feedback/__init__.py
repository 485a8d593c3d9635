"""Lesson 06, the feedback loop: its graded tasks, one module each (found by convention).

Outcomes arrive late and only for some decisions; the tasks join them honestly and
measure performance from them with its uncertainty.
"""

LESSON = "06_feedback"
#: What the lesson covers, for the README's table of lessons.
TOPIC = ("the feedback loop: delayed labels joined as of a date, accuracy per window with "
         "Wilson intervals, alerts with a cooldown in the audit trail, the retraining policy, "
         "explaining a decision, selective labels")
