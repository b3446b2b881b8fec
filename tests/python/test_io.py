import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duikou
from duikou import Pairings


def test_json_round_trip_of_2022(plan, tmp_path):
    path = tmp_path / "plan.json"
    plan.to_json(path)
    again = Pairings.read_json(path)
    pd.testing.assert_frame_equal(again.to_frame(), plan.to_frame())
    assert again.metadata == plan.metadata
    assert again.to_json() == path.read_text(encoding="utf-8")


def test_csv_round_trip_of_2022(plan, tmp_path):
    path = tmp_path / "plan.csv"
    plan.to_csv(path)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "recipient,partner,region,program,level,start,end,source"
    again = Pairings.read_csv(path)
    assert again.to_csv() == text
    pd.testing.assert_frame_equal(again.to_frame(), plan.to_frame())  # the years come back as numbers
    as_text = Pairings.read_csv(path, numbers=False).to_frame()
    pd.testing.assert_frame_equal(as_text, plan.to_frame().astype({"start": str, "end": str}))


def test_csv_missing_and_empty_are_kept_apart(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('recipient,partner,note\na,b,\nc,d,""\n', encoding="utf-8")
    p = Pairings.read_csv(path)
    notes = p.to_frame()["note"].tolist()
    assert pd.isna(notes[0]) and notes[1] == ""
    assert p.to_csv() == path.read_text(encoding="utf-8")


def test_csv_errors_name_file_and_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("recipient,partner\na,b\nc\n", encoding="utf-8")
    with pytest.raises(duikou.InputError) as info:
        Pairings.read_csv(path)
    assert info.value.line == 3 and str(path) in str(info.value)
    path.write_text("recipient,partner\na,b\na,b\n", encoding="utf-8")
    with pytest.raises(duikou.InputError, match=r"line 3: repeats line 2"):
        Pairings.read_csv(path)
    with pytest.raises(FileNotFoundError):
        Pairings.read_csv(tmp_path / "absent.csv")


def test_json_wrong_types(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"recipient": 1, "partner": "b"}]), encoding="utf-8")
    with pytest.raises(duikou.InputError, match="field 'recipient'"):
        Pairings.read_json(path)
    path.write_text(json.dumps({"pairs": [{"recipient": "a", "partner": ["b"]}]}), encoding="utf-8")
    with pytest.raises(duikou.InputError, match="nested array"):
        Pairings.read_json(path)


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
               max_size=12)
name = st.one_of(text, st.sampled_from(["深圳市", "a,b", 'say "hi"', "line\nbreak", "😀", " pad "]))


@st.composite
def frames(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    pairs = draw(st.lists(st.tuples(name, name), min_size=n, max_size=n, unique=True)
                 .filter(lambda ps: all(a != b and a.strip() and b.strip() for a, b in ps)))
    notes = draw(st.lists(st.one_of(st.none(), text, st.just("")), min_size=len(pairs), max_size=len(pairs)))
    years = draw(st.lists(st.integers(1949, 2100), min_size=len(pairs), max_size=len(pairs)))
    frame = pd.DataFrame({"recipient": pd.Series([a for a, _ in pairs], dtype=object),
                          "partner": pd.Series([b for _, b in pairs], dtype=object),
                          "note": pd.Series(notes, dtype=object),
                          "start": pd.Series(years, dtype="int64")})
    return frame


def normalise_missing(frame):
    """None as NaN (what the readers give for a missing text value), dtypes unchanged."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object:
            out[name] = pd.Series([np.nan if v is None else v for v in out[name]], dtype=object, index=out.index)
    return out


@settings(max_examples=100, deadline=None)
@given(frames())
def test_round_trips_keep_everything(tmp_path_factory, frame):
    p = Pairings(frame, clean=False)  # names exactly as given (" pad " keeps its spaces)
    pd.testing.assert_frame_equal(p.to_frame(), frame)
    folder = tmp_path_factory.mktemp("rt")
    p.to_json(folder / "t.json")
    back = Pairings.read_json(folder / "t.json", clean=False).to_frame()
    pd.testing.assert_frame_equal(back, normalise_missing(frame), check_column_type=False)
    p.to_csv(folder / "t.csv")
    back = Pairings.read_csv(folder / "t.csv", clean=False, numbers=False).to_frame()
    pd.testing.assert_frame_equal(back, normalise_missing(frame.astype({"start": str})))
    if len(frame):  # with numbers (the default) the years come back as they were
        numbers = Pairings.read_csv(folder / "t.csv", clean=False).to_frame()
        pd.testing.assert_series_equal(numbers["start"], frame["start"])
