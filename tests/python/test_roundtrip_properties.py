"""Property tests: DataFrame, JSON and CSV round trips keep every row, column,
order and Unicode character exactly.

Extends tests/python/test_io.py (valid tables of text and years) to tables with
invalid rows kept (duplicates, blanks, self-pairs, missing names), any column
order, extra columns of every kind the writers take (text, int64, nullable
Int64, float64 with NaN, bool, nullable boolean) and names built from hostile
characters: commas, quotes, LF, CRLF, lone CR, tabs, emoji, combining marks,
U+FEFF, U+2028, leading and trailing spaces.

These tables are built with ``clean=False`` (names exactly as given, what the
round trips must keep); the last property checks that a cleaned table round
trips to itself with nothing left to clean.

What each format keeps, as documented: the DataFrame keeps everything; JSON
keeps values and kinds (an integer or boolean column without a missing value
comes back as the plain numpy dtype); CSV is text, so every value comes back
as the string the writer wrote, missing values as NaN and "" as "".
"""

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duikou import Pairings

HOSTILE = ["a,b", 'say "hi"', '"', ",", "line\nbreak", "crlf\r\nend", "lone\rcr", "\r", "\n", "\r\n",
           "tab\there", "\t", "😀", "👩\u200d👩\u200d👧", "e\u0301", "\u0915\u094d\u0937", " pad ", "  ",
           "\u3000", "\u00a0", "\ufeffbom", "\ufeff", "\u2028", "\\", "深圳市", "赣闽粤原中央苏区", "", "null",
           "NaN", "true", "1", "-0"]
characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
text = st.one_of(st.text(characters, max_size=10), st.sampled_from(HOSTILE),
                 st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join))
column_name = text.filter(lambda s: s not in ("", "recipient", "partner"))
KINDS = ("text", "int64", "Int64", "float64", "bool", "boolean")


def column(draw, kind, n):
    if kind == "text":
        return pd.Series(draw(st.lists(st.one_of(st.none(), text), min_size=n, max_size=n)), dtype=object)
    if kind == "int64":
        return pd.Series(draw(st.lists(st.integers(-2**63, 2**63 - 1), min_size=n, max_size=n)), dtype="int64")
    if kind == "Int64":
        values = draw(st.lists(st.one_of(st.none(), st.integers(-2**63, 2**63 - 1)), min_size=n, max_size=n))
        return pd.Series(pd.array(values, dtype="Int64"))
    if kind == "float64":  # NaN is the missing value; JSON has no infinity
        floats = st.floats(allow_nan=True, allow_infinity=False)
        return pd.Series(draw(st.lists(floats, min_size=n, max_size=n)), dtype="float64")
    if kind == "bool":
        return pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    values = draw(st.lists(st.one_of(st.none(), st.booleans()), min_size=n, max_size=n))
    return pd.Series(pd.array(values, dtype="boolean"))


@st.composite
def frames(draw, max_rows=8):
    """Any pairing table: names may repeat, be blank, be missing or pair a place with itself."""
    n = draw(st.integers(0, max_rows))
    pool = draw(st.lists(text, min_size=1, max_size=6))
    names = st.one_of(st.none(), st.sampled_from(pool), text)
    columns = {side: pd.Series(draw(st.lists(names, min_size=n, max_size=n)), dtype=object)
               for side in ("recipient", "partner")}
    for name in draw(st.lists(column_name, max_size=4, unique=True)):
        columns[name] = column(draw, draw(st.sampled_from(KINDS)), n)
    order = draw(st.permutations(list(columns)))
    return pd.DataFrame({name: columns[name] for name in order})


def missing_as_nan(series):
    """None as NaN, what the readers give for a missing text value."""
    return pd.Series([np.nan if v is None else v for v in series], dtype=object)


def expected_after_json(frame):
    out = {}
    for name in frame.columns:
        s = frame[name]
        if s.dtype == object:
            s = missing_as_nan(s)
        elif str(s.dtype) in ("Int64", "boolean") and not s.isna().any():
            s = s.astype("int64" if s.dtype == "Int64" else bool)
        out[name] = s
    return pd.DataFrame(out, columns=frame.columns)


def expected_after_csv(frame):
    """The text the CSV writer gives each value; floats are compared by value instead."""
    out = {}
    for name in frame.columns:
        s = frame[name]
        if s.dtype == object:
            out[name] = missing_as_nan(s)
        elif s.dtype.kind == "f":
            continue
        elif str(s.dtype) in ("bool", "boolean"):
            out[name] = pd.Series([np.nan if pd.isna(v) else ("true" if v else "false") for v in s], dtype=object)
        else:
            out[name] = pd.Series([np.nan if pd.isna(v) else str(int(v)) for v in s], dtype=object)
    return pd.DataFrame(out, columns=[c for c in frame.columns if c in out])


def same_floats(written, read_back):
    """Each float reads back as the same double; NaN (missing) as a missing field."""
    assert len(written) == len(read_back)
    for value, back in zip(written, read_back):
        if math.isnan(value):
            assert pd.isna(back)
        else:
            assert float(back) == value and math.copysign(1, float(back)) == math.copysign(1, value)


@settings(max_examples=150, deadline=None)
@given(frames())
def test_dataframe_round_trip_is_identity(frame):
    p = Pairings(frame, on_invalid="keep", clean=False)
    pd.testing.assert_frame_equal(p.to_frame(), frame)
    assert len(p) == len(frame) and p.columns == list(frame.columns)


@settings(max_examples=150, deadline=None)
@given(frames(), st.dictionaries(text, st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**64 - 1), st.floats(allow_nan=False,
              allow_infinity=False), text),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=6),
    max_size=4))
def test_json_round_trip_keeps_values_kinds_and_metadata(tmp_path_factory, frame, metadata):
    p = Pairings(frame, on_invalid="keep", metadata=metadata, clean=False)
    path = tmp_path_factory.mktemp("json") / "t.json"
    p.to_json(path)
    back = Pairings.read_json(path, on_invalid="keep", clean=False)
    pd.testing.assert_frame_equal(back.to_frame(), expected_after_json(frame))
    assert json.dumps(back.metadata) == json.dumps(metadata)  # same keys, order and values
    assert back.to_json() == path.read_bytes().decode("utf-8")
    pd.testing.assert_frame_equal(back.problems.drop(columns=["recipient", "partner"]),
                                  p.problems.drop(columns=["recipient", "partner"]))


@settings(max_examples=150, deadline=None)
@given(frames())
def test_csv_round_trip_keeps_every_character(tmp_path_factory, frame):
    p = Pairings(frame, on_invalid="keep", clean=False)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    p.to_csv(path)
    # every character: the text as written
    back = Pairings.read_csv(path, on_invalid="keep", clean=False, numbers=False)
    got = back.to_frame()
    assert list(got.columns) == list(frame.columns) and len(got) == len(frame)
    expected = expected_after_csv(frame)
    pd.testing.assert_frame_equal(got[list(expected.columns)], expected)
    for name in frame.columns:
        if frame[name].dtype.kind == "f":
            same_floats(frame[name].tolist(), got[name].tolist())
    assert back.to_csv() == path.read_bytes().decode("utf-8")  # a second round trip changes nothing
    assert back.problems["problem"].tolist() == p.problems["problem"].tolist()
    assert back.problems["row"].tolist() == p.problems["row"].tolist()


@settings(max_examples=100, deadline=None)
@given(frames())
def test_a_cleaned_table_round_trips_to_itself(tmp_path_factory, frame):
    """Cleaning is idempotent through the files: what a cleaned table writes reads back the same, clean."""
    p = Pairings(frame, on_invalid="keep")
    folder = tmp_path_factory.mktemp("clean")
    p.to_csv(folder / "t.csv")
    p.to_json(folder / "t.json")
    for back in (Pairings.read_csv(folder / "t.csv", on_invalid="keep"),
                 Pairings.read_json(folder / "t.json", on_invalid="keep")):
        assert back.cleaned.empty
        for side in ("recipient", "partner"):
            assert back.to_frame()[side].fillna("<missing>").tolist() == p.to_frame()[side].fillna("<missing>").tolist()
        assert back.problems["problem"].tolist() == p.problems["problem"].tolist()


def test_infinite_floats_cannot_be_written_as_json():
    """JSON has no infinity: the writer refuses it, naming the place, rather than writing null."""
    p = Pairings(pd.DataFrame({"recipient": ["a"], "partner": ["b"], "x": [math.inf]}))
    with pytest.raises(ValueError, match=r"column 'x', row 1: JSON cannot hold infinite values"):
        p.to_json()
    assert p.to_csv().splitlines()[1] == "a,b,inf"
