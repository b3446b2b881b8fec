"""Programs and versions: burden across programs, concat, diff (duikou.versions)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duikou
from duikou import Pairings

EAST_WEST = [  # a second program for the tests (not a quotation of any list)
    {"recipient": "百色市", "partner": "深圳市", "program": "东西部协作", "start": 2021},
    {"recipient": "毕节市", "partner": "广州市", "program": "东西部协作", "start": 2021},
    {"recipient": "黔南州", "partner": "广州市", "program": "东西部协作", "start": 2021},
]


@pytest.fixture()
def two_programs(plan):
    other = Pairings.from_records(EAST_WEST, metadata={"title": "test program"})
    # 百色-深圳 is in both programs, which is not a duplicate pair (the program tells them apart).
    return duikou.concat([plan, other])


# -- plain references ---------------------------------------------------------------------------
def burden_reference(frame: pd.DataFrame, side: str, by: str) -> pd.DataFrame:
    counts = pd.crosstab(frame[side], frame[by])
    counts = counts[list(dict.fromkeys(frame[by]))]  # programs in order of first appearance
    counts["total"] = counts.sum(axis=1)
    counts["programs"] = (counts[list(dict.fromkeys(frame[by]))] > 0).sum(axis=1)
    first = {name: i for i, name in enumerate(dict.fromkeys(frame[side]))}
    counts = counts.loc[sorted(counts.index, key=lambda n: (-counts.loc[n, "total"], first[n]))]
    counts.columns.name = None
    return counts.rename_axis(side).reset_index()


def diff_reference(old: pd.DataFrame, new: pd.DataFrame, key: list) -> dict:
    """Row numbers of each change, matching as duikou.diff documents it."""
    def slots(frame):
        out = {}
        for row, values in enumerate(frame[key].itertuples(index=False)):
            out.setdefault(tuple(values), []).append(row)
        return out

    old_slots, new_slots = slots(old), slots(new)
    kept, moved, dropped, added = [], [], [], []
    for k in list(old_slots) + [k for k in new_slots if k not in old_slots]:
        old_rows, new_rows = list(old_slots.get(k, [])), list(new_slots.get(k, []))
        for n in list(new_rows):  # the k-th old occurrence of a partner matches its k-th new one
            same = [o for o in old_rows if old["partner"].iloc[o] == new["partner"].iloc[n]]
            if same:
                kept.append((same[0], n))
                old_rows.remove(same[0])
                new_rows.remove(n)
        moved += list(zip(old_rows, new_rows))
        dropped += old_rows[len(new_rows):]
        added += new_rows[len(old_rows):]
    return {"kept": sorted(kept, key=lambda p: p[1]), "reassigned": sorted(moved), "dropped": sorted(dropped),
            "added": sorted(added)}


# -- burden and concat ------------------------------------------------------------------------------
def test_burden_2022(plan):
    b = plan.burden()
    assert list(b.columns) == ["partner", "革命老区重点城市对口合作", "total", "programs"]
    assert b["partner"].head(4).tolist() == ["深圳市", "广州市", "上海市", "宁波市"]
    assert b["total"].tolist() == plan.partner_frequency()["pairs"].tolist()
    assert (b["programs"] == 1).all()


def test_burden_across_two_programs(two_programs):
    b = two_programs.burden().set_index("partner")
    assert b.loc["深圳市"].tolist() == [3, 1, 4, 2]
    assert b.loc["广州市"].tolist() == [2, 2, 4, 2]
    assert b.loc["上海市"].tolist() == [2, 0, 2, 1]
    assert b.index[:2].tolist() == ["深圳市", "广州市"]  # 4 pairs each; 深圳 appears first
    r = two_programs.burden("recipient").set_index("recipient")
    assert r.loc["百色市", ["total", "programs"]].tolist() == [2, 2]
    assert r.loc["毕节市", "革命老区重点城市对口合作"] == 0
    by_start = two_programs.burden(by="start").set_index("partner")
    assert by_start.loc["深圳市", 2022] == 3 and by_start.loc["深圳市", 2021] == 1


def test_burden_arguments(plan):
    with pytest.raises(ValueError, match="side"):
        plan.burden("region")
    with pytest.raises(KeyError, match="programme"):
        plan.burden(by="programme")
    clash = Pairings(pd.DataFrame({"recipient": ["a"], "partner": ["x"], "program": ["total"]}))
    with pytest.raises(ValueError, match="total"):
        clash.burden()


def test_concat(plan, two_programs):
    assert len(two_programs) == 23
    assert two_programs.columns == plan.columns  # the second table's columns are all in the first
    frame = two_programs.to_frame()
    assert frame["program"].tolist()[-3:] == ["东西部协作"] * 3
    assert frame["region"].iloc[20:].isna().all()
    assert frame["start"].tolist()[-1] == 2021 and str(frame["start"].dtype) == "int64"
    assert two_programs.metadata["sources"][1] == {"title": "test program"}
    assert two_programs.metadata["sources"][0]["document"] == "发改振兴〔2022〕766号"
    assert two_programs.problems.empty
    # Within one program the same pair is a duplicate, and so is a pair repeated by a table without
    # a program column (its rows get no program, a value of their own).
    repeated = Pairings.from_records(EAST_WEST[:1] + EAST_WEST, on_invalid="keep")
    assert repeated.problems[["row", "problem", "first_row"]].values.tolist() == [[1, "duplicate", 0]]
    single = Pairings.from_records([{"recipient": "百色市", "partner": "深圳市"}])
    with pytest.raises(duikou.InputError, match=r"row 22: repeats row 21"):
        duikou.concat([plan, single, single])
    extra = Pairings(pd.DataFrame({"partner": ["x"], "recipient": ["a"], "note": ["n"]}))
    assert duikou.concat([extra, plan]).columns[:3] == ["partner", "recipient", "note"]
    with pytest.raises(TypeError, match="item 1"):
        duikou.concat([plan, plan.to_frame()])
    with pytest.raises(ValueError, match="at least one"):
        duikou.concat([])


# -- diff -------------------------------------------------------------------------------------------
@pytest.fixture()
def revised(plan):
    frame = plan.to_frame()
    frame.loc[0, "partner"] = "广州市"   # 赣州: 深圳 -> 广州
    frame.loc[1, "partner"] = "佛山市"   # 吉安: 东莞 -> 佛山
    frame = frame.drop(index=19)          # 丽水 - 宁波 dropped
    frame.loc[20] = frame.loc[2].copy()
    frame.loc[20, ["recipient", "partner"]] = ["新余市", "深圳市"]
    return Pairings(frame.reset_index(drop=True))


def test_diff_2022(plan, revised):
    d = duikou.diff(plan, revised)
    assert d.counts == {"kept": 17, "added": 1, "dropped": 1, "reassigned": 2}
    assert d.reassigned.to_dict("list") == {"recipient": ["赣州市", "吉安市"], "old_partner": ["深圳市", "东莞市"],
                                            "new_partner": ["广州市", "佛山市"]}
    assert d.added[["recipient", "partner"]].values.tolist() == [["新余市", "深圳市"]]
    assert d.dropped[["recipient", "partner", "region"]].values.tolist() == [["丽水市", "宁波市", "浙西南革命老区"]]
    assert d.kept.columns.tolist() == plan.columns and d.kept["recipient"].iloc[0] == "龙岩市"
    assert d.summary() == "17 kept, 1 added, 1 dropped, 2 reassigned: 赣州市 深圳市 -> 广州市; 吉安市 东莞市 -> 佛山市"
    assert str(d) == "\n".join([
        "Diff by recipient: 17 kept, 1 added, 1 dropped, 2 reassigned",
        "  reassigned:",
        "    赣州市 深圳市 -> 广州市",
        "    吉安市 东莞市 -> 佛山市",
        "  added:",
        "    新余市 - 深圳市",
        "  dropped:",
        "    丽水市 - 宁波市",
    ])
    assert repr(d).startswith("Diff(17 kept")
    html = d._repr_html_()
    assert "<td>17</td>" in html and "赣州市 深圳市 -&gt; 广州市" in html
    same = duikou.diff(plan, plan)
    assert same.counts == {"kept": 20, "added": 0, "dropped": 0, "reassigned": 0}
    assert same.summary() == "20 kept, 0 added, 0 dropped, 0 reassigned"


def test_diff_recipient_with_several_partners():
    old = Pairings(pd.DataFrame({"recipient": ["a", "a", "a", "b"], "partner": ["x", "y", "z", "x"]}))
    new = Pairings(pd.DataFrame({"recipient": ["a", "a", "c"], "partner": ["w", "z", "x"]}))
    d = duikou.diff(old, new)
    # a: z kept; x -> w (first old and new partners left); y dropped. b dropped, c added.
    assert d.kept[["recipient", "partner"]].values.tolist() == [["a", "z"]]
    assert d.reassigned.values.tolist() == [["a", "x", "w"]]
    assert d.dropped["partner"].tolist() == ["y", "x"] and d.dropped["recipient"].tolist() == ["a", "b"]
    assert d.added[["recipient", "partner"]].values.tolist() == [["c", "x"]]


def test_diff_by_recipient_and_program(two_programs, plan):
    moved = two_programs.to_frame()
    moved.loc[20, "partner"] = "珠海市"  # 百色 in 东西部协作: 深圳 -> 珠海
    d = duikou.diff(two_programs, Pairings(moved), key=("recipient", "program"))
    assert d.reassigned.columns.tolist() == ["recipient", "program", "old_partner", "new_partner"]
    assert d.reassigned.values.tolist() == [["百色市", "东西部协作", "深圳市", "珠海市"]]
    assert d.counts["kept"] == 22
    assert "百色市 / 东西部协作 深圳市 -> 珠海市" in d.summary()
    by_region = duikou.diff(plan, two_programs, key="region")  # the new program's rows have no region
    assert by_region.counts == {"kept": 20, "added": 3, "dropped": 0, "reassigned": 0}


def test_diff_arguments(plan):
    with pytest.raises(ValueError, match="partner"):
        duikou.diff(plan, plan, key=("recipient", "partner"))
    with pytest.raises(ValueError, match="at least one"):
        duikou.diff(plan, plan, key=())
    with pytest.raises(KeyError, match="province"):
        duikou.diff(plan, plan, key="province")
    with pytest.raises(TypeError, match="new"):
        duikou.diff(plan, plan.to_frame())
    with pytest.raises(ValueError, match="ids must be >= 0"):
        duikou._core.diff(np.array([-1]), np.array([0]), np.array([0]), np.array([0]))


# -- against plain pandas on random tables -----------------------------------------------------------
ROWS = st.tuples(st.sampled_from(["a", "b", "c", "d", "赣州市"]), st.sampled_from(["x", "y", "z", "深圳市"]),
                 st.sampled_from(["p1", "p2"]))


@st.composite
def versions(draw):
    old = draw(st.lists(ROWS, min_size=1, max_size=15))
    new = draw(st.lists(ROWS, min_size=1, max_size=15))
    columns = ["recipient", "partner", "program"]
    return pd.DataFrame(old, columns=columns), pd.DataFrame(new, columns=columns)


@settings(max_examples=150, deadline=None)
@given(versions(), st.sampled_from([["recipient"], ["recipient", "program"], ["program"]]))
def test_diff_matches_reference(frames, key):
    old, new = frames
    d = duikou.diff(Pairings(old, on_invalid="keep"), Pairings(new, on_invalid="keep"), key=key)
    expected = diff_reference(old, new, key)
    kept = expected["kept"]
    assert d.kept.values.tolist() == new.iloc[[n for _, n in kept]].values.tolist()
    assert d.added.values.tolist() == new.iloc[expected["added"]].values.tolist()
    assert d.dropped.values.tolist() == old.iloc[expected["dropped"]].values.tolist()
    moved = expected["reassigned"]
    assert d.reassigned[key].values.tolist() == old.iloc[[o for o, _ in moved]][key].values.tolist()
    assert d.reassigned["old_partner"].tolist() == [old["partner"].iloc[o] for o, _ in moved]
    assert d.reassigned["new_partner"].tolist() == [new["partner"].iloc[n] for _, n in moved]
    # Every row is accounted for exactly once.
    c = d.counts
    assert c["kept"] + c["reassigned"] + c["dropped"] == len(old)
    assert c["kept"] + c["reassigned"] + c["added"] == len(new)


@settings(max_examples=150, deadline=None)
@given(versions(), st.sampled_from(["partner", "recipient"]))
def test_burden_and_concat_match_pandas(frames, side):
    old, new = frames
    both = duikou.concat([Pairings(old, on_invalid="keep"), Pairings(new, on_invalid="keep")], on_invalid="keep")
    frame = pd.concat([old, new], ignore_index=True)
    pd.testing.assert_frame_equal(both.to_frame(), frame)
    got = both.burden(side)
    pd.testing.assert_frame_equal(got, burden_reference(frame, side, "program"), check_dtype=False)
