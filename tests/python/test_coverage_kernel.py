"""_core.distinct_counts (the number of distinct values per key, without the
lists) by hand and against plain pandas, on every path the kernel takes: the
bitset, one owner per value, and the general pass when a value (recipient)
has several keys (regions)."""

import numpy as np
import pandas as pd
import pytest

from duikou import Pairings, _core

import reference

BIG = 300_000  # above the row count at which the C++ kernels split their work in two


def table(region, recipient, partner=None, *, n_recipients=None, n_regions=None):
    """A C++ table from codes (-1 = missing); unused labels make the value side as wide as asked."""
    region, recipient = np.asarray(region, dtype=np.int32), np.asarray(recipient, dtype=np.int32)
    partner = np.zeros(len(recipient), dtype=np.int32) if partner is None else np.asarray(partner, dtype=np.int32)
    n_recipients = n_recipients or int(recipient.max(initial=-1)) + 1
    n_regions = n_regions or int(region.max(initial=-1)) + 1
    t = _core.PairTable(recipient, [f"r{i}" for i in range(n_recipients)],
                        partner, [f"p{i}" for i in range(int(partner.max(initial=-1)) + 1)])
    t.add_group("region", region, [f"g{i}" for i in range(n_regions)])
    return t


@pytest.mark.parametrize("n_recipients", [4, 200_004])  # the bitset; the owner pass, then the general one
def test_distinct_counts_by_hand(n_recipients):
    region = [0, 0, 1, 1, 0, -1, 2, 0]
    recipient = [0, 1, 2, 2, 0, 3, -1, 3]
    t = table(region, recipient, n_recipients=n_recipients)
    assert _core.distinct_counts(t, "region", "recipient").tolist() == [3, 1, 0]
    # recipient 2 in regions 0 and 1
    shared = table([1, 0, 0, 1, 0, -1, 2, 0], [2, 1, 2, 2, 0, 3, -1, 3], n_recipients=n_recipients)
    assert _core.distinct_counts(shared, "region", "recipient").tolist() == [4, 1, 0]
    empty = table([], [], n_recipients=n_recipients, n_regions=3)
    assert _core.distinct_counts(empty, "region", "recipient").tolist() == [0, 0, 0]
    with pytest.raises(KeyError):
        _core.distinct_counts(t, "region", "province")


def random_codes(rng, n_regions, n_recipients, shared_share):
    """Each recipient in one region, except a share of rows moved to another region; 1% missing codes."""
    recipient = rng.integers(0, n_recipients, BIG)
    region = rng.integers(0, n_regions, n_recipients)[recipient]
    moved = rng.random(BIG) < shared_share
    region[moved] = (region[moved] + 1) % n_regions
    recipient[rng.random(BIG) < 0.01] = -1
    region[rng.random(BIG) < 0.01] = -1
    return region, recipient


@pytest.mark.parametrize("n_regions,n_recipients,shared_share", [
    (60, 500, 0.1),          # the bitset
    (500, BIG // 5, 0.0),    # one region per recipient: 16-bit owners
    (70_000, BIG // 5, 0.0),  # 32-bit owners
    (500, BIG // 5, 0.001),  # a few recipients in two regions: the general pass
])
def test_distinct_counts_against_pandas(n_regions, n_recipients, shared_share):
    rng = np.random.default_rng(n_regions + n_recipients)
    region, recipient = random_codes(rng, n_regions, n_recipients, shared_share)
    got = _core.distinct_counts(table(region, recipient, n_recipients=n_recipients, n_regions=n_regions),
                                "region", "recipient")
    frame = pd.DataFrame({"region": region, "recipient": recipient})
    frame = frame[(frame["region"] >= 0) & (frame["recipient"] >= 0)]
    expected = frame.groupby("region")["recipient"].nunique().reindex(range(n_regions), fill_value=0)
    assert got.tolist() == expected.tolist()


def test_region_coverage_with_recipients_in_several_regions():
    rng = np.random.default_rng(11)
    region, recipient = random_codes(rng, 40, BIG // 5, 0.002)
    frame = pd.DataFrame({"recipient": [f"县{r}" for r in recipient.clip(0)],
                          "partner": [f"市{p}" for p in rng.zipf(1.6, BIG) % 300],
                          "region": np.array([f"区{g}" for g in range(40)], dtype=object)[region.clip(0)]})
    frame.loc[region < 0, "region"] = np.nan
    frame = frame.drop_duplicates(["recipient", "partner"], ignore_index=True)
    pd.testing.assert_frame_equal(Pairings(frame).region_coverage(), reference.region_coverage(frame))
    f = Pairings(frame).partner_frequency()
    expected = reference.frequency(frame, "partner", "recipient", "region")
    assert f["regions"].tolist() == expected["regions"].tolist()


@pytest.mark.parametrize("n_regions,n_recipients,shared_share,n_partners", [
    (60, 500, 0.0, 300),          # the fused pass
    (500, BIG // 5, 0.001, 300),  # recipients in two regions: the general count of recipients
    (600, BIG // 5, 0.0, 100_000),  # a bitset too large to pay: the separate kernels
])
def test_coverage_against_pandas(n_regions, n_recipients, shared_share, n_partners):
    rng = np.random.default_rng(n_regions + n_partners)
    region, recipient = random_codes(rng, n_regions, n_recipients, shared_share)
    partner = rng.zipf(1.6, BIG) % n_partners
    partner[rng.random(BIG) < 0.01] = -1
    t = table(region, recipient, partner, n_recipients=n_recipients, n_regions=n_regions)
    got = _core.coverage(t, "region", "partner", "recipient")
    frame = pd.DataFrame({"region": region, "recipient": recipient, "partner": partner})
    frame = frame[frame["region"] >= 0]
    groups = range(n_regions)
    by_region = frame.groupby("region")
    assert got["pairs"].tolist() == by_region.size().reindex(groups, fill_value=0).tolist()
    first = frame.index.to_series().groupby(frame["region"]).min()
    assert got["first_row"].tolist() == first.reindex(groups, fill_value=-1).tolist()
    known = frame[frame["recipient"] >= 0]
    recipients = known.groupby("region")["recipient"].nunique().reindex(groups, fill_value=0)
    assert got["recipients"].tolist() == recipients.tolist()
    pairs = frame[frame["partner"] >= 0].drop_duplicates(["region", "partner"])
    lists = pairs.groupby("region")["partner"].agg(list).reindex(groups)
    offsets, ids = got["partner_offsets"], got["partner_ids"]
    assert [ids[offsets[k]:offsets[k + 1]].tolist() for k in groups] == \
        [v if isinstance(v, list) else [] for v in lists]
