"""Names and limits shared by the modules of duikou (one place for each)."""

from __future__ import annotations

#: The two sides of a pair, in the order of the table's first two columns.
SIDES = ("recipient", "partner")
#: Display languages of ``labels=``: names as written ("zh") or in English ("en").
LABELS = ("zh", "en")
#: How many problem rows an error message lists before "... and N more".
SHOWN_PROBLEMS = 5


def check_labels(labels: str) -> None:
    """ValueError unless ``labels`` is a display language of :data:`LABELS`."""
    if labels not in LABELS:
        raise ValueError(f"labels must be one of {LABELS}, got {labels!r}")
