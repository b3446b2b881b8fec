"""Null models and significance tests (duikou.significance)."""

import itertools
import math
import os
import signal
import subprocess
import sys
import time

import matplotlib
import numpy as np
import pandas as pd
import pytest

import duikou
from duikou import _core, significance
from duikou.significance import ExactFallbackWarning, NullModelResult, exact_p_value, p_value

matplotlib.use("Agg")

# -- plain pandas/numpy references, written from the definitions -------------------------------
EARTH_RADIUS_KM = 6371.0088


def ref_max_frequency(frame):
    return frame["partner"].value_counts().max()


def ref_hhi(frame):
    s = frame["partner"].value_counts() / len(frame)
    return float((s ** 2).sum())


def ref_gini(frame):
    x = frame["partner"].value_counts().to_numpy(dtype=float)
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean()))


def ref_same_group(frame, rcol="recipient_province", pcol="partner_province"):
    known = frame[rcol].notna() & frame[pcol].notna()
    return float((frame.loc[known, rcol] == frame.loc[known, pcol]).sum() / known.sum())


def ref_mean_distance(frame):
    lon1, lat1, lon2, lat2 = (np.radians(frame[c].to_numpy(dtype=float)) for c in
                              ("recipient_lon", "recipient_lat", "partner_lon", "partner_lat"))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return float((2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))).mean())


def ref_reach(frame, by="region"):
    return int(frame.groupby("partner")[by].nunique(dropna=False).sum())


def ref_co_serving(frame, by="region"):
    regions = frame.groupby("partner")[by].agg(lambda s: set(s))
    return sum(1 for a, b in itertools.combinations(regions.index, 2) if regions[a] & regions[b])


REFERENCES = {"max_frequency": ref_max_frequency, "hhi": ref_hhi, "gini": ref_gini, "same_group": ref_same_group,
              "mean_distance": ref_mean_distance, "reach": ref_reach, "co_serving": ref_co_serving}


# -- data ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def resolved():
    """The 2022 plan with provinces and seats (Pairings.resolve)."""
    return duikou.datasets.load().resolve()


def small():
    """Hand-checkable: r0-x, r0-y, r1-x, r2-y, r2-z, r3-z with regions, provinces and seats."""
    return duikou.Pairings(pd.DataFrame({
        "recipient": ["r0", "r0", "r1", "r2", "r2", "r3"],
        "partner": ["x", "y", "x", "y", "z", "z"],
        "region": ["A", "A", "B", "A", "A", "C"],
        "recipient_province": ["P", "P", "P", "Q", "Q", None],
        "partner_province": ["P", "Q", "P", "Q", "R", "R"],
        "recipient_lon": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        "recipient_lat": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        "partner_lon": [1.0, 2.0, 1.0, 2.0, 0.0, 0.0],
        "partner_lat": [0.0, 0.0, 0.0, 0.0, 90.0, 90.0],
    }))


def synthetic(n_pairs=10_000, n_recipients=2500, n_partners=300, seed=0):
    """A random table of about n_pairs distinct pairs with regions and provinces."""
    rng = np.random.default_rng(seed)
    rec = rng.integers(0, n_recipients, size=n_pairs)
    par = np.minimum(rng.integers(0, n_partners, size=n_pairs), rng.integers(0, n_partners, size=n_pairs))
    frame = pd.DataFrame({"recipient": [f"r{i}" for i in rec], "partner": [f"p{i}" for i in par]}).drop_duplicates()
    frame["region"] = frame["recipient"].map(lambda r: f"g{int(r[1:]) % 40}")
    frame["recipient_province"] = frame["recipient"].map(lambda r: f"v{int(r[1:]) % 12}")
    frame["partner_province"] = frame["partner"].map(lambda p: f"v{int(p[1:]) % 12}")
    return duikou.Pairings(frame.reset_index(drop=True))


# -- statistics: hand-checked and against the references ----------------------------------------
def observed(p, statistic, **kwargs):
    return p.test(statistic, n=1, seed=0, exact=False, **kwargs).observed


def test_statistics_by_hand():
    p = small()
    assert observed(p, "max_frequency") == 2
    assert observed(p, "hhi") == pytest.approx(3 / 9)
    assert observed(p, "gini") == 0
    # r3's province is unknown: its pair leaves the denominator; r0-x, r1-x, r2-y are same.
    assert observed(p, "same_group") == pytest.approx(3 / 5)
    # x serves A, B; y serves A; z serves A, C: reach 5. Pairs x-y, x-z, y-z all share A.
    assert observed(p, "reach") == 5
    assert observed(p, "co_serving") == 3
    km_per_degree = EARTH_RADIUS_KM * math.pi / 180
    assert observed(p, "mean_distance") == pytest.approx((1 + 2 + 1 + 2 + 90 + 90) * km_per_degree / 6)


@pytest.mark.parametrize("statistic", list(REFERENCES))
def test_statistics_match_references(resolved, statistic):
    frame = resolved.to_frame()
    # mean_distance rounds each distance to 2^-20 km (about 1 mm) so that its sums are exact integers.
    tolerance = dict(abs=1e-6) if statistic == "mean_distance" else dict(rel=1e-12)
    assert observed(resolved, statistic) == pytest.approx(REFERENCES[statistic](frame), **tolerance)
    big = synthetic(3000, 800, 120, seed=3)
    if statistic != "mean_distance":
        assert observed(big, statistic) == pytest.approx(REFERENCES[statistic](big.to_frame()), rel=1e-12)


def test_statistics_agree_with_the_descriptive_methods(resolved):
    assert observed(resolved, "same_group") == pytest.approx(resolved.same_group_share())
    assert observed(resolved, "reach") == resolved.partner_reach()["regions"].sum()
    assert observed(resolved, "max_frequency") == resolved.partner_frequency()["pairs"].max()
    c = resolved.concentration()
    assert observed(resolved, "hhi") == pytest.approx(c.hhi)
    assert observed(resolved, "gini") == pytest.approx(c.gini)
    assert observed(resolved, "mean_distance") == pytest.approx(resolved.distances()["distance_km"].mean())


@pytest.mark.parametrize("method", ["curveball", "fixed_recipients"])
@pytest.mark.parametrize("statistic", list(REFERENCES))
def test_null_values_are_the_statistic_of_the_null_tables(resolved, method, statistic):
    """Draw i of test() is the table sample() yields i-th: recompute its statistic with pandas."""
    model = resolved.null_model(method)
    result = model.test(statistic, n=12, seed=7, exact=False)
    tables = list(model.sample(12, seed=7))
    expected = [REFERENCES[statistic](t.to_frame()) for t in tables]
    # mean_distance rounds each distance to 2^-20 km (about 1 mm) so that its sums are exact integers.
    np.testing.assert_allclose(result.null, expected, rtol=1e-12, atol=1e-6 if statistic == "mean_distance" else 0)


def test_a_python_callable_gives_the_same_draws_as_the_builtin(resolved):
    def share(p):
        return p.same_group_share()

    fast = resolved.test("same_group", n=40, seed=3, exact=False)
    slow = resolved.test(share, n=40, seed=3)
    np.testing.assert_allclose(slow.null, fast.null, rtol=1e-12)
    assert slow.statistic == "share" and not slow.exact and slow.p_value == fast.p_value
    assert "no exact mode" in slow.note
    with pytest.raises(TypeError, match="must return a number"):
        resolved.test(lambda p: "many", n=2, seed=1)


# -- p-values --------------------------------------------------------------------------------
def test_p_value_formula_by_hand():
    null = np.array([1.0, 2.0, 3.0, 4.0])
    assert p_value(3.0, null, "greater") == pytest.approx(3 / 5)  # 3 and 4, plus one
    assert p_value(3.0, null, "less") == pytest.approx(4 / 5)
    assert p_value(3.0, null, "two-sided") == 1.0
    assert p_value(5.0, null, "greater") == pytest.approx(1 / 5)
    assert p_value(0.0, null, "two-sided") == pytest.approx(2 / 5)
    # Ties count even when rounding differs in the last digits.
    assert p_value(0.3, np.array([0.1 + 0.2]), "greater") == 1.0
    values, probs = np.array([0.0, 1.0, 2.0]), np.array([0.5, 0.3, 0.2])
    assert exact_p_value(1.0, values, probs, "greater") == pytest.approx(0.5)
    assert exact_p_value(1.0, values, probs, "less") == pytest.approx(0.8)
    assert exact_p_value(2.0, values, probs, "two-sided") == pytest.approx(0.4)
    with pytest.raises(ValueError, match="alternative"):
        p_value(1.0, null, "bigger")


def test_result_fields_and_z(resolved):
    r = resolved.test("reach", n=500, seed=11, exact=False, alternative="less")
    assert r.n == 500 and r.seed == 11 and r.method == "curveball" and r.alternative == "less"
    assert r.p_value == p_value(r.observed, r.null, "less")
    assert r.z == pytest.approx((r.observed - r.null.mean()) / r.null.std(ddof=1))
    assert r.parameters == {"burn_in": 400, "thin": 20, "chain_length": 250, "strata": None, "by": "region"}
    assert -1 <= r.autocorrelation <= 1
    # A seed drawn at random is recorded and reproduces the run.
    again = resolved.test("reach", n=100, exact=False)
    np.testing.assert_array_equal(resolved.test("reach", n=100, seed=again.seed, exact=False).null, again.null)


def test_seeded_values_are_pinned(resolved):
    # The first draws of fixed seeds (as in the C++ suite): a change of
    # generator, sampler or statistic shows here.
    r = resolved.test("reach", n=8, seed=2022, exact=False)
    np.testing.assert_array_equal(r.null, [19, 20, 20, 18, 19, 19, 20, 20])  # pairs drawn ahead (CHANGELOG)
    f = resolved.test("max_frequency", method="fixed_recipients", n=8, seed=2022, exact=False)
    np.testing.assert_array_equal(f.null, [4, 4, 3, 3, 3, 6, 3, 4])


def test_statistics_fixed_by_the_model_are_reported(resolved):
    r = resolved.test("max_frequency", n=50, seed=1)  # curveball keeps partner frequencies
    assert r.exact and r.p_value == 1.0 and math.isnan(r.z)
    assert np.all(r.null == 3) and "does not vary" in r.note
    assert len(r.distribution) == 1
    big = synthetic(3000, 800, 120, seed=3).test("hhi", n=5, seed=1)  # too many tables to count cheaply
    assert big.exact and big.p_value == 1.0 and "tables not counted" in repr(big)


# -- what the null models keep ----------------------------------------------------------------
def frequencies(p, side):
    return p.to_frame()[side].value_counts().sort_index()


def test_curveball_keeps_both_degree_sequences_on_every_draw(resolved):
    big = synthetic(2000, 500, 80, seed=4)
    for table in (resolved, big):
        model = table.null_model("curveball", thin=5, chain_length=20)
        partners = _core.null_tables(model._sampler, 400, 1)
        labels = table._uniques["partner"]
        observed_partner = frequencies(table, "partner")
        recipient_codes = table._table.codes("recipient")
        for row in partners:
            frame = pd.DataFrame({"recipient": recipient_codes, "partner": labels[row]})
            pd.testing.assert_series_equal(frame["partner"].value_counts().sort_index(), observed_partner,
                                           check_names=False)
            assert not frame.duplicated().any()
        assert (partners != table._table.codes("partner")).any(axis=1).mean() > 0.9
    # Recipients keep their rows (hence their degrees) in the Pairings that sample() yields.
    for t in resolved.null_model().sample(5, seed=2):
        pd.testing.assert_series_equal(frequencies(t, "recipient"), frequencies(resolved, "recipient"))
        pd.testing.assert_series_equal(frequencies(t, "partner"), frequencies(resolved, "partner"))


def test_partner_columns_move_with_the_partner(resolved):
    t = next(resolved.null_model().sample(1, seed=3))
    frame = t.to_frame()
    seats = resolved.to_frame().drop_duplicates("partner").set_index("partner")
    for column in ("partner_province", "partner_lon", "partner_name_en"):
        assert list(frame[column]) == list(seats.loc[frame["partner"], column])
    # Recipient-side columns stay with the row.
    assert list(frame["recipient_province"]) == list(resolved.to_frame()["recipient_province"])


def test_fixed_recipients_keeps_recipient_degrees_and_varies_partner_frequencies(resolved):
    model = resolved.null_model("fixed_recipients")
    maxima = []
    for t in model.sample(30, seed=4):
        pd.testing.assert_series_equal(frequencies(t, "recipient"), frequencies(resolved, "recipient"))
        assert not t.to_frame()[["recipient", "partner"]].duplicated().any()
        assert set(t.partners) <= set(resolved.partners)
        maxima.append(frequencies(t, "partner").max())
    assert len(set(maxima)) > 1


def test_stratified_curveball_keeps_the_region_by_partner_matrix(resolved):
    model = resolved.null_model("curveball", strata="region")
    observed_matrix = resolved.coverage_matrix("region", "partner")
    moved = 0
    for t in model.sample(20, seed=5):
        pd.testing.assert_frame_equal(t.coverage_matrix("region", "partner").loc[observed_matrix.index,
                                                                                 observed_matrix.columns],
                                      observed_matrix)
        moved += not t.to_frame()["partner"].equals(resolved.to_frame()["partner"])
    assert moved > 0
    # Under it the regions each partner serves are fixed: reach cannot vary.
    r = resolved.test("reach", strata="region", n=20, seed=1)
    assert r.exact and r.sd == 0


def test_stratified_fixed_recipients_draws_from_the_groups_partners(resolved):
    frame = resolved.to_frame()
    pools = frame.groupby("region")["partner"].agg(set)
    for t in resolved.null_model("fixed_recipients", strata="region").sample(30, seed=6):
        for region, partner in zip(t.to_frame()["region"], t.to_frame()["partner"]):
            assert partner in pools[region]


def test_capacity_weights_the_draws():
    frame = pd.DataFrame({"recipient": [f"r{i}" for i in range(6)], "partner": list("abcabc")})
    p = duikou.Pairings(frame)
    tables = _core.null_tables(p.null_model("fixed_recipients", capacity={"a": 1, "b": 3, "c": 0})._sampler,
                               20000, 9)
    counts = np.bincount(tables.ravel(), minlength=3) / tables.size
    assert counts[2] == 0  # zero capacity: never drawn
    assert counts[1] == pytest.approx(0.75, abs=4 * math.sqrt(0.75 * 0.25 / tables.size))
    with pytest.raises(KeyError, match="lacks 1 partner"):
        p.null_model("fixed_recipients", capacity={"a": 1, "b": 1})
    with pytest.raises(KeyError, match="not partners"):
        p.null_model("fixed_recipients", capacity={"a": 1, "b": 1, "c": 1, "zz": 1})
    with pytest.raises(ValueError, match="capacity applies to fixed_recipients only"):
        p.null_model("curveball", capacity={"a": 1, "b": 1, "c": 1})
    assert not p.test("max_frequency", method="fixed_recipients", capacity={"a": 1, "b": 3, "c": 1},
                      n=10, seed=1).exact


# -- uniformity, exactness, reproducibility ------------------------------------------------------
def chi_square_critical(df, z=3.090232):
    """Upper 0.001 point of chi-square (Wilson-Hilferty)."""
    a = 2 / (9 * df)
    return df * (1 - a + z * math.sqrt(a)) ** 3


def test_curveball_is_uniform_over_the_fixed_margin_tables():
    pairs = [("r0", "a"), ("r0", "b"), ("r1", "a"), ("r1", "c"), ("r1", "d"), ("r2", "b"), ("r3", "c"),
             ("r3", "d"), ("r4", "a")]
    p = duikou.Pairings(pd.DataFrame(pairs, columns=["recipient", "partner"]))
    frame = p.to_frame()
    partners = sorted(set(frame["partner"]))
    degrees = frame.groupby("recipient", sort=False).size()
    columns = frame["partner"].value_counts()
    # Every table with these margins: one subset of partners per recipient, column sums checked.
    states = []
    for choice in itertools.product(*(itertools.combinations(partners, d) for d in degrees)):
        counts = pd.Series([q for subset in choice for q in subset]).value_counts()
        if counts.sort_index().equals(columns.sort_index()):
            states.append(tuple(frozenset(s) for s in choice))
    assert len(states) >= 20
    index = {s: k for k, s in enumerate(states)}
    model = p.null_model("curveball", chain_length=1, burn_in=50)  # independent draws
    n = 300 * len(states)
    tables = _core.null_tables(model._sampler, n, 12)
    labels = p._uniques["partner"]
    rows_of = [np.flatnonzero(p._table.codes("recipient") == k) for k in range(len(degrees))]
    counts = np.zeros(len(states))
    for row in tables:
        counts[index[tuple(frozenset(labels[row[r]]) for r in rows_of)]] += 1
    expected = n / len(states)
    chi2 = ((counts - expected) ** 2 / expected).sum()
    assert chi2 < chi_square_critical(len(states) - 1), (chi2, len(states))


def batch_standard_error(indicator, chain_length):
    """Monte Carlo standard error of a mean over chained draws (batch means over chains)."""
    chains = indicator[: len(indicator) // chain_length * chain_length].reshape(-1, chain_length).mean(axis=1)
    return chains.std(ddof=1) / math.sqrt(len(chains))


def test_exact_and_sampled_p_values_agree_with_a_million_draws(resolved):
    # Exact p-value against 1e6 curveball draws (about 2 s on 2 cores): every
    # probability of the exact distribution within 4.5 Monte Carlo errors of
    # the share of draws; the draws are chained, so errors come from batch means.
    n = 1_000_000
    r = resolved.test("same_group", n=n, seed=2024, progress=False)
    assert r.exact
    assert r.distribution.attrs["tables"] == pytest.approx(math.factorial(20) / (6 * 8))
    assert r.distribution["probability"].sum() == pytest.approx(1.0)
    for value, probability in zip(r.distribution["value"], r.distribution["probability"]):
        hits = (np.abs(r.null - value) < 1e-9).astype(float)
        se = max(batch_standard_error(hits, r.parameters["chain_length"]), 1 / n)
        assert abs(hits.mean() - probability) < 4.5 * se, (value, hits.mean(), probability, se)
    sampled = p_value(r.observed, r.null, r.alternative)
    se = batch_standard_error((r.null >= r.observed - 1e-9).astype(float), r.parameters["chain_length"])
    assert abs(sampled - r.p_value) < 4.5 * se
    assert r.p_value == pytest.approx(0.0019263845889, rel=1e-9)  # P(same-province share >= 0.2)

    # fixed_recipients: independent draws, binomial errors.
    f = resolved.test("max_frequency", method="fixed_recipients", n=n, seed=7, progress=False)
    assert f.exact
    for value, probability in zip(f.distribution["value"], f.distribution["probability"]):
        share = np.mean(f.null == value)
        assert abs(share - probability) < 4.5 * math.sqrt(max(probability * (1 - probability), 1 / n) / n)


def test_exact_fixed_recipients_by_hand():
    # r0 and r1 each pick one of the partners {a, b}: 4 equally likely tables,
    # max frequency 2 in two of them.
    p = duikou.Pairings(pd.DataFrame({"recipient": ["r0", "r1"], "partner": ["a", "b"]}))
    r = p.test("max_frequency", method="fixed_recipients", n=0)
    assert r.exact and r.n == 0
    assert r.distribution["value"].tolist() == [1.0, 2.0]
    assert r.distribution["probability"].tolist() == [0.5, 0.5]
    assert r.distribution.attrs["tables"] == pytest.approx(4)
    assert r.p_value == 1.0 and r.z == pytest.approx(-1.0)


def test_threads_do_not_change_the_result():
    big = synthetic(5000, 1200, 150, seed=1)
    for statistic, null in [("reach", "curveball"), ("same_group", "curveball"), ("max_frequency", "fixed_recipients")]:
        one = big.test(statistic, method=null, n=600, seed=42, threads=1, exact=False)
        two = big.test(statistic, method=null, n=600, seed=42, threads=2, exact=False)
        np.testing.assert_array_equal(one.null, two.null)
        assert one.p_value == two.p_value
        assert len(np.unique(one.null)) > 3


def test_exact_fallback_is_explicit(resolved, exact_budget):
    r = resolved.test("co_serving", n=50, seed=1)  # exact="auto": no warning, a note
    assert not r.exact and r.distribution is None and "co_serving has no exact mode" in r.note
    with pytest.warns(ExactFallbackWarning, match="co_serving has no exact mode"):
        forced = resolved.test("co_serving", n=50, seed=1, exact=True)
    np.testing.assert_array_equal(forced.null, r.null)
    with pytest.warns(ExactFallbackWarning, match="too large"):
        distance = resolved.test("mean_distance", n=20, seed=1, exact=True, exact_budget=exact_budget)
    assert not distance.exact and "too large" in distance.note
    assert resolved.test("same_group", n=10, seed=1, exact=False).note == "not exact: exact=False"
    with pytest.raises(ValueError, match="at least 1"):
        resolved.test("co_serving", n=0)


# -- display ----------------------------------------------------------------------------------
def test_repr_is_golden(resolved):
    r = resolved.test("same_group", n=999, seed=1)
    assert repr(r) == (
        "NullModelResult: same_group under curveball\n"
        "  observed    0.2\n"
        "  null        mean 0.0525, sd 0.0413625 (exact)\n"
        "  p-value     0.001926 (greater, exact)\n"
        "  z-score     3.56603\n"
        "  null space  5.069e+16 tables; 999 draws also kept\n"
        "  mixing      R-hat 1.00516, ESS 487.989, lag-1 autocorrelation 0.361676 (4 chains of 249)\n"
        "  seed        1\n"
        "  parameters  burn_in=400, thin=20, chain_length=250, groups=('recipient_province', 'partner_province')\n"
        "  note        exact: enumerated, as an O(pairs) bound of 10^2.3 partial states allowed and within the time "
        "budget"
    )
    page = r._repr_html_()
    assert page.startswith("<table>") and "same_group under curveball" in page and "0.001926" in page
    sampled = resolved.test("co_serving", n=99, seed=1)
    assert "(99 draws)" in repr(sampled) and "note" in repr(sampled)


def test_plot_shows_the_null_and_the_observed_value(resolved):
    import matplotlib.pyplot as plt

    for r in (resolved.test("same_group", n=200, seed=1), resolved.test("mean_distance", n=200, seed=1)):
        ax = r.plot()
        assert f"p = {r.p_value:.3g}" in ax.get_title()
        lines = [line for line in ax.get_lines() if list(line.get_xdata()) == [r.observed, r.observed]]
        assert len(lines) == 1
        assert len(ax.patches) > 3
        plt.close(ax.figure)
    fig, ax = plt.subplots()
    assert resolved.test("reach", n=50, seed=1, exact=False).plot(ax=ax) is ax
    plt.close(fig)


class RecordingBar:
    made = []

    def __init__(self, total, delay, desc, unit, leave):
        self.total, self.delay, self.n, self.closed = total, delay, 0, False
        RecordingBar.made.append(self)

    def update(self, k):
        self.n += k

    def close(self):
        self.closed = True


def test_progress_bar_is_fed_from_cpp_and_off_in_scripts(resolved, monkeypatch):
    monkeypatch.setattr(significance.executors, "_tqdm_class", lambda: RecordingBar)
    RecordingBar.made.clear()
    resolved.test("reach", n=3000, seed=1, exact=False, progress=True)
    resolved.test(lambda p: len(p), n=5, seed=1, progress=True)
    assert [(b.total, b.n, b.closed, b.delay) for b in RecordingBar.made] == [(3000, 3000, True, 1.0),
                                                                              (5, 5, True, 1.0)]
    RecordingBar.made.clear()
    resolved.test("reach", n=100, seed=1, exact=False)  # progress=None: stderr is not a terminal here
    assert RecordingBar.made == []

    class Shell:
        pass

    fake = type(sys)("IPython")
    fake.get_ipython = lambda: Shell()
    monkeypatch.setitem(sys.modules, "IPython", fake)
    resolved.test("reach", n=100, seed=1, exact=False)  # in IPython: on
    assert len(RecordingBar.made) == 1


def test_real_tqdm_bar_shows_only_for_runs_over_a_second(resolved, capsys):
    quick = resolved.test("reach", n=200, seed=1, exact=False, progress=True)
    assert quick.n == 200 and capsys.readouterr().err == ""
    # One chain of 40 draws 1.2e6 trades apart: more than a second of work.
    slow = resolved.test("reach", n=40, seed=1, exact=False, progress=True, thin=1_200_000)
    err = capsys.readouterr().err
    assert slow.n == 40 and "reach" in err and "draw" in err


_INTERRUPT_SCRIPT = """
import numpy as np, pandas as pd, duikou
rng = np.random.default_rng(0)
frame = pd.DataFrame({"recipient": [f"r{i}" for i in rng.integers(0, 3000, 10000)],
                      "partner": [f"p{i}" for i in rng.integers(0, 300, 10000)]}).drop_duplicates()
p = duikou.Pairings(frame.reset_index(drop=True))
print("ready", flush=True)
p.test("max_frequency", n=1000, seed=1, thin=10**9, exact=False, progress=False)  # would run for hours
print("finished", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_stops_a_long_run_with_keyboard_interrupt():
    child = subprocess.Popen([sys.executable, "-c", _INTERRUPT_SCRIPT], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(1.0)  # inside the C++ run by now
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
        elapsed = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert "KeyboardInterrupt" in err and "finished" not in out
    assert child.returncode != 0
    # A bound on responsiveness (the poll runs every 0.1 s), not a speed test.
    assert elapsed < 3.0, elapsed


# -- bad input ----------------------------------------------------------------------------------
def test_bad_arguments_and_inputs_raise_clear_errors(resolved):
    with pytest.raises(ValueError, match="unknown statistic 'median'"):
        resolved.test("median")
    with pytest.raises(ValueError, match="method must be one of"):
        resolved.null_model("swap")
    with pytest.raises(ValueError, match="seed must be"):
        resolved.test("reach", seed=-1)
    with pytest.raises(ValueError, match="n must be"):
        resolved.test("reach", n=2.5)
    with pytest.raises(ValueError, match="exact must be"):
        resolved.test("reach", exact="yes")
    with pytest.raises(ValueError, match="threads must be"):
        resolved.test("reach", threads=0)
    with pytest.raises(ValueError, match="thin must be >= 1"):
        resolved.test("reach", thin=0)
    with pytest.raises(ValueError, match="apply to curveball only"):
        resolved.test("reach", method="fixed_recipients", thin=3)
    with pytest.raises(KeyError, match="call .resolve"):
        duikou.datasets.load().test("same_group")
    dup = duikou.Pairings(pd.DataFrame({"recipient": ["a", "b", "a"], "partner": ["x", "x", "x"]}),
                          on_invalid="keep")
    with pytest.raises(duikou.InputError, match="row 3 repeats the pair") as info:
        dup.null_model()
    assert info.value.field == "partner"
    two_regions = duikou.Pairings(pd.DataFrame({"recipient": ["a", "a", "b"], "partner": ["x", "y", "x"],
                                                "region": ["R", "S", "R"]}))
    with pytest.raises(duikou.InputError, match="recipient 'a' has 'S' at row 2 but 'R' at row 1") as info:
        two_regions.null_model(strata="region")
    assert info.value.field == "region"
    with pytest.raises(duikou.InputError, match="one region per recipient"):
        two_regions.test("reach")
    unknown_seat = duikou.Pairings(pd.DataFrame({"recipient": ["某某县", "赣州市"], "partner": ["深圳市", "上海市"]}))
    with pytest.raises(duikou.InputError, match="recipient 某某县 has no valid coordinates"):
        unknown_seat.test("mean_distance", n=5)


def test_null_model_repr_and_parameters(resolved):
    m = resolved.null_model("curveball", burn_in=100, thin=7, chain_length=10)
    assert m.parameters == {"burn_in": 100, "thin": 7, "chain_length": 10, "strata": None}
    assert repr(m).startswith("NullModel(curveball, burn_in=100, thin=7, chain_length=10) of Pairings(20 pairs")
    f = resolved.null_model("fixed_recipients", capacity={p: 1.0 for p in resolved.partners})
    assert f.parameters == {"strata": None, "capacity": "given"}
    assert isinstance(resolved.test("reach", n=3, seed=1), NullModelResult)
