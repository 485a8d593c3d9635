"""Lesson 06, the feedback loop: its graded tasks, one module each (found by convention).

Outcomes arrive late and only for some decisions; the tasks join them honestly, measure
performance from them with its uncertainty, alert, decide when to retrain, test a challenger
against the champion, correct for selective labels and explain a decision.
"""

LESSON = "06_feedback"
#: What the lesson covers, for the README's table of lessons.
TOPIC = ("the feedback loop: delayed labels joined as of a date, accuracy per window with "
         "Wilson intervals, alerts with a cooldown in the audit trail, the retraining policy, "
         "a planned A/B test of champion and challenger, accuracy under selective labels (IPW), "
         "explaining a decision")
