"""Lesson 01, governance: its graded tasks, one module each (found by convention).

The stateful tasks (audit log, access control, approval workflow) are scenarios: a
sequence of method calls on a fresh instance, and of changes made from outside as an
attacker with access to the storage would, each step's result or exception compared.
"""

LESSON = "01_governance"
#: What the lesson covers, for the README's table of lessons.
TOPIC = ("governance: model cards, a hash-chained audit trail, access control, approvals "
         "with four eyes, compliance, MLflow registry with aliases")
