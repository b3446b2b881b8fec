#!/usr/bin/env python3
"""Each public method of duikou against pandas code that returns the same table.

The issue-17 benchmark: a synthetic table of int32 codes (``--pairs``, default
1e6 and 1e7; recipients = pairs / 5, 10,000 partners, 200 regions, every
pair distinct; benchmarks/synthetic.py) and, for building the table and for
``partner_frequency``, ``recipient_frequency``, ``region_coverage``,
``partner_reach`` and ``concentration``:

- duikou: the public method (``Pairings.from_codes`` for building);
- its kernel: the ``duikou._core`` calls the method makes (ids only, no
  names, no DataFrame), so ``duikou / kernel`` is what the Python layer adds;
- pandas: code that returns the same table from the same codes held as
  pandas Categorical columns (the same columns, the same lists of names, the
  same order; for building, the frame plus the same validity checks).

Each run checks that duikou's and pandas' results of the first repeat are
equal (an AssertionError otherwise). Times are medians of a few
repeats in one process (``--repeat``), interleaved, so a busy machine slows
each alike; the load average is printed with them.

Usage: python benchmarks/methods_vs_pandas.py [--pairs 1e6,1e7] [--repeat 5] [--update BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import results_section  # noqa: E402
import synthetic  # noqa: E402

N_PARTNERS, N_REGIONS, PAIRS_PER_RECIPIENT = 10_000, 200, 5
BEGIN, END = "<!-- methods_vs_pandas.py:begin -->", "<!-- methods_vs_pandas.py:end -->"
METHODS = ("build", "partner_frequency", "recipient_frequency", "region_coverage", "partner_reach",
           "concentration")


def table_codes(n_pairs: int) -> dict:
    return synthetic.synthetic_codes(n_pairs, n_partners=N_PARTNERS, n_regions=N_REGIONS,
                                     n_recipients=max(1, n_pairs // PAIRS_PER_RECIPIENT))


# -- duikou ----------------------------------------------------------------------------------
def duikou_build(codes):
    import duikou

    return duikou.Pairings.from_codes(codes["recipient"], codes["partner"], codes["recipient_labels"],
                                      codes["partner_labels"],
                                      groups={"region": (codes["region"], codes["region_labels"])})


def duikou_method(name):
    return lambda p: getattr(p, name)()


# -- what each method asks of the C++ core (ids only) -----------------------------------------
def kernel(name):
    from duikou import _core

    def build(codes):
        t = _core.PairTable(codes["recipient"], codes["recipient_labels"], codes["partner"], codes["partner_labels"])
        return t, t.problems(None)

    def frequency(side):
        return lambda t: (_core.frequency(t, side), _core.distinct_counts(t, side, "region"),
                          _core.distinct(t, side, "partner" if side == "recipient" else "recipient"))

    return {
        "build": build,
        "partner_frequency": frequency("partner"),
        "recipient_frequency": frequency("recipient"),
        "region_coverage": lambda t: _core.coverage(t, "region", "partner", "recipient"),
        "partner_reach": lambda t: (_core.distinct(t, "partner", "region"), _core.frequency(t, "partner")),
        "concentration": lambda t: _core.concentration(_core.frequency(t, "partner")["counts"], 4),
    }[name]


# -- pandas, returning the same tables ----------------------------------------------------------
def pandas_build(codes):
    """The frame of Categorical columns and the checks duikou makes: missing or blank names, self-pairs,
    repeated pairs (all vectorised; the tables here have none, as duikou reports)."""
    frame = pd.DataFrame({name: pd.Categorical.from_codes(codes[name], categories=codes[name + "_labels"])
                          for name in ("recipient", "partner", "region")})
    r, q = frame["recipient"], frame["partner"]
    missing = r.isna() | q.isna()
    blank = (r.cat.categories.str.strip() == "")[r.cat.codes] | (q.cat.categories.str.strip() == "")[q.cat.codes]
    same_name = pd.Index(r.cat.categories).get_indexer(q.cat.categories)  # partner category -> recipient code
    self_pair = r.cat.codes.to_numpy() == same_name[q.cat.codes.to_numpy()]
    duplicate = frame.duplicated(["recipient", "partner"])
    problems = frame.index[missing | blank | self_pair | duplicate]
    return frame, problems


def _lists(frame, key, value):
    """The distinct values per key, in order of first appearance, as lists of str (keys likewise)."""
    distinct = frame[[key, value]].drop_duplicates()
    return distinct.groupby(key, sort=False, observed=True)[value].agg(list)


def pandas_frequency(side, other):
    def run(frame):
        grouped = frame.groupby(side, sort=False, observed=True)
        pairs = grouped.size()
        out = pd.DataFrame({side: pairs.index.astype(object), "pairs": pairs.to_numpy(),
                            "share": pairs.to_numpy() / len(frame),
                            "regions": grouped["region"].nunique(dropna=False).to_numpy(),
                            other + "s": _lists(frame, side, other).reindex(pairs.index).to_numpy()})
        return out.sort_values("pairs", ascending=False, kind="stable").reset_index(drop=True)
    return run


def pandas_region_coverage(frame):
    grouped = frame.groupby("region", sort=False, observed=True)
    pairs = grouped.size()
    return pd.DataFrame({"region": pairs.index.astype(object),
                         "recipients": grouped["recipient"].nunique().to_numpy(), "pairs": pairs.to_numpy(),
                         "partners": grouped["partner"].nunique().to_numpy(),
                         "partner_names": _lists(frame, "region", "partner").reindex(pairs.index).to_numpy()})


def pandas_partner_reach(frame):
    lists = _lists(frame, "partner", "region")  # partners in order of first appearance
    out = pd.DataFrame({"partner": lists.index.astype(object), "regions": lists.map(len).to_numpy(),
                        "region_names": lists.to_numpy()})
    return out.sort_values("regions", ascending=False, kind="stable").reset_index(drop=True)


def pandas_concentration(frame):
    counts = frame["partner"].value_counts()
    x = np.sort(counts.to_numpy()[counts.to_numpy() > 0]).astype(float)
    n, total = len(x), x.sum()
    s = x / total
    hhi = float((s * s).sum())
    shannon = float(-(s * np.log(s)).sum())
    return {"n": n, "total": int(total), "hhi": hhi, "hhi_normalized": (hhi - 1 / n) / (1 - 1 / n),
            "gini": float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * total)), "shannon": shannon,
            "hill_1": float(np.exp(shannon)), "hill_2": 1 / hhi, "cr_k": float(x[-4:].sum() / total)}


PANDAS = {"build": pandas_build, "partner_frequency": pandas_frequency("partner", "recipient"),
          "recipient_frequency": pandas_frequency("recipient", "partner"),
          "region_coverage": pandas_region_coverage, "partner_reach": pandas_partner_reach,
          "concentration": pandas_concentration}


# -- equality ---------------------------------------------------------------------------------
def assert_same(name, mine, theirs):
    if name == "build":
        frame, problems = theirs
        assert len(mine.problems) == len(problems) == 0, "problems differ"
        pd.testing.assert_frame_equal(mine.to_frame(), frame)
        return
    if name == "concentration":
        for field, value in theirs.items():
            assert np.isclose(getattr(mine, field), value, rtol=1e-9, atol=0), (field, getattr(mine, field), value)
        return
    assert list(mine.columns) == list(theirs.columns), (list(mine.columns), list(theirs.columns))
    assert len(mine) == len(theirs), (len(mine), len(theirs))
    for column in mine.columns:
        a, b = mine[column], theirs[column]
        assert a.dtype == b.dtype, (name, column, a.dtype, b.dtype)
        if a.dtype == float:
            assert np.allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12, atol=0), (name, column)
        else:
            assert a.tolist() == b.tolist(), (name, column)


# -- timing -----------------------------------------------------------------------------------
def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def measure(n_pairs: int, repeat: int, pandas_repeat: int) -> tuple[dict, dict]:
    """Median wall and CPU seconds per (method, who); who is duikou, kernel or pandas; also the
    building paths from a DataFrame (from_frame of Categorical and of str columns, against from_codes)."""
    import gc

    import duikou

    codes = table_codes(n_pairs)
    table = duikou_build(codes)
    table._group("region")  # interned once, as the first method to need it does
    frame = pandas_build(codes)[0]
    core = table._pair_table
    # pandas first: a result is kept until its method's three are checked, so any cost of the
    # objects left alive (the collector walking them) falls on duikou, not on pandas.
    runs = {name: {"pandas": (lambda name=name: PANDAS[name](codes if name == "build" else frame)),
                   "duikou": (lambda name=name: duikou_build(codes) if name == "build" else duikou_method(name)(table)),
                   "kernel": (lambda name=name: kernel(name)(codes if name == "build" else core))}
            for name in METHODS}
    strings = pd.DataFrame({name: frame[name].astype(object) for name in frame.columns})
    runs["from_frame"] = {"categorical": lambda: duikou.Pairings.from_frame(frame),
                          "str": lambda: duikou.Pairings.from_frame(strings)}
    wall = {(name, who): [] for name in runs for who in runs[name]}
    cpu = {key: [] for key in wall}
    for r in range(repeat):
        for name in runs:
            results = {}
            for who in runs[name]:
                if who == "pandas" and r >= pandas_repeat:
                    continue
                gc.collect()
                start, start_cpu = time.perf_counter(), time.process_time()
                result = runs[name][who]()
                wall[name, who].append(time.perf_counter() - start)
                cpu[name, who].append(time.process_time() - start_cpu)
                if r == 0:
                    results[who] = result
                del result
            if r == 0:  # the first repeat's results are checked equal, then dropped
                if name == "from_frame":
                    pd.testing.assert_frame_equal(results["categorical"].to_frame(), frame)
                    pd.testing.assert_frame_equal(results["str"].to_frame(), strings)
                else:
                    assert_same(name, results["duikou"], results["pandas"])
            del results
    return ({key: median(values) for key, values in wall.items()},
            {key: median(values) for key, values in cpu.items()})


def _s(x):
    return f"{x * 1e3:.1f} ms" if x < 1 else f"{x:.2f} s"


def report(results: dict, loads: list, repeat: int, pandas_repeat: dict) -> str:
    import duikou

    lines = [f"pandas {pd.__version__}, numpy {np.__version__}, duikou {duikou.__version__}; "
             f"load average {loads[0]:.1f} at the start, {loads[-1]:.1f} at the end (2 cores, shared). "
             "Wall time, in parentheses CPU time (both threads of a kernel counted).", "",
             "| pairs | method | duikou | its kernel | pandas, same table | pandas / duikou | duikou / kernel |",
             "|---|---|---|---|---|---|---|"]

    def cell(t, c, key):
        return f"{_s(t[key])} ({_s(c[key])})"

    def ratio(t, c, a, b):
        return f"{t[a] / t[b]:.1f}x ({c[a] / c[b]:.1f}x)"

    for n, (t, c) in results.items():
        for name in METHODS:
            d, k, p = (name, "duikou"), (name, "kernel"), (name, "pandas")
            lines.append(f"| {n:.0e} | {name} | {cell(t, c, d)} | {cell(t, c, k)} | {cell(t, c, p)} | "
                         f"{ratio(t, c, p, d)} | {ratio(t, c, d, k)} |")
        for times in (t, c):
            for who in ("duikou", "kernel", "pandas"):
                times["all", who] = sum(times[name, who] for name in METHODS)
        a = ("all", "duikou"), ("all", "kernel"), ("all", "pandas")
        lines.append(f"| {n:.0e} | **the six together** | {cell(t, c, a[0])} | {cell(t, c, a[1])} | "
                     f"{cell(t, c, a[2])} | **{ratio(t, c, a[2], a[0])}** | {ratio(t, c, a[0], a[1])} |")
    lines += ["", "| pairs | building from a DataFrame | time | / from_codes |", "|---|---|---|---|"]
    for n, (t, c) in results.items():
        for who, what in (("categorical", "from_frame, Categorical columns"), ("str", "from_frame, str columns")):
            lines.append(f"| {n:.0e} | {what} | {cell(t, c, ('from_frame', who))} | "
                         f"{ratio(t, c, ('from_frame', who), ('build', 'duikou'))} |")
    lines += ["", f"Medians of {repeat} interleaved repeats for duikou and its kernel, "
              + ", ".join(f"{pandas_repeat[n]} for pandas at {n:.0e}" for n in results)
              + "; every pandas result checked equal to duikou's in the same run."]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", default=os.environ.get("BENCH_METHOD_SIZES", "1e6,1e7"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--update", metavar="FILE", help="also write the table into FILE between the markers")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.pairs.split(",") if s.strip()]
    loads, results, pandas_repeat = [os.getloadavg()[0]], {}, {}
    for n in sizes:
        pandas_repeat[n] = args.repeat if n <= 1_000_000 else max(1, args.repeat // 2)
        results[n] = measure(n, args.repeat, pandas_repeat[n])
        loads.append(os.getloadavg()[0])
        print(f"{n:.0e} pairs measured (load {loads[-1]:.1f})", flush=True)
    text = report(results, loads, args.repeat, pandas_repeat)
    print(text)
    if args.update:
        command = f"python benchmarks/methods_vs_pandas.py --pairs {args.pairs} --repeat {args.repeat}"
        results_section.update_file(args.update, BEGIN, END, text, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
