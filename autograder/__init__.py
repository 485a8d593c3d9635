"""The autograder: sandboxed runs, scores decided outside the student's kernel.

See ``python -m autograder --help`` and :mod:`autograder.cli`.
"""
