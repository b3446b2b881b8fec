"""Names are cleaned on construction (python/duikou/_cleaning.py), each change reported in ``.cleaned``.

Expected figures are counted by hand from the small tables written here; the
Hypothesis properties check the rule itself: idempotent, and never merging two
names that differ in a visible character.
"""

import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duikou
from duikou import Pairings, _cleaning

# The five ways a spreadsheet writes 深圳市 (issue 19), each as a name of its own before cleaning.
SHENZHEN_VARIANTS = ["深圳市", "深圳市 ", "\u3000深圳市", "深圳市\xa0", "深圳市\u200b"]
RECIPIENTS = ["赣州市", "吉安市", "汕尾市", "百色市", "梅州市"]


@pytest.mark.parametrize("written", [
    "深圳市 ", " 深圳市", "\t深圳市\n", "\u3000深圳市", "深圳市\u3000", "深圳市\xa0", "\xa0深圳市", "深圳市\u200b",
    "\u200b深圳市", "深圳市\u200c", "深圳市\u200d", "\ufeff深圳市", "深圳市\u2060", "深圳市\u2003", "深圳市\r\n",
    "深 圳市", "深圳\u3000市", "深圳\u200b市", " \u3000深圳\xa0 市\u200b ", "深圳市\u0085",
])
def test_each_whitespace_variant_becomes_the_name(written):
    assert _cleaning.clean_name(written) == "深圳市"


@pytest.mark.parametrize("written,expected", [
    ("New  York", "New York"), ("New\tYork", "New York"), (" Xi'an ", "Xi'an"), ("e\u0301", "\u00e9"),
    ("赣州市 (江西)", "赣州市 (江西)"),  # ASCII bracket: not CJK, the space stays
    ("赣州市 （江西）", "赣州市（江西）"),  # full-width bracket: CJK
    ("\u304b \u3099", "\u304c"),  # removing the space lets か and the voiced mark compose (NFC)
    ("👩\u200d👩\u200d👧", "👩\u200d👩\u200d👧"),  # inner joiners of an emoji are kept
    ("\u200b", ""), ("  ", ""), ("深圳市", "深圳市"), ("", ""),
])
def test_the_rule_on_other_names(written, expected):
    assert _cleaning.clean_name(written) == expected


def variants_table():
    return pd.DataFrame({"recipient": RECIPIENTS, "partner": SHENZHEN_VARIANTS})


def test_variants_give_one_partner_with_the_right_count():
    p = Pairings(variants_table())
    f = p.partner_frequency()
    assert f[["partner", "pairs"]].values.tolist() == [["深圳市", 5]]
    assert p.partners == ["深圳市"]
    assert p.to_frame()["partner"].tolist() == ["深圳市"] * 5
    # Four names changed, each on one row; the first was clean already.
    assert p.cleaned[["row", "column", "before", "after", "rows"]].values.tolist() == [
        [1, "partner", "深圳市 ", "深圳市", 1], [2, "partner", "\u3000深圳市", "深圳市", 1],
        [3, "partner", "深圳市\xa0", "深圳市", 1], [4, "partner", "深圳市\u200b", "深圳市", 1]]
    assert "4 names cleaned, see .cleaned" in repr(p)


def test_clean_false_keeps_names_as_given():
    p = Pairings(variants_table(), clean=False)
    assert len(p.partner_frequency()) == 5 and p.cleaned.empty
    assert p.to_frame()["partner"].tolist() == SHENZHEN_VARIANTS
    assert "cleaned" not in repr(p)


def test_the_callers_frame_is_not_changed():
    frame = variants_table()
    Pairings(frame)
    assert frame["partner"].tolist() == SHENZHEN_VARIANTS


def test_one_name_cleaned_is_singular():
    p = Pairings(pd.DataFrame({"recipient": ["赣州市", "吉安市"], "partner": ["深圳市 ", "广州市"]}))
    assert "1 name cleaned, see .cleaned" in repr(p)


def test_a_trailing_space_is_a_repeat_in_a_file(tmp_path):
    """'庆阳市 ,天津市' repeats '庆阳市,天津市' once cleaned: reported in .problems with its line."""
    path = tmp_path / "pairs.csv"
    path.write_text("recipient,partner\n庆阳市,天津市\n赣州市,深圳市\n庆阳市 ,天津市\n", encoding="utf-8")
    p = Pairings.read_csv(path, on_invalid="keep")
    assert p.problems[["row", "line", "problem", "first_row"]].values.tolist() == [[2, 4, "duplicate", 0]]
    assert p.cleaned[["row", "line", "column", "before", "after", "rows"]].values.tolist() == [
        [2, 4, "recipient", "庆阳市 ", "庆阳市", 1]]
    with pytest.raises(duikou.InputError, match=r"line 4: repeats line 2"):
        Pairings.read_csv(path)
    assert Pairings.read_csv(path, clean=False).problems.empty  # as written, two different names


def test_a_self_pair_is_found_after_cleaning():
    p = Pairings(pd.DataFrame({"recipient": ["深圳市\u3000"], "partner": ["深圳市"]}), on_invalid="keep")
    assert p.problems["problem"].tolist() == ["self_pair"]


def test_a_name_of_blanks_only_is_an_empty_name():
    p = Pairings(pd.DataFrame({"recipient": ["赣州市", "\u200b"], "partner": ["深圳市", "广州市"]}),
                 on_invalid="keep")
    assert p.problems[["row", "problem", "side"]].values.tolist() == [[1, "empty_name", "recipient"]]


def test_drop_keeps_the_report_of_the_rows_as_given():
    frame = pd.DataFrame({"recipient": ["庆阳市", "庆阳市 ", "赣州市 "], "partner": ["天津市", "天津市", "深圳市"]})
    p = Pairings(frame, on_invalid="drop")
    assert len(p) == 2 and p.recipients == ["庆阳市", "赣州市"]
    assert p.cleaned[["row", "before"]].values.tolist() == [[1, "庆阳市 "], [2, "赣州市 "]]
    assert p.problems[["row", "problem", "dropped"]].values.tolist() == [[1, "duplicate", True]]


def test_region_names_are_cleaned():
    frame = pd.DataFrame({"recipient": ["赣州市", "吉安市", "百色市"], "partner": ["深圳市", "广州市", "深圳市"],
                          "region": ["赣闽粤原中央苏区", "赣闽粤原中央苏区 ", "左右江革命老区"]})
    p = Pairings(frame)
    assert p.region_coverage()["recipients"].tolist() == [2, 1]
    assert p.cleaned["column"].tolist() == ["region"]


def test_group_values_that_are_not_text_are_left_alone():
    frame = pd.DataFrame({"recipient": ["a", "b", "c", "d"], "partner": ["x", "y", "z", "w"],
                          "region": [1, "1 ", None, "1"]})
    p = Pairings(frame)
    assert p.to_frame()["region"].tolist() == [1, "1", None, "1"]
    assert p.region_coverage()["pairs"].tolist() == [1, 2, 1]  # 1 and "1" stay two groups


def test_categorical_columns_stay_categorical_with_merged_categories():
    frame = pd.DataFrame({"recipient": pd.Categorical(RECIPIENTS),
                          "partner": pd.Categorical(SHENZHEN_VARIANTS)})
    p = Pairings(frame)
    out = p.to_frame()["partner"]
    assert isinstance(out.dtype, pd.CategoricalDtype) and list(out.cat.categories) == ["深圳市"]
    assert p.partner_frequency()["pairs"].tolist() == [5]


def test_a_file_read_as_categories_is_cleaned_as_one_read_as_text(tmp_path):
    path = tmp_path / "t.csv"
    Pairings(variants_table(), clean=False).to_csv(path)
    as_text, as_categories = Pairings.read_csv(path), Pairings.read_csv(path, dtype="category")
    assert as_categories.partners == as_text.partners == ["深圳市"]
    assert as_categories.cleaned.equals(as_text.cleaned)
    assert isinstance(as_categories.to_frame()["partner"].dtype, pd.CategoricalDtype)


def test_from_codes_remaps_codes_of_merged_labels():
    p = Pairings.from_codes(np.array([0, 1, 2, 3, 4]), np.array([0, 1, 2, 3, 4]), RECIPIENTS, SHENZHEN_VARIANTS)
    assert p.partner_frequency()[["partner", "pairs"]].values.tolist() == [["深圳市", 5]]
    assert p.cleaned["before"].tolist() == SHENZHEN_VARIANTS[1:]
    kept = Pairings.from_codes(np.array([0, 1]), np.array([0, 1]), RECIPIENTS[:2], SHENZHEN_VARIANTS[:2], clean=False)
    assert kept.partners == SHENZHEN_VARIANTS[:2]


def test_from_codes_labels_that_repeat_as_given_are_still_an_error():
    with pytest.raises(duikou.InputError, match="appears twice"):
        Pairings.from_codes(np.array([0, 1]), np.array([0, 1]), ["a", "a"], ["深圳市 ", "深圳市"])


def test_json_and_records_are_cleaned(tmp_path):
    path = tmp_path / "t.json"
    Pairings(variants_table(), clean=False).to_json(path)
    assert Pairings.read_json(path).partners == ["深圳市"]
    assert Pairings.read_json(path, clean=False).partners == SHENZHEN_VARIANTS
    records = variants_table().to_dict("records")
    assert Pairings.from_records(records).partners == ["深圳市"]
    assert len(Pairings.from_records(records, clean=False).partners) == 5


def test_resolve_keeps_the_report():
    p = Pairings(variants_table()).resolve()
    assert len(p.cleaned) == 4


def test_many_distinct_names_find_the_few_to_clean():
    names = np.array([f"城市{i}" for i in range(200_000)], dtype=object)
    names[[7, 65_537, 199_999]] = ["城市7 ", "\u3000城市65537", "城市199999\u200b"]
    cleaned = _cleaning.clean_names(names)
    assert np.flatnonzero(cleaned.changed).tolist() == [7, 65_537, 199_999]
    assert not cleaned.merged and cleaned.names[65_537] == "城市65537"
    assert _cleaning.clean_names(np.array(["城市1", "城市2"], dtype=object)) is None


# -- properties of the rule ------------------------------------------------------------------------------
BLANKS = [" ", "\t", "\n", "\r", "\u3000", "\xa0", "\u2003", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
pieces = st.one_of(st.sampled_from(BLANKS), st.sampled_from(["深", "圳", "市", "（", "）", "a", "B", "e", "\u0301",
                                                             "\u304b", "\u3099", "😀"]),
                   st.characters(blacklist_categories=("Cs",)))
names = st.lists(pieces, max_size=12).map("".join)


def visible(name: str) -> str:
    """The characters a reader sees, in order: the NFC name without blanks (in NFC again: without the
    blank between them, か and U+3099 are one character, が)."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFC", name)
                                                if not _cleaning.is_blank(c)))


@settings(max_examples=500, deadline=None)
@given(names)
def test_cleaning_is_idempotent(name):
    once = _cleaning.clean_name(name)
    assert _cleaning.clean_name(once) == once


@settings(max_examples=500, deadline=None)
@given(names, names)
def test_cleaning_never_merges_names_that_differ_in_a_visible_character(a, b):
    if _cleaning.clean_name(a) == _cleaning.clean_name(b):
        assert visible(a) == visible(b)


@settings(max_examples=300, deadline=None)
@given(names)
def test_cleaning_keeps_every_visible_character(name):
    assert visible(_cleaning.clean_name(name)) == visible(name)


@settings(max_examples=200, deadline=None)
@given(st.lists(names, max_size=8))
def test_clean_names_agrees_with_the_rule_name_by_name(distinct):
    distinct = list(dict.fromkeys(distinct))
    cleaned = _cleaning.clean_names(np.array(distinct, dtype=object))
    expected = [_cleaning.clean_name(n) for n in distinct]
    if cleaned is None:
        assert expected == distinct
        return
    assert cleaned.names.tolist() == expected
    assert [cleaned.distinct[i] for i in cleaned.ids] == expected
    assert cleaned.distinct == list(dict.fromkeys(expected))


def test_every_blank_but_the_space_is_not_printable():
    # The shortcut of _candidates: printable text without an ASCII space holds no blank character.
    blanks = [chr(c) for c in range(sys.maxunicode + 1) if _cleaning.is_blank(chr(c))]
    assert len(blanks) > 20 and "\u3000" in blanks and "\u200b" in blanks
    assert [c for c in blanks if c.isprintable()] == [" "]
    assert _cleaning._without_blanks(["深圳市", "a-b"]) and not _cleaning._without_blanks(["深圳市", "a\u200bb"])
    assert not _cleaning._without_blanks(["New York"])


def test_names_the_core_sets_aside_are_never_changed():
    # _core.names_to_clean passes over names made only of "settled" characters: check every such
    # character (alone, after a letter, and in a run) against the rule itself.
    from duikou import _core

    one_char = np.array([chr(c) for c in range(0x30000) if not 0xD800 <= c <= 0xDFFF], dtype=object)
    unsettled = set(_core.names_to_clean(one_char).tolist())
    settled = [v for k, v in enumerate(one_char) if k not in unsettled]
    assert "\u3000" not in settled and " " not in settled and "\xa0" not in settled and "\u200b" not in settled
    assert "a" in settled and "深" in settled and "é" in settled and "\u0301" not in settled
    for c in settled:
        assert unicodedata.combining(c) == 0 and not _cleaning.is_blank(c), repr(c)
        assert _cleaning.clean_name(c) == c and _cleaning.clean_name("e" + c + c) == "e" + c + c, repr(c)
    assert _core.names_to_clean(np.array(["深圳市", 3, None, "New York", "赣州市\u200b", "é"], dtype=object)).tolist() \
        == [3, 4]
