"""Where each pair of a table comes from: :meth:`duikou.Pairings.sources`."""

from __future__ import annotations

import pandas as pd

#: Citation columns, in the order :func:`sources` reports them (those the table has).
CITATION_COLUMNS = ("program", "version", "source", "issuer", "published", "url", "basis", "confidence")


def sources(pairings) -> pd.DataFrame:
    """The citations of this table: one row per distinct citation, with its number of pairs.

    A citation is the combination of the table's citation columns
    (``program``, ``version``, ``source``, ``issuer``, ``published``, ``url``,
    ``basis``, ``confidence``; those the table has). Rows come in order of
    first appearance; ``pairs`` counts the rows citing it. A table without
    any ``source`` column but with ``source``/``document`` in its metadata
    (the 2022 plan read from JSON has both) still gets one row per value.

    Returns
    -------
    pandas.DataFrame
        The citation columns present, then ``pairs``.

    Raises
    ------
    ValueError
        If the table has none of the citation columns.

    Examples
    --------
    >>> duikou.datasets.load("wanbei-2021").sources()[["source", "pairs"]]  # doctest: +SKIP
    """
    frame = pairings._data  # read-only (the Pairings contract, docs/architecture.md)
    columns = [c for c in CITATION_COLUMNS if c in frame.columns]
    if "source" not in columns:
        raise ValueError("the table has no 'source' column: nothing cites its pairs "
                         f"(columns: {', '.join(map(str, frame.columns))})")
    keys = frame[columns].astype(object).where(frame[columns].notna(), "")
    counts = keys.groupby(columns, sort=False, dropna=False).size().rename("pairs").reset_index()
    for column in columns:  # give back the missing values that the grouping key replaced by ""
        counts[column] = counts[column].replace("", pd.NA) if frame[column].isna().any() else counts[column]
    return counts
