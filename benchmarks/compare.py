#!/usr/bin/env python3
"""duikou side by side with pandas and networkx, on the same synthetic tables.

For each size (default 1e4, 1e6 and 1e7 pairs; ``BENCH_SIZES=1e4,1e6`` or
``--sizes`` to change) this times, in one run and on the same inputs:

(a) int32 codes already in memory (``Pairings.from_codes``; pandas gets the
    same codes as Categorical columns):
    - partner frequency + region coverage + concentration: duikou's public
      methods (DataFrames with names and name lists) and duikou's kernels
      (``duikou._core``, ids only), against pandas ``value_counts``,
      ``groupby(...).nunique()`` and HHI/Gini/Shannon/CR4 by hand;
    - the coverage matrix against ``pandas.crosstab``;
    - the partner x partner projection (shared regions) against networkx's
      ``bipartite.weighted_projected_graph``;
    - building the table (validation included), reported on its own;
(b) a CSV file on disk, end to end: ``Pairings.read_csv`` + the same three
    statistics against ``pandas.read_csv`` + the same pandas statistics;
(c) ``import duikou`` plus the first statistic on the built-in dataset.

Lower bounds: ``numpy.bincount`` over the partner codes, and one read of the
three int32 input columns (``numpy.maximum.reduce``, a memory-bandwidth
estimate); duikou's kernels are reported as a multiple of both.

Every measurement runs in a fresh Python process, so its peak memory is its
own: the peak resident set (/proc/self/status VmHWM, reset through
/proc/self/clear_refs once the inputs are built) minus the resident set just
before the timed call. Times are the best of a few repeats.

Usage: python benchmarks/compare.py [--sizes 1e4,1e6,1e7] [--update BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

DEFAULT_SIZES = "1e4,1e6,1e7"
NETWORKX_MAX_PAIRS = 1_000_000   # networkx's projection grows with the square of region sizes
TIMEOUT_SECONDS = 240            # a measurement that takes longer is reported as "> 240 s"
BEGIN, END = "<!-- compare.py:begin -->", "<!-- compare.py:end -->"


# -- the statistics, written once per library -----------------------------------------
def pandas_statistics(frame):
    """Partner frequency, region coverage and concentration in plain pandas."""
    import numpy as np

    counts = frame["partner"].value_counts()
    coverage = frame.groupby("region", observed=True, sort=False).agg(
        pairs=("partner", "size"), recipients=("recipient", "nunique"), partners=("partner", "nunique"))
    x = np.sort(counts.to_numpy()[counts.to_numpy() > 0]).astype(float)
    n, total = len(x), x.sum()
    s = x / total
    concentration = {
        "hhi": float((s * s).sum()),
        "gini": float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * total)),  # sorted-order form
        "shannon": float(-(s * np.log(s)).sum()),
        "cr4": float(x[-4:].sum() / total),
    }
    return counts, coverage, concentration


def duikou_statistics(pairings):
    """The same statistics through duikou's public methods (names and lists included)."""
    return pairings.partner_frequency(), pairings.region_coverage(), pairings.concentration()


def duikou_kernels(table):
    """What those methods ask of the C++ core, ids only (no names, no DataFrames)."""
    from duikou import _core

    partners = _core.frequency(table, "partner")
    regions = _core.coverage(table, "region", "partner", "recipient")  # pairs, partners, recipients per region
    return partners, regions, _core.concentration(partners["counts"], 4)


def networkx_projection(codes):
    """networkx's weighted partner x partner projection through shared regions, from the codes."""
    import networkx as nx
    import numpy as np
    from networkx.algorithms import bipartite

    pairs = np.unique(np.stack([codes["partner"], codes["region"]], axis=1), axis=0)
    graph = nx.Graph()
    partners = [("partner", int(p)) for p in np.unique(pairs[:, 0])]
    graph.add_nodes_from(partners, bipartite=0)
    graph.add_nodes_from((("region", int(r)) for r in np.unique(pairs[:, 1])), bipartite=1)
    graph.add_edges_from((("partner", int(p)), ("region", int(r))) for p, r in pairs)
    return bipartite.weighted_projected_graph(graph, partners)


# -- one measurement per process --------------------------------------------------------
def _status_bytes(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> bool:
    """Returns freed heap to the system, then starts a new peak at the current resident set."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)  # else a call could reuse freed memory unseen
    except (OSError, AttributeError):
        pass
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current resident set (Linux >= 4.0)
        return True
    except OSError:
        return False


def _load(size: int, data_dir: str) -> dict:
    import numpy as np
    import synthetic

    path = os.path.join(data_dir, f"synthetic-{size}.npz")
    if not os.path.exists(path):
        codes = synthetic.synthetic_codes(size)
        label_counts = [len(codes[k + "_labels"]) for k in ("recipient", "partner", "region")]
        np.savez(path + ".part.npz", label_counts=label_counts, **{k: codes[k] for k in ("recipient", "partner", "region")})
        os.replace(path + ".part.npz", path)
    with np.load(path) as saved:
        codes = {k: saved[k] for k in ("recipient", "partner", "region")}
        codes.update(synthetic.labels(*(int(c) for c in saved["label_counts"])))
    return codes


def _csv_path(size: int, data_dir: str) -> str:
    return os.path.join(data_dir, f"synthetic-{size}.csv")


def _task(name: str, size: int, data_dir: str):
    """(setup, run): setup builds the inputs of one repeat (not timed), run(inputs) is timed."""
    import numpy as np
    import pandas as pd

    import duikou
    import synthetic

    if name == "pandas_csv":
        path = _csv_path(size, data_dir)
        return (lambda: path), (lambda p: pandas_statistics(pd.read_csv(p)))
    if name == "duikou_csv":
        path = _csv_path(size, data_dir)
        return (lambda: path), (lambda p: duikou_statistics(duikou.Pairings.read_csv(p)))

    codes = _load(size, data_dir)

    def table():
        return duikou.Pairings.from_codes(codes["recipient"], codes["partner"], codes["recipient_labels"],
                                          codes["partner_labels"],
                                          groups={"region": (codes["region"], codes["region_labels"])})

    def table_with_region():
        pairings = table()
        pairings._group("region")
        return pairings

    frame = synthetic.synthetic_frame(codes)
    columns = [codes["recipient"], codes["partner"], codes["region"]]
    tasks = {
        "bound_bincount": (lambda: codes["partner"], np.bincount),
        "bound_bincounts": (lambda: columns, lambda cs: [np.bincount(c) for c in cs]),
        "bound_read": (lambda: columns, lambda cs: [np.maximum.reduce(c) for c in cs]),
        "duikou_stats": (table, duikou_statistics),
        "duikou_kernels": (lambda: table_with_region()._table, duikou_kernels),
        "duikou_kernels_1thread": (lambda: table_with_region()._table, duikou_kernels),
        "pandas_stats": (lambda: frame, pandas_statistics),
        "duikou_build": (lambda: None, lambda _: table()),
        "duikou_crosstab": (table, lambda p: p.coverage_matrix("region", "partner")),
        "pandas_crosstab": (lambda: frame, lambda f: pd.crosstab(f["region"], f["partner"])),
        "duikou_projection": (table, lambda p: p.projection("partner", via="region")),
        "networkx_projection": (lambda: codes, networkx_projection),
    }
    return tasks[name]


def worker(name: str, size: int, data_dir: str, repeat: int) -> dict:
    setup, run = _task(name, size, data_dir)
    times, peak, tracked = [], None, False
    for r in range(repeat):
        inputs = setup()
        gc.collect()
        if r == 0:
            tracked = _reset_peak()
            before = _status_bytes("VmRSS")
        start = time.perf_counter()
        result = run(inputs)
        times.append(time.perf_counter() - start)
        if r == 0:
            peak = _status_bytes("VmHWM") - before if tracked else None
        del result, inputs
    return {"task": name, "size": size, "seconds": min(times), "peak_bytes": peak}


def measure(name: str, size: int, data_dir: str, repeat: int) -> dict:
    command = [sys.executable, os.path.abspath(__file__), "--worker", name, "--size", str(size),
               "--data-dir", data_dir, "--repeat", str(repeat)]
    env = dict(os.environ, DUIKOU_NUM_THREADS="1") if name.endswith("_1thread") else None
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False, env=env)
    except subprocess.TimeoutExpired:
        return {"task": name, "size": size, "seconds": None, "timeout": TIMEOUT_SECONDS, "peak_bytes": None}
    if done.returncode != 0:
        raise RuntimeError(f"{name} at {size} pairs failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_and_first_statistic(repeat: int = 7) -> dict:
    """Median wall time of `import duikou` + load the 2022 plan + partner_frequency, in fresh processes."""
    code = ("import time; t = time.perf_counter(); import duikou; t1 = time.perf_counter(); "
            "duikou.datasets.load().partner_frequency(); t2 = time.perf_counter(); "
            "import sys; print(t1 - t, t2 - t, 'pandas' in sys.modules)")
    empty, runs = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        empty.append(time.perf_counter() - start)
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
        runs.append((float(out[0]), float(out[1])))
    pandas = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); import pandas; "
                             "print(time.perf_counter() - t)"], check=True, capture_output=True, text=True)
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    return {"import": median([r[0] for r in runs]), "import_and_first": median([r[1] for r in runs]),
            "interpreter": median(empty), "pandas_import": float(pandas.stdout)}


# -- the report ---------------------------------------------------------------------------
def machine() -> dict:
    info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count()}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in lscpu.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "Model name":
                info["cpu"] = value.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    with open("/proc/meminfo") as f:
        info["memory_gb"] = int(f.readline().split()[1]) / 1024 ** 2
    info["kernel"] = platform.release()
    info["load"] = os.getloadavg()[0]
    return info


def versions() -> str:
    import networkx
    import numpy
    import pandas

    import duikou

    return (f"Python {platform.python_version()}, duikou {duikou.__version__}, numpy {numpy.__version__}, "
            f"pandas {pandas.__version__}, networkx {networkx.__version__}")


def _s(x):
    if x is None:
        return "-"
    return f"{x * 1e6:.0f} µs" if x < 1e-3 else f"{x * 1e3:.1f} ms" if x < 1 else f"{x:.2f} s"


def _mb(x):
    return "-" if x is None else f"{x / 1e6:.0f} MB"


def _ratio(slow, fast):
    if slow is None or fast is None or fast <= 0:
        return "-"
    return f"{slow / fast:.1f}x"


def report(results: dict, csv_files: dict, sizes: list, start: dict, end_load: float, startup: dict,
           has_projection: bool) -> str:
    lines = []
    lines.append(f"Machine: {start['cpu']}, {start['cores']} cores, {start['memory_gb']:.0f} GB, Linux {start['kernel']}; "
                 f"load average {start['load']:.1f} at the start, {end_load:.1f} at the end.")
    lines.append(f"Software: {versions()}.")
    lines.append("")
    lines.append("| pairs | what | duikou | other | other / duikou | duikou / bincount(partner) | "
                 "duikou / bincount(each column) | duikou / read once | duikou peak | other peak | input | "
                 "duikou peak / input |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        r = {k: v for (k, size), v in results.items() if size == n}
        csv_bytes = os.path.getsize(csv_files[n]) if n in csv_files else None
        t = lambda key: r[key]["seconds"] if key in r else None  # noqa: E731
        p = lambda key: r[key]["peak_bytes"] if key in r else None  # noqa: E731
        columns_bytes = 12 * n
        bound, bounds, read = t("bound_bincount"), t("bound_bincounts"), t("bound_read")

        def row(what, mine, other, input_bytes, against_bound=True):
            m, o = t(mine), t(other) if other else None
            timeout = r.get(other, {}).get("timeout") if other else None
            other_text = f"> {timeout} s" if timeout else _s(o)
            ratio = f"> {timeout / m:.0f}x" if timeout and m else _ratio(o, m)
            multiples = [_ratio(m, b) if against_bound else "-" for b in (bound, bounds, read)]
            lines.append(f"| {n:.0e} | {what} | {_s(m)} | {other_text} | {ratio} | {' | '.join(multiples)} | "
                         f"{_mb(p(mine))} | {_mb(p(other)) if other else '-'} | {_mb(input_bytes)} | "
                         f"{_ratio(p(mine), input_bytes)} |")

        lines.append(f"| {n:.0e} | lower bounds: numpy.bincount(partner); bincount of each column; read the "
                     f"3 columns once | {_s(bound)}; {_s(bounds)}; {_s(read)} | | | | | | | | | {_mb(columns_bytes)} | |")
        row("kernels: frequency + coverage + concentration (ids)", "duikou_kernels", "pandas_stats", columns_bytes)
        row("the same kernels, one thread (DUIKOU_NUM_THREADS=1)", "duikou_kernels_1thread", "pandas_stats",
            columns_bytes)
        row("methods: partner_frequency + region_coverage + concentration", "duikou_stats", "pandas_stats",
            columns_bytes)
        row("coverage matrix vs pandas.crosstab", "duikou_crosstab", "pandas_crosstab", columns_bytes)
        if has_projection:
            if "networkx_projection" in r:
                row("projection partner x partner (shared regions) vs networkx", "duikou_projection",
                    "networkx_projection", columns_bytes, against_bound=False)
            else:
                row("projection partner x partner (shared regions); networkx not run at this size",
                    "duikou_projection", None, columns_bytes, against_bound=False)
        row("build: Pairings.from_codes (validation included)", "duikou_build", None, columns_bytes,
            against_bound=False)
        row("CSV on disk: read + the same statistics", "duikou_csv", "pandas_csv", csv_bytes, against_bound=False)
    lines.append("")
    if not has_projection:
        lines.append("Pairings.projection does not exist in this build: the projection was not compared.")
    lines.append(f"import duikou: {_s(startup['import'])}; import + load the 2022 plan + partner_frequency: "
                 f"{_s(startup['import_and_first'])} (median of 7 fresh processes; the interpreter itself starts in "
                 f"{_s(startup['interpreter'])}, and `import pandas` alone takes {_s(startup['pandas_import'])}).")
    lines.append("")
    lines.append("'other' is pandas (statistics, crosstab, CSV) or networkx (projection); 'peak' is the growth of the "
                 "resident set during the call, beyond its inputs; 'input' is the three int32 code columns "
                 "(the CSV file for the CSV row), and the last column the target of at most 2x (at 1e4 pairs "
                 "fixed costs of a few MB dominate).")
    return "\n".join(lines)


def kernel_table(path: str) -> str:
    """The Google Benchmark results (JSON) of benchmarks/bench_*.cpp as a table: time per call at each
    size, and its multiple of the plain counting pass over the partner codes (BM_BincountPartner)."""
    with open(path) as f:
        runs = json.load(f)["benchmarks"]
    unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    times, rates, sizes = {}, {}, []
    for run in runs:
        if run.get("run_type", "iteration") != "iteration":
            continue
        name, size = run["name"].split("/")[:2]
        size = int(size)
        sizes.append(size) if size not in sizes else None
        times[name, size] = run["real_time"] * unit[run["time_unit"]]
        if "bytes_per_second" in run:
            rates[name, size] = f"{run['bytes_per_second'] / 1e6:.0f} MB/s"
    names = list(dict.fromkeys(name for name, _ in times))
    lines = ["| kernel | " + " | ".join(f"{n:.0e} pairs" for n in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    for name in names:
        cells = []
        for n in sizes:
            t, bound = times.get((name, n)), times.get(("BM_BincountPartner", n))
            cell = _s(t)
            if t is not None and bound and name != "BM_BincountPartner":
                cell += f" ({t / bound:.1f}x)"
            if (name, n) in rates:
                cell += f", {rates[name, n]}"
            cells.append(cell)
        lines.append(f"| {name[3:]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", DEFAULT_SIZES),
                        help="comma-separated pair counts (default: $BENCH_SIZES or %(default)s)")
    parser.add_argument("--data-dir", default=os.path.join(HERE, "..", "build", "bench", "data"))
    parser.add_argument("--update", metavar="FILE", help="also write the table into FILE between the markers")
    parser.add_argument("--kernels", metavar="JSON", help="Google Benchmark results (duikou_bench "
                        "--benchmark_out=JSON) to report as well")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    data_dir = os.path.abspath(args.data_dir)

    if args.worker:
        print(json.dumps(worker(args.worker, args.size, data_dir, args.repeat)))
        return 0

    import synthetic

    import duikou

    os.makedirs(data_dir, exist_ok=True)
    sizes = [int(float(s)) for s in args.sizes.split(",") if s.strip()]
    has_projection = hasattr(duikou.Pairings, "projection")
    start = machine()
    print(f"duikou vs pandas and networkx; sizes {', '.join(f'{n:.0e}' for n in sizes)}", flush=True)
    results, csv_files = {}, {}
    for n in sizes:
        _load(n, data_dir)  # writes the codes once, before any process times them
        path = _csv_path(n, data_dir)
        if not os.path.exists(path):
            print(f"  writing {path}", flush=True)
            synthetic.write_csv(_load(n, data_dir), path + ".part")
            os.replace(path + ".part", path)
        csv_files[n] = path
        repeat = 5 if n <= 100_000 else 3 if n <= 1_000_000 else 2
        tasks = ["bound_bincount", "bound_bincounts", "bound_read", "duikou_kernels", "duikou_kernels_1thread",
                 "duikou_stats", "pandas_stats",
                 "duikou_crosstab", "pandas_crosstab", "duikou_build", "duikou_csv", "pandas_csv"]
        if has_projection:
            tasks.append("duikou_projection")
            if n <= NETWORKX_MAX_PAIRS:
                tasks.append("networkx_projection")
        for name in tasks:
            slow = name.startswith(("pandas", "networkx")) and n > 1_000_000
            r = measure(name, n, data_dir, 1 if slow or name == "networkx_projection" else repeat)
            results[(name, n)] = r
            shown = f"> {r['timeout']} s" if r.get("timeout") else _s(r["seconds"])
            print(f"  {n:.0e} {name:20s} {shown:>10s}  peak {_mb(r['peak_bytes'])}", flush=True)
    startup = import_and_first_statistic()
    text = report(results, csv_files, sizes, start, os.getloadavg()[0], startup, has_projection)
    if args.kernels:
        text += ("\n\nThe C++ kernels alone (Google Benchmark, benchmarks/bench_*.cpp; wall time per call, in "
                 "parentheses its multiple of one counting pass over the partner codes, BincountPartner):\n\n"
                 + kernel_table(args.kernels))
    print()
    print(text)
    if args.update:
        command = "make bench" if args.sizes == DEFAULT_SIZES else f"BENCH_SIZES={args.sizes} make bench"
        import results_section
        results_section.update_file(args.update, BEGIN, END, text, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
