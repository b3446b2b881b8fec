"""Plain-pandas computations of every statistic, written from docs/statistics.md's
definitions independently of duikou, to check it against."""

import numpy as np
import pandas as pd


def first_appearance_order(series: pd.Series) -> list:
    return list(dict.fromkeys(series.dropna()))


def frequency(frame: pd.DataFrame, side: str, other: str, by: str | None) -> pd.DataFrame:
    order = first_appearance_order(frame[side])
    counts = frame[side].value_counts()
    rows = []
    for name in order:
        sub = frame[frame[side] == name]
        row = {side: name, "pairs": int(counts[name]), "share": counts[name] / counts.sum()}
        if by is not None:
            row[by + "s"] = sub[by].nunique(dropna=False)
        row[other + "s"] = first_appearance_order(sub[other])
        rows.append(row)
    out = pd.DataFrame(rows)
    # pairs descending; ties keep first-appearance order (stable sort)
    return out.sort_values("pairs", ascending=False, kind="stable").reset_index(drop=True)


def region_coverage(frame: pd.DataFrame, by: str = "region") -> pd.DataFrame:
    rows = []
    keys = list(dict.fromkeys(frame[by]))  # NaN included, first appearance
    for key in keys:
        sub = frame[frame[by].isna()] if pd.isna(key) else frame[frame[by] == key]
        rows.append({by: key, "recipients": sub["recipient"].nunique(), "pairs": len(sub),
                     "partners": sub["partner"].nunique(), "partner_names": first_appearance_order(sub["partner"])})
    return pd.DataFrame(rows)


def concentration(counts) -> dict:
    x = np.asarray([c for c in counts if c > 0], dtype=float)
    n = len(x)
    s = x / x.sum()
    hhi = float((s ** 2).sum())
    shannon = float(-(s * np.log(s)).sum())
    gini = float(np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean()))
    return {"n": n, "hhi": hhi, "hhi_normalized": (hhi - 1 / n) / (1 - 1 / n) if n > 1 else np.nan,
            "gini": gini, "shannon": shannon, "hill_1": float(np.exp(shannon)), "hill_2": 1 / hhi,
            "cr_k": float(np.sort(x)[::-1][:4].sum() / x.sum())}
