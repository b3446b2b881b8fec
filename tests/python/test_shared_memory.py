"""Codes shared between the C++ table and Python instead of copied: read-only, alive as long as used.

Readers and from_codes hand the C++ table's own codes to the frame and to
statistics as read-only numpy views; CSV line numbers are an array only when
some record spans several lines. These tests pin both the values and the
lifetimes (run under AddressSanitizer by `make sanitize`, a view outliving its
table would be reported).
"""

import gc

import numpy as np
import pandas as pd
import pytest

import duikou
from duikou import Pairings, _core

RECIPIENTS = ["赣州市", "百色市", "六安市"]
PARTNERS = ["深圳市", "上海市"]


def test_codes_are_read_only_views_that_keep_their_table_alive():
    p = Pairings.from_codes(np.array([0, 1, 2]), np.array([0, 0, 1]), RECIPIENTS, PARTNERS)
    codes = p._table.codes("partner")
    assert codes.tolist() == [0, 0, 1]
    assert not codes.flags.writeable
    with pytest.raises(ValueError):
        codes[0] = 1
    with pytest.raises(ValueError):
        codes.flags.writeable = True
    del p
    gc.collect()
    assert codes.tolist() == [0, 0, 1]  # the view holds the table


def test_from_codes_frame_shares_the_core_codes_and_copies_on_to_frame():
    recipient = np.arange(40_000, dtype=np.int32)  # enough categories for pandas to keep int32 codes
    labels = [f"县{i}" for i in range(40_000)]
    p = Pairings.from_codes(recipient, np.zeros(40_000, dtype=np.int32), labels, ["深圳市"])
    shared = p._frame["recipient"].array.codes
    assert np.shares_memory(shared, p._table.codes("recipient"))
    assert not np.shares_memory(shared, recipient)  # the caller's array may change; the table's may not
    recipient[0] = 1
    assert p.recipient_frequency()["recipient"].iloc[0] == "县0"
    frame = p.to_frame()
    frame.loc[0, "recipient"] = "县1"  # a copy: writable, and the table is unchanged
    assert p.to_frame()["recipient"].iloc[0] == "县0"


def test_reader_sides_are_views_of_the_reader_table(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("recipient,partner,region\na,x,r\nb,x,r\nc,y,s\n", encoding="utf-8")
    doc = _core.read_csv(str(path))
    table = doc["table"]
    columns = {c["name"]: c for c in doc["columns"]}
    assert isinstance(table, _core.PairTable) and len(table) == 3
    assert columns["partner"]["codes"].tolist() == [0, 0, 1] and not columns["partner"]["codes"].flags.writeable
    assert columns["partner"]["labels"] == table.labels("partner") == ["x", "y"]
    assert columns["region"]["codes"].flags.writeable  # not a side: an array of its own
    codes = columns["recipient"]["codes"]
    del doc, table, columns
    gc.collect()
    assert codes.tolist() == [0, 1, 2]
    # A JSON reader whose recipient column is not text gives no table.
    path = tmp_path / "t.json"
    path.write_text('[{"recipient": 1, "partner": "x"}]', encoding="utf-8")
    assert _core.read_json(str(path))["table"] is None


@pytest.mark.parametrize("text, lines", [
    # One record per line: lines follow the rows, no array is kept.
    ("recipient,partner\na,x\nb,y\na,x\n", None),
    # A quoted line break makes row 1 span lines 3-4: lines come as an array.
    ('recipient,partner\na,x\n"b\nc",y\na,x\n', [2, 3, 5]),
])
def test_problem_rows_name_their_source_lines(tmp_path, text, lines):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    doc = _core.read_csv(str(path))
    assert (doc["lines"] is None) == (lines is None)
    if lines is not None:
        assert doc["lines"].tolist() == lines
    assert doc["first_line"] == 2
    p = Pairings.read_csv(path, on_invalid="keep")
    assert p.problems[["row", "line", "problem"]].values.tolist() == [[2, (lines or [2, 3, 4])[2], "duplicate"]]
    dropped = Pairings.read_csv(path, on_invalid="drop")
    assert len(dropped) == 2 and dropped.problems["line"].tolist() == [(lines or [2, 3, 4])[2]]


def test_consecutive_lines_index_like_an_array():
    lines = duikou._columns.ConsecutiveLines(2)
    assert lines[np.array([0, 5])].tolist() == [2, 7]
    assert lines[np.array([], dtype=np.int64)].tolist() == []
    assert lines[np.array([1, 3])][np.array([1])].tolist() == [5]  # what drop's re-indexing does


def test_read_csv_statistics_match_a_frame_of_strings(tmp_path):
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"recipient": [f"r{i}" for i in range(500)],
                          "partner": [f"p{k}" for k in rng.integers(0, 20, 500)]})
    path = tmp_path / "t.csv"
    Pairings(frame).to_csv(path)
    read = Pairings.read_csv(path)
    pd.testing.assert_frame_equal(read.partner_frequency(), Pairings(frame).partner_frequency())
    pd.testing.assert_frame_equal(read.to_frame(), frame)
