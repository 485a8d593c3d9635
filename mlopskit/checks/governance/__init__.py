"""Lesson 01_governance: its graded tasks, one module each (found by convention).

The stateful tasks (audit log, access control, approval workflow) are scenarios: a
sequence of method calls on a fresh instance, and of changes made from outside as an
attacker with access to the storage would, each step's result or exception compared.
The misconceptions below are deliberately wrong code: fingerprints, not solutions.
"""

LESSON = "01_governance"
