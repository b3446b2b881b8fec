"""Curveball null model: duikou against R's vegan and a numpy reference, per draw with its statistic.

Each implementation runs a curveball chain on the same binary table with the
same number of trades: a burn-in of 20 T trades, then a draw every T trades
(T = recipients that can trade; duikou's defaults), and computes the
same-group share (pairs whose recipient group equals the partner group, / N)
on every draw. Timed per draw, statistic included, on the 2022 plan (20
pairs, provinces from the gazetteer) and on a synthetic table of about 1e4
pairs, in one run. Each implementation runs --repeat times (default 3),
interleaved, and its fastest run counts, so that other load on the machine
distorts the ratios less. Prints the ratio of each implementation's time per
draw to duikou's; the mean statistic of each run must agree (same null model).

- duikou: Pairings.test("same_group", exact=False), 2 threads and 1 thread,
  Python overhead included; its chains restart (with a burn-in) every 250
  draws, so it makes more trades than the others.
- vegan: simulate(nullmodel(m, "curveball"), nsim, burnin, thin) in batches,
  then sum(x * S) / N per draw in R (S: same-group indicator matrix); the
  chain continues across batches.
- numpy: a dense-matrix curveball written plainly with numpy (one trade =
  boolean row operations and a permutation of the pooled columns).

Then, at scale (no R needed): a default `test("reach", n=20)` on tables of
1e4 and 1e6 pairs (exact enumeration is refused by its O(pairs) bound, then
20 draws), and 1000 curveball draws of the reach statistic at 1e6 pairs
(200,000 recipients, T trades between draws, T = recipients that can trade)
on two threads.

The vegan comparison needs R with vegan, which `make bench-null` installs
when missing (tools/bench-packages.txt through tools/install-deps.sh); run
directly without them, that part is skipped with a message (status 0 if the
scale part ran). Not part of `make test`; run with `make bench-null`
(`--scale-only` or `--vegan-only` for one part).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import duikou

R_SCRIPT = r"""
suppressMessages(library(vegan))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; nsim <- as.integer(args[2]); burnin <- as.integer(args[3]); thin <- as.integer(args[4])
batch <- as.integer(args[5])
m <- as.matrix(read.csv(file.path(dir, "matrix.csv"), header = FALSE))
dimnames(m) <- NULL
rg <- scan(file.path(dir, "recipient_group.txt"), quiet = TRUE)
pg <- scan(file.path(dir, "partner_group.txt"), quiet = TRUE)
S <- outer(rg, pg, "==") * 1
N <- sum(m)
set.seed(1)
start <- proc.time()[["elapsed"]]
nm <- nullmodel(m, "curveball")
values <- numeric(0)
done <- 0
while (done < nsim) {
  k <- min(batch, nsim - done)
  sims <- simulate(nm, nsim = k, burnin = if (done == 0) burnin else 0, thin = thin)
  values <- c(values, apply(sims, 3, function(x) sum(x * S)) / N)
  done <- done + k
}
elapsed <- proc.time()[["elapsed"]] - start
cat(sprintf("%.6f %.10f %s\n", elapsed, mean(values), as.character(packageVersion("vegan"))))
"""


def synthetic_table(n_pairs: int = 10_000, n_recipients: int = 2500, n_partners: int = 300, seed: int = 1):
    """About n_pairs distinct pairs; low partner ids are more popular; 12 groups on each side."""
    rng = np.random.default_rng(seed)
    rec = rng.integers(0, n_recipients, size=n_pairs)
    par = np.minimum(rng.integers(0, n_partners, size=n_pairs), rng.integers(0, n_partners, size=n_pairs))
    frame = pd.DataFrame({"recipient": [f"r{i}" for i in rec], "partner": [f"p{i}" for i in par]})
    frame = frame.drop_duplicates().reset_index(drop=True)
    frame["recipient_province"] = [f"g{int(r[1:]) % 12}" for r in frame["recipient"]]
    frame["partner_province"] = [f"g{int(p[1:]) % 12}" for p in frame["partner"]]
    return duikou.Pairings(frame)


def scale_table(n_pairs: int, n_recipients: int, n_partners: int, n_regions: int, seed: int = 1):
    """Exactly n_pairs distinct pairs, n_pairs / n_recipients per recipient, skewed partner popularity,
    built from integer codes (no Python string per row)."""
    rng = np.random.default_rng(seed)
    degree = n_pairs // n_recipients
    recipients = np.repeat(np.arange(n_recipients, dtype=np.int32), degree)

    def skewed(size):  # the smaller of two uniform ids: low ids are more popular
        return np.minimum(rng.integers(0, n_partners, size), rng.integers(0, n_partners, size)).astype(np.int32)

    partners = skewed(n_pairs)
    while True:  # redraw repeated (recipient, partner) pairs until all are distinct
        order = np.lexsort((partners, recipients))
        repeated = order[1:][(recipients[order[1:]] == recipients[order[:-1]])
                             & (partners[order[1:]] == partners[order[:-1]])]
        if len(repeated) == 0:
            break
        partners[repeated] = skewed(len(repeated))
    regions = (np.arange(n_recipients) % n_regions).astype(np.int32)[recipients]
    return duikou.Pairings.from_codes(
        recipients, partners, [f"r{i}" for i in range(n_recipients)], [f"p{i}" for i in range(n_partners)],
        groups={"region": (regions, [f"g{i}" for i in range(n_regions)])})


def cpu_seconds() -> float:
    """CPU time of this process, all threads (waiting for a core on a shared machine does not count)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_scale(quick: bool) -> None:
    print("\nAt scale (reach by region; default test exact=\"auto\"):")
    sizes = [("1e4 pairs", 10_000, 2_000, 300, 40), ("1e6 pairs", 1_000_000, 200_000, 3_000, 300)]
    for label, n_pairs, n_rec, n_par, n_reg in sizes:
        start = time.perf_counter()
        table = scale_table(n_pairs, n_rec, n_par, n_reg)
        built = time.perf_counter() - start
        start, cpu = time.perf_counter(), cpu_seconds()
        r = table.test("reach", n=20, seed=1, progress=False)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        print(f"  default test('reach', n=20), {label} ({n_rec} recipients): {seconds:.2f} s ({cpu:.2f} s CPU) "
              f"(table built in {built:.1f} s; exact: {r.exact}; {r.note.split(';')[0]})")
    draws = 100 if quick else 1000
    model = table.null_model("curveball")
    start, cpu = time.perf_counter(), cpu_seconds()
    r = model.test("reach", n=draws, seed=1, exact=False, threads=2, progress=False)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    p = r.parameters
    print(f"  {draws} curveball draws, 1e6 pairs, thin T = {p['thin']} trades, burn-in {p['burn_in']} per chain of "
          f"{p['chain_length']}, 2 threads: {seconds:.2f} s ({cpu:.1f} s CPU, {seconds / draws * 1e3:.1f} ms/draw); "
          f"{r.diagnostics.summary()}")


def dense(pairings):
    """Incidence matrix (recipients x partners, first-appearance order) and group codes per row/column."""
    frame = pairings.to_frame()
    recipients, partners = pairings.recipients, pairings.partners
    r_index = {r: i for i, r in enumerate(recipients)}
    p_index = {p: j for j, p in enumerate(partners)}
    m = np.zeros((len(recipients), len(partners)), dtype=np.int8)
    m[frame["recipient"].map(r_index).to_numpy(), frame["partner"].map(p_index).to_numpy()] = 1
    groups = pd.factorize(pd.concat([frame["recipient_province"], frame["partner_province"]]))[1]
    code = {g: k for k, g in enumerate(groups)}
    rg = frame.drop_duplicates("recipient").set_index("recipient")["recipient_province"].map(code)
    pg = frame.drop_duplicates("partner").set_index("partner")["partner_province"].map(code)
    return m, rg.loc[recipients].to_numpy(), pg.loc[partners].to_numpy()


def numpy_curveball(m, rg, pg, nsim, burn_in, thin, seed=1):
    """Plain numpy curveball: returns (seconds, mean same-group share)."""
    rng = np.random.default_rng(seed)
    m = m.astype(bool)
    same = rg[:, None] == pg[None, :]
    n_pairs = m.sum()
    start = time.perf_counter()
    rows = m.shape[0]

    def trade():
        i, j = rng.choice(rows, size=2, replace=False)
        only_i = m[i] & ~m[j]
        only_j = m[j] & ~m[i]
        pool = np.flatnonzero(only_i | only_j)
        k = int(only_i.sum())
        if k == 0 or k == len(pool):
            return
        shuffled = rng.permutation(pool)
        m[i, pool] = False
        m[j, pool] = False
        m[i, shuffled[:k]] = True
        m[j, shuffled[k:]] = True

    for _ in range(burn_in):
        trade()
    values = np.empty(nsim)
    for d in range(nsim):
        for _ in range(thin):
            trade()
        values[d] = (m & same).sum() / n_pairs
    return time.perf_counter() - start, float(values.mean())


def run_vegan(m, rg, pg, nsim, burn_in, thin, batch):
    with tempfile.TemporaryDirectory(prefix="duikou-vegan-") as tmp:
        np.savetxt(Path(tmp) / "matrix.csv", m, fmt="%d", delimiter=",")
        np.savetxt(Path(tmp) / "recipient_group.txt", rg, fmt="%d")
        np.savetxt(Path(tmp) / "partner_group.txt", pg, fmt="%d")
        script = Path(tmp) / "curveball.R"
        script.write_text(R_SCRIPT, encoding="utf-8")
        out = subprocess.run(["Rscript", str(script), tmp, str(nsim), str(burn_in), str(thin), str(batch)],
                             check=True, capture_output=True, text=True)
    seconds, mean, version = out.stdout.split()
    return float(seconds), float(mean), version


def run_duikou(pairings, nsim, threads):
    start = time.perf_counter()
    r = pairings.test("same_group", n=nsim, seed=1, exact=False, threads=threads, progress=False)
    return time.perf_counter() - start, float(r.null.mean()), r.parameters


def check_r() -> str | None:
    if shutil.which("Rscript") is None:
        return "Rscript not found: run `bash tools/install-deps.sh tools/bench-packages.txt` (R and vegan)"
    probe = subprocess.run(["Rscript", "-e", "suppressMessages(library(vegan))"], capture_output=True, text=True)
    if probe.returncode != 0:
        return "R package vegan not found: run `bash tools/install-deps.sh tools/bench-packages.txt`"
    return None


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer draws (a smoke run, noisier)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each implementation, interleaved; the fastest counts (default 3)")
    parser.add_argument("--scale-only", action="store_true", help="only the large-table timings")
    parser.add_argument("--vegan-only", action="store_true", help="only the comparison with vegan")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}; load average at start {os.getloadavg()[0]:.2f}")
    if not args.vegan_only:
        run_scale(args.quick)
        if args.scale_only:
            return 0
    problem = check_r()
    if problem:
        print(f"nullmodel_vs_vegan: {problem}; the comparison with vegan is skipped", file=sys.stderr)
        return 0 if not args.vegan_only else 2

    scale = 0.1 if args.quick else 1.0
    tables = [
        ("2022 plan (20 pairs)", duikou.datasets.load().resolve(),
         dict(duikou=200_000, vegan=20_000, numpy=2_000, batch=5_000)),
        ("synthetic (1e4 pairs)", synthetic_table(),
         dict(duikou=5_000, vegan=100, numpy=10, batch=25)),
    ]
    print(f"duikou {duikou.__version__}, numpy {np.__version__}, python {platform.python_version()}")
    rows = []
    for name, pairings, draws in tables:
        draws = {k: max(1, int(v * scale)) if k != "batch" else v for k, v in draws.items()}
        model = pairings.null_model("curveball")
        burn_in, thin = model.parameters["burn_in"], model.parameters["thin"]
        m, rg, pg = dense(pairings)
        results = {}

        def keep(label, n, seconds, mean):
            # The fastest of the repeats: other load on the machine only ever adds time.
            best = results.get(label)
            results[label] = (n, seconds if best is None else min(best[1], seconds), mean if best is None else best[2])

        for _ in range(max(1, args.repeat)):
            for threads in (2, 1):
                seconds, mean, _ = run_duikou(pairings, draws["duikou"], threads)
                keep(f"duikou, {threads} thread{'s' if threads > 1 else ''}", draws["duikou"], seconds, mean)
            seconds, mean, version = run_vegan(m, rg, pg, draws["vegan"], burn_in, thin, draws["batch"])
            keep(f"vegan {version}", draws["vegan"], seconds, mean)
            seconds, mean = numpy_curveball(m, rg, pg, draws["numpy"], burn_in, thin)
            keep("numpy reference", draws["numpy"], seconds, mean)
        base = results["duikou, 2 threads"][1] / results["duikou, 2 threads"][0]
        print(f"\n{name}: {m.shape[0]} recipients x {m.shape[1]} partners, {int(m.sum())} pairs; "
              f"burn-in {burn_in} trades, {thin} trades per draw; fastest of {max(1, args.repeat)} runs")
        print(f"  {'implementation':<20} {'draws':>8} {'seconds':>9} {'ms/draw':>10} {'x duikou':>9} {'mean share':>11}")
        for label, (n, seconds, mean) in results.items():
            per = seconds / n
            print(f"  {label:<20} {n:>8} {seconds:>9.3f} {per * 1e3:>10.4f} {per / base:>9.1f} {mean:>11.5f}")
            rows.append((name, label, n, seconds, per, per / base))
        vegan_ratio = next(row[5] for row in rows if row[0] == name and row[1].startswith("vegan"))
        print(f"  -> duikou (2 threads) is {vegan_ratio:.0f}x faster than vegan per draw with statistic")
    print(f"\nload average at end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
