"""Lesson 05_cicd, CI/CD for machine learning: its graded tasks, one module each (found by convention)."""

LESSON = "05_cicd"
#: What the lesson covers, for the README's table of lessons.
TOPIC = ("CI/CD for machine learning: data contracts, quality gates, a paired bootstrap, "
         "behavioural tests, tests graded by the bugs they catch, CI workflows, canary releases")
