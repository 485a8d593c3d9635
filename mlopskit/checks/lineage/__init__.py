"""Lesson 04_lineage, Lineage and versioning: its graded tasks, one module each (found by convention)."""

LESSON = "04_lineage"
#: What the lesson covers, for the README's table of lessons.
TOPIC = ("lineage and versioning: content digests checked against sha256sum, folder manifests "
         "and their diff, a lineage graph checked against networkx, point-in-time joins, "
         "model lineage from the MLflow registry")
