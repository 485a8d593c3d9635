"""Lesson 04_lineage, Lineage and versioning: its graded tasks, one module each (found by convention)."""

LESSON = "04_lineage"
#: What the lesson covers, for the README's table of lessons.
TOPIC = 'Lineage and versioning'
