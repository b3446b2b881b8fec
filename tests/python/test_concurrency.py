"""Statistics called from 8 threads at once give what serial calls give.

The bindings release the GIL around C++ loops, the PairTable builds its row
index lazily (std::call_once) and Pairings interns group columns lazily on
first use, so threads really do overlap here: on one shared table, where the
first calls race to intern the same columns, and on separate tables.
"""

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from duikou import Pairings

THREADS = 8


def synthetic_frame(seed: int, rows: int = 4000) -> pd.DataFrame:
    """Unique (recipient, partner) pairs with group columns of both sides; some region values missing."""
    rng = np.random.default_rng(seed)
    recipients = [f"受援{k}市" for k in range(400)]
    partners = [f"支援{k}市" for k in range(60)]
    regions = [f"片区{k}" for k in range(12)]
    pairs = {(int(r), int(p)) for r, p in zip(rng.integers(0, 400, rows), rng.zipf(1.6, rows) % 60)}
    pairs = sorted(pairs, key=lambda rp: rng.random())
    region = [regions[r % 12] if r % 17 else None for r, _ in pairs]
    return pd.DataFrame({
        "recipient": [recipients[r] for r, _ in pairs],
        "partner": [partners[p] for _, p in pairs],
        "region": pd.Series(region, dtype=object),
        "program": [("东西部协作", "对口支援", "对口合作")[(r + p) % 3] for r, p in pairs],
        "partner_region": [regions[p % 12] for _, p in pairs],  # shares labels with region
    })


# Each call reaches the C++ core; the ones taking a group column intern it on first use.
CALLS = {
    "partner_frequency": lambda p: p.partner_frequency(),
    "recipient_frequency": lambda p: p.recipient_frequency(by="program"),
    "region_coverage": lambda p: p.region_coverage(),
    "region_coverage_by_program": lambda p: p.region_coverage(by="program"),
    "partner_reach": lambda p: p.partner_reach(),
    "coverage_matrix": lambda p: p.coverage_matrix("region", "partner"),
    "coverage_matrix_groups": lambda p: p.coverage_matrix("program", "region"),
    "concentration": lambda p: p.concentration().to_dict(),
    "concentration_region": lambda p: p.concentration("region", k=3).to_dict(),
    "recipients": lambda p: p.recipients,
    "problems": lambda p: p.problems,
    "components": lambda p: p.components(),
    "projection": lambda p: p.projection("partner", via="region"),
    "nodf": lambda p: p.nodf().to_dict(),
    "group_frequency": lambda p: p.group_frequency("program"),
    "rollup": lambda p: p.rollup("region", "partner_region"),
    "same_group_pairs": lambda p: p.same_group_pairs("region", "partner_region"),
    "same_group_share": lambda p: p.same_group_share("region", "partner_region"),
}


def assert_same(a, b):
    """Frames compared exactly; dicts and lists element by element, NaN equal to NaN."""
    assert type(a) is type(b)
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            assert_same(a[key], b[key])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b)
    else:
        assert a == b


def serial_results(frame):
    fresh = Pairings(frame)
    return {name: call(fresh) for name, call in CALLS.items()}


@pytest.fixture(autouse=True)
def frequent_thread_switches():
    """Switch threads every microsecond (default 5 ms) so that Python-level races show up."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def run_in_threads(work):
    """Run work(thread_index) in THREADS threads released together; return their results in order."""
    start = threading.Barrier(THREADS)

    def task(index):
        start.wait()
        return work(index)

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(task, range(THREADS)))


def test_synthetic_table_has_what_the_calls_need():
    frame = synthetic_frame(1)
    assert len(frame) > 1500 and frame["region"].isna().any()
    assert frame.duplicated(["recipient", "partner"]).sum() == 0
    serial = serial_results(frame)
    assert 0 < serial["same_group_share"] < 1
    # the serial baseline against plain pandas
    counts = frame["partner"].value_counts()
    assert serial["partner_frequency"]["pairs"].tolist() == sorted(counts.tolist(), reverse=True)


@pytest.mark.parametrize("repeat", range(3))
def test_shared_table_from_8_threads(repeat):
    """One fresh table shared by every thread: they race to intern 'region' and 'program'."""
    frame = synthetic_frame(10 + repeat)
    expected = serial_results(frame)
    shared = Pairings(frame)
    names = list(CALLS)

    def work(index):
        order = names[index % len(names):] + names[:index % len(names)]  # each thread starts elsewhere
        return {name: CALLS[name](shared) for name in order}

    for results in run_in_threads(work):
        for name in names:
            assert_same(results[name], expected[name])
    assert sorted(shared._table.group_names) == ["partner_region", "program", "region"]


def test_separate_tables_from_8_threads():
    frames = [synthetic_frame(100 + k) for k in range(THREADS)]
    expected = [serial_results(f) for f in frames]

    def work(index):
        table = Pairings(frames[index])
        return {name: call(table) for name, call in CALLS.items()}

    for results, wanted in zip(run_in_threads(work), expected):
        for name in CALLS:
            assert_same(results[name], wanted[name])


def test_interning_one_column_from_8_threads():
    """Every thread asks for the same new group column at the same moment: it is interned once."""
    for seed in range(20):
        shared = Pairings(synthetic_frame(seed, rows=500))
        results = run_in_threads(lambda index: shared.region_coverage(by="program"))
        for r in results[1:]:
            pd.testing.assert_frame_equal(r, results[0])
        # program interned once; region was interned on construction, when its names were cleaned
        assert shared._table.group_names == ["region", "program"]
        pd.testing.assert_frame_equal(results[0], Pairings(shared.to_frame()).region_coverage(by="program"))


# Null models sample in C++ worker threads of their own; draw i depends only on (seed, i).
NULL_MODELS = {
    "curveball": lambda p, seed: p.test("reach", n=300, seed=seed, exact=False, threads=2),
    "fixed_recipients": lambda p, seed: p.test("max_frequency", method="fixed_recipients", n=300, seed=seed,
                                               exact=False),
}


@pytest.mark.parametrize("model", list(NULL_MODELS))
def test_null_models_from_8_threads(model):
    """Each thread runs its own seed on one shared table: every run equals the serial run of that seed."""
    frame = synthetic_frame(7)
    run = NULL_MODELS[model]
    serial = [run(Pairings(frame), seed) for seed in range(THREADS)]
    shared = Pairings(frame)
    for seed, result in enumerate(run_in_threads(lambda index: run(shared, index))):
        np.testing.assert_array_equal(result.null, serial[seed].null)
        assert (result.observed, result.p_value, result.seed) == (serial[seed].observed, serial[seed].p_value, seed)
    assert len({tuple(r.null) for r in serial}) == THREADS  # the seeds do give different draws
