"""Deterministic synthetic pairing tables for the benchmarks.

Partner popularity follows a Zipf-like law (weight of the k-th partner
proportional to k^-1.1), recipients are tagged with one of 500 regions, and
every (recipient, partner) pair is distinct, so the tables pass duikou's
validation unchanged. The same seed gives the same table on every machine
(numpy's PCG64 generator).
"""

from __future__ import annotations

import os

import numpy as np

ZIPF_EXPONENT = 1.1
N_PARTNERS = 2000
N_REGIONS = 500
SEED = 20220607


def synthetic_codes(n_pairs: int, *, seed: int = SEED, n_partners: int = N_PARTNERS, n_regions: int = N_REGIONS,
                    n_recipients: int | None = None) -> dict:
    """int32 codes and label lists of a synthetic table with ``n_pairs`` rows.

    Partner codes are drawn from a Zipf-like law over ``n_partners`` partners.
    A partner's j-th pair goes to recipient ``(offset[p] + j) mod R``, where R
    (``n_recipients``, default ``n_pairs // 8``) is raised to the largest
    partner frequency if needed, so no pair repeats; each recipient belongs to
    one of ``n_regions`` regions. Rows are shuffled.

    Returns
    -------
    dict
        ``recipient``, ``partner``, ``region``: int32 code arrays;
        ``recipient_labels``, ``partner_labels``, ``region_labels``: lists of str.
    """
    rng = np.random.default_rng(seed)
    weights = np.arange(1, n_partners + 1, dtype=np.float64) ** -ZIPF_EXPONENT
    partner = rng.choice(n_partners, size=n_pairs, p=weights / weights.sum()).astype(np.int32)
    counts = np.bincount(partner, minlength=n_partners)
    n_recipients = int(max(counts.max(), n_pairs // 8 if n_recipients is None else n_recipients, 1))
    # Rank of each row among the rows of its partner (stable: input order).
    order = np.argsort(partner, kind="stable")
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.empty(n_pairs, dtype=np.int64)
    rank[order] = np.arange(n_pairs, dtype=np.int64) - np.repeat(starts, counts)
    offset = rng.integers(0, n_recipients, size=n_partners)
    recipient = ((offset[partner] + rank) % n_recipients).astype(np.int32)
    shuffle = rng.permutation(n_pairs)
    partner, recipient = partner[shuffle], recipient[shuffle]
    region_of_recipient = rng.integers(0, n_regions, size=n_recipients).astype(np.int32)
    region = region_of_recipient[recipient]
    return {"recipient": recipient, "partner": partner, "region": region,
            **labels(n_recipients, n_partners, n_regions)}


def labels(n_recipients: int, n_partners: int, n_regions: int) -> dict:
    """The label lists of a synthetic table: 受援县0000000, 支援市0000, 协作区000, ..."""
    return {
        "recipient_labels": [f"受援县{i:07d}" for i in range(n_recipients)],
        "partner_labels": [f"支援市{i:04d}" for i in range(n_partners)],
        "region_labels": [f"协作区{i:03d}" for i in range(n_regions)],
    }


def synthetic_frame(codes: dict):
    """A DataFrame of pandas Categorical columns sharing the int32 codes (no strings per row)."""
    import pandas as pd

    return pd.DataFrame({
        name: pd.Categorical.from_codes(codes[name], categories=codes[name + "_labels"])
        for name in ("recipient", "partner", "region")
    })


def write_csv(codes: dict, path: str, *, chunk: int = 1_000_000) -> int:
    """Write the table as CSV (header recipient,partner,region), in chunks; return bytes written."""
    labels = {name: np.asarray(codes[name + "_labels"], dtype=object) for name in ("recipient", "partner", "region")}
    n = len(codes["partner"])
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("recipient,partner,region\n")
        for a in range(0, n, chunk):
            b = min(n, a + chunk)
            columns = [labels[name][codes[name][a:b]] for name in ("recipient", "partner", "region")]
            lines = [",".join(row) for row in zip(*columns)]
            out.write("\n".join(lines) + "\n")
    return os.path.getsize(path)
