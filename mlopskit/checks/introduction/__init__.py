"""Lesson 00_introduction, Introduction: from notebook hell to a tracked pipeline: its graded tasks, one module each (found by convention)."""

LESSON = "00_introduction"
#: What the lesson covers, for the README's table of lessons.
TOPIC = 'Introduction: from notebook hell to a tracked pipeline'
