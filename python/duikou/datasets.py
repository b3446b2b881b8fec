"""Datasets shipped with duikou."""

from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).parent / "data"

# name -> (file in data/, one-line description)
_DATASETS = {
    "revolutionary-base-areas-2022": (
        "revolutionary-base-areas-2022.json",
        "革命老区重点城市对口合作工作方案: 20 base-area cities paired with eastern cities, "
        "2022-2030 (发改振兴〔2022〕766号, announced 2022-06-07)",
    ),
}


def names() -> list[str]:
    """Names of the built-in datasets."""
    return list(_DATASETS)


def describe() -> dict[str, str]:
    """One-line description of each built-in dataset."""
    return {name: text for name, (_, text) in _DATASETS.items()}


def path(name: str) -> Path:
    """Path of a built-in dataset's file."""
    try:
        return _DATA / _DATASETS[name][0]
    except KeyError:
        raise KeyError(f"no dataset {name!r}; available: {', '.join(_DATASETS)}") from None


def load(name: str = "revolutionary-base-areas-2022"):
    """Load a built-in dataset as :class:`duikou.Pairings` (its facts in ``.metadata``).

    Parameters
    ----------
    name : str
        One of :func:`names`; default the 2022 revolutionary-base-area plan:
        columns ``recipient``, ``partner``, ``region`` (as the document names
        it), ``program``, ``level``, ``start``, ``end``, ``source``.
    """
    from .pairings import Pairings

    return Pairings.read_json(path(name))
