"""Null models at scale: exact only when cheap, several statistics per run, mixing diagnostics, executors."""

import concurrent.futures
import math
import multiprocessing
import time
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import duikou
from duikou import significance
from duikou.significance import Diagnostics, MixingWarning, NullModelResults

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def resolved():
    return duikou.datasets.load().resolve()


def synthetic(n_pairs=10_000, n_recipients=2500, n_partners=300, n_regions=40, seed=0):
    """A random table of about n_pairs distinct pairs with regions and provinces."""
    rng = np.random.default_rng(seed)
    rec = rng.integers(0, n_recipients, size=n_pairs)
    par = np.minimum(rng.integers(0, n_partners, size=n_pairs), rng.integers(0, n_partners, size=n_pairs))
    frame = pd.DataFrame({"recipient": [f"r{i}" for i in rec], "partner": [f"p{i}" for i in par]}).drop_duplicates()
    frame["region"] = frame["recipient"].map(lambda r: f"g{int(r[1:]) % n_regions}")
    frame["recipient_province"] = frame["recipient"].map(lambda r: f"v{int(r[1:]) % 12}")
    frame["partner_province"] = frame["partner"].map(lambda p: f"v{int(p[1:]) % 12}")
    return duikou.Pairings(frame.reset_index(drop=True))


def blocks(n_regions=8, recipients_per_region=25, partners_per_region=6, degree=3, seed=0):
    """A strongly structured table: each region's recipients pair only with that region's partners."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(n_regions):
        for r in range(recipients_per_region):
            for p in rng.choice(partners_per_region, size=degree, replace=False):
                rows.append((f"r{g}_{r}", f"p{g}_{p}", f"g{g}"))
    return duikou.Pairings(pd.DataFrame(rows, columns=["recipient", "partner", "region"]))


# -- exact only when cheap ------------------------------------------------------------------------
def test_default_call_on_1e4_pairs_returns_quickly_and_says_why_it_sampled():
    table = synthetic()
    start = time.perf_counter()
    r = table.test("reach", n=20, seed=1, progress=False)
    elapsed = time.perf_counter() - start
    assert not r.exact and r.n == 20
    assert "checked before enumerating" in r.note and "sampled instead" in r.note
    assert elapsed < 1.5, elapsed


def test_the_2022_plan_stays_exact_and_the_note_says_so(resolved, exact_budget):
    for statistic in ("reach", "same_group"):
        r = resolved.test(statistic, n=10, seed=1, progress=False, exact_budget=exact_budget)
        assert r.exact, r.note
        assert r.note.startswith("exact: enumerated")
    # A budget of zero seconds stops the enumeration: sampled, and the note gives the reason.
    r = resolved.test("reach", n=10, seed=1, exact_budget=0, progress=False)
    assert not r.exact and "time budget" in r.note
    with pytest.raises(ValueError, match="exact_budget"):
        resolved.test("reach", n=10, exact_budget=-1)


# -- several statistics in one run ------------------------------------------------------------------
def test_several_statistics_equal_separate_runs(resolved):
    names = ["reach", "same_group", "mean_distance", "co_serving"]
    both = resolved.test(names, n=300, seed=5, exact=False, progress=False)
    assert isinstance(both, NullModelResults) and len(both) == 4
    for name in names:
        alone = resolved.test(name, n=300, seed=5, exact=False, progress=False)
        np.testing.assert_array_equal(both[name].null, alone.null)
        assert both[name].p_value == alone.p_value and both[name].observed == alone.observed
    summary = both.summary
    assert list(summary.columns) == ["statistic", "observed", "null_mean", "null_sd", "z", "p_value", "p_holm",
                                     "exact"]
    # Holm by hand: sort, multiply by k, k-1, ..., keep the running maximum, cap at 1.
    p = summary["p_value"].to_numpy()
    order = np.argsort(p)
    expected = np.minimum(1, np.maximum.accumulate(p[order] * (len(p) - np.arange(len(p)))))
    np.testing.assert_allclose(summary["p_holm"].to_numpy()[order], expected)
    assert "NullModelResults" in repr(both) and "<table" in both._repr_html_()
    # Exact where possible, per statistic, in the same call.
    mixed = resolved.test(["same_group", "co_serving"], n=50, seed=1, progress=False)
    assert mixed["same_group"].exact and not mixed["co_serving"].exact


def test_a_python_statistic_rides_along_on_the_same_tables(resolved):
    def share(p):
        return p.same_group_share("recipient_province", "partner_province")

    both = resolved.test(["same_group", share], n=40, seed=3, exact=False, progress=False)
    np.testing.assert_allclose(both["share"].null, both["same_group"].null)


def test_holm_by_hand():
    np.testing.assert_allclose(significance.holm([0.01, 0.04, 0.03, np.nan]), [0.03, 0.06, 0.06, np.nan])


# -- mixing diagnostics -------------------------------------------------------------------------------
def reference_ess(chains):
    """Bulk ESS written directly from Vehtari et al. (2021), eqs. 3-4 and 10, with plain loops."""
    from statistics import NormalDist

    chains = np.asarray(chains, dtype=float)
    half = chains.shape[1] // 2
    split = np.vstack([chains[:, :half], chains[:, chains.shape[1] - half:]])
    flat = split.ravel()
    ranks = pd.Series(flat).rank(method="average").to_numpy()
    z = np.array([NormalDist().inv_cdf((r - 0.375) / (len(flat) + 0.25)) for r in ranks]).reshape(split.shape)
    m, n = z.shape
    means = z.mean(axis=1)
    w = np.mean([np.sum((c - c.mean()) ** 2) / (n - 1) for c in z])
    b = n * np.sum((means - means.mean()) ** 2) / (m - 1)
    var_plus = (n - 1) / n * w + b / n

    def rho(t):
        acov = [np.sum((c[: n - t] - c.mean()) * (c[t:] - c.mean())) / n for c in z]
        return 1 - (w - np.mean(acov)) / var_plus

    total, previous, t = 0.0, None, 0
    while t + 1 < n:
        pair = (1.0 if t == 0 else rho(t)) + rho(t + 1)
        if pair <= 0:
            break
        pair = pair if previous is None else min(pair, previous)
        total += pair
        previous = pair
        t += 2
    return m * n / max(-1 + 2 * total, 1 / math.log10(m * n))


def reference_rhat(chains):
    """Split R-hat of rank-normal scores, bulk only (Vehtari et al. 2021, eq. 4), with pandas ranks."""
    from statistics import NormalDist

    chains = np.asarray(chains, dtype=float)
    half = chains.shape[1] // 2
    split = np.vstack([chains[:, :half], chains[:, chains.shape[1] - half:]])
    ranks = pd.Series(split.ravel()).rank().to_numpy()
    z = np.array([NormalDist().inv_cdf((r - 0.375) / (split.size + 0.25)) for r in ranks]).reshape(split.shape)
    n = z.shape[1]
    w = z.var(axis=1, ddof=1).mean()
    b = n * z.mean(axis=1).var(ddof=1)
    return math.sqrt(((n - 1) / n * w + b / n) / w)


def ar1(chains, length, phi, seed):
    rng = np.random.default_rng(seed)
    x = np.empty((chains, length))
    x[:, 0] = rng.normal(size=chains) / math.sqrt(1 - phi ** 2)
    for t in range(1, length):
        x[:, t] = phi * x[:, t - 1] + rng.normal(size=chains)
    return x


def test_ess_and_rhat_match_a_plain_reference_and_known_values():
    for seed, phi in ((1, 0.0), (2, 0.5), (3, 0.9)):
        x = ar1(4, 600, phi, seed)
        assert significance.effective_sample_size(x) == pytest.approx(reference_ess(x), rel=1e-9)
        assert significance.r_hat(x) >= reference_rhat(x) - 1e-12  # max of bulk and folded
        # AR(1): integrated autocorrelation time (1 + phi) / (1 - phi).
        assert significance.effective_sample_size(x) == pytest.approx(2400 * (1 - phi) / (1 + phi), rel=0.25)
        assert significance.r_hat(x) < 1.01 or phi == 0.9
    # Ties (a discrete statistic) are ranked on average; constant draws give NaN, not a warning.
    ties = np.random.default_rng(4).integers(0, 3, size=(4, 300)).astype(float)
    assert significance.effective_sample_size(ties) == pytest.approx(reference_ess(ties), rel=1e-9)
    assert math.isnan(significance.effective_sample_size(np.ones((4, 100))))
    # Chains stuck at different levels: R-hat far above 1.
    shifted = ar1(4, 300, 0.3, 5) + np.arange(4)[:, None]
    assert significance.r_hat(shifted) > 1.5 and reference_rhat(shifted) > 1.5


def test_thin_1_on_a_structured_table_fails_the_check_and_a_long_run_passes():
    table = blocks()
    with pytest.warns(MixingWarning, match=r"thin=4 \(now 1\)"):
        short = table.test("reach", n=1000, seed=1, exact=False, burn_in=0, thin=1, progress=False)
    d = short.diagnostics
    assert isinstance(d, Diagnostics) and d.judged and not d.ok
    assert d.ess < 100 and d.chains == 4 and d.draws_per_chain == 250
    with warnings.catch_warnings():
        warnings.simplefilter("error", MixingWarning)
        long = table.test("reach", n=1000, seed=1, exact=False, progress=False)
    assert long.diagnostics.ok and long.diagnostics.r_hat < 1.01 and long.diagnostics.ess >= 100
    assert long.diagnostics.autocorrelation == pytest.approx(long.autocorrelation)
    assert "R-hat" in repr(long)
    # The trace: one line per chain plus the observed value.
    import matplotlib.pyplot as plt

    ax = short.plot(kind="trace")
    assert len(ax.get_lines()) == 4 + 1 and "R-hat" in ax.get_title()
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="kind"):
        short.plot(kind="pie")


def test_diagnostics_do_not_depend_on_threads():
    table = synthetic(2000, 500, 60)
    one = table.test(["reach", "same_group"], n=600, seed=9, exact=False, threads=1, progress=False)
    two = table.test(["reach", "same_group"], n=600, seed=9, exact=False, threads=2, progress=False)
    pd.testing.assert_frame_equal(one.diagnostics, two.diagnostics)
    pd.testing.assert_frame_equal(one.summary, two.summary)


def test_the_null_chart_is_plot_null_distribution(resolved):
    import matplotlib.pyplot as plt

    exact = resolved.test("same_group", n=50, seed=1, progress=False)
    ax = exact.plot(labels="en")
    assert ax.get_ylabel() == "probability" and len(ax.patches) == len(exact.distribution)
    plt.close(ax.figure)
    sampled = resolved.test("reach", n=200, seed=1, exact=False, progress=False)
    ax = sampled.plot(labels="zh")
    assert ax.get_ylabel() == "频数" and f"p = {sampled.p_value:.3g}" in ax.get_title()
    plt.close(ax.figure)


# -- the renamed keyword -----------------------------------------------------------------------------
def test_method_is_the_keyword_and_null_is_a_deprecated_alias(resolved):
    import inspect

    keywords = inspect.signature(duikou.Pairings.test).parameters
    for name in ("method", "n", "alternative", "seed", "exact", "threads", "executor", "thin"):
        assert name in keywords
    new = resolved.test("max_frequency", "fixed_recipients", n=20, seed=2, exact=False)
    with pytest.warns(FutureWarning, match="method="):
        old = resolved.test("max_frequency", null="fixed_recipients", n=20, seed=2, exact=False)
    np.testing.assert_array_equal(new.null, old.null)
    assert old.method == "fixed_recipients"


# -- executors ------------------------------------------------------------------------------------
def test_executors_give_the_local_result():
    table = synthetic(3000, 700, 80)
    names = ["reach", "same_group", "co_serving"]
    local = table.test(names, n=260, seed=11, exact=False, chain_length=50, progress=False)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        threaded = table.test(names, n=260, seed=11, exact=False, chain_length=50, executor=pool, progress=False)
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
        processes = table.test(names, n=260, seed=11, exact=False, chain_length=50, executor=pool, progress=False)
        fixed = table.test("max_frequency", "fixed_recipients", n=300, seed=2, exact=False, executor=pool,
                           progress=False)
    for name in names:
        np.testing.assert_array_equal(threaded[name].null, local[name].null)
        np.testing.assert_array_equal(processes[name].null, local[name].null)
    np.testing.assert_array_equal(
        fixed.null, table.test("max_frequency", "fixed_recipients", n=300, seed=2, exact=False).null)
    with pytest.raises(TypeError, match="executor"):
        table.test("reach", n=10, exact=False, executor=object())
    with pytest.raises(ValueError, match="built-in"):
        table.test(len, n=10, executor=concurrent.futures.ThreadPoolExecutor(1))


def test_an_executor_run_reports_progress_and_stops_on_interrupt(monkeypatch):
    from duikou.significance import models

    table = synthetic(2000, 500, 60)
    seen = []
    original = models._distributed_sample

    class Bar:
        def update_to(self, done):
            seen.append(done)
            if len(seen) == 2:
                raise KeyboardInterrupt  # what Ctrl-C raises in the waiting thread

    monkeypatch.setattr(models, "_distributed_sample",
                        lambda executor, payload, n, seed, length, bar: original(executor, payload, n, seed, length,
                                                                                 Bar()))
    pool = concurrent.futures.ThreadPoolExecutor(1)
    with pytest.raises(KeyboardInterrupt):
        table.test("reach", n=2000, seed=1, exact=False, chain_length=20, executor=pool, progress=False)
    start = time.perf_counter()
    pool.shutdown(wait=True)  # the chains not yet started were withdrawn
    assert time.perf_counter() - start < 5
    assert seen[:2] == [20, 40]


class CancellingExecutor(concurrent.futures.ThreadPoolExecutor):
    """Runs tasks on threads, but hands back an already cancelled future for the first ``cancel`` submissions."""

    def __init__(self, cancel):
        super().__init__(2)
        self.cancel_left = cancel
        self.submitted = 0

    def submit(self, *args, **kwargs):
        self.submitted += 1
        if self.cancel_left > 0:
            self.cancel_left -= 1
            cancelled = concurrent.futures.Future()
            cancelled.cancel()
            cancelled.set_running_or_notify_cancel()  # what an executor's worker does with a cancelled task
            return cancelled
        return super().submit(*args, **kwargs)


def test_a_chain_the_executor_cancels_is_sent_again():
    table = synthetic(2000, 500, 60)
    options = dict(n=300, seed=4, exact=False, chain_length=20, progress=False)
    local = table.test(["reach", "same_group"], **options)
    with CancellingExecutor(cancel=3) as pool:
        again = table.test(["reach", "same_group"], executor=pool, **options)
    assert pool.submitted == 300 // 20 + 3  # each cancelled chain sent once more
    for name in ("reach", "same_group"):
        np.testing.assert_array_equal(again[name].null, local[name].null)


def test_an_executor_that_keeps_cancelling_gives_up_with_a_clear_error():
    from duikou.significance import executors

    table = synthetic(2000, 500, 60)
    with CancellingExecutor(cancel=10**6) as pool, pytest.raises(RuntimeError, match="cancelled this run's tasks"):
        table.test("reach", n=100, seed=4, exact=False, chain_length=20, executor=pool, progress=False)
    # Each of the 5 chains went out with the first payload and with each of the payloads shipped anew.
    assert pool.submitted == (1 + executors._MAX_RESHIPMENTS) * 100 // 20
