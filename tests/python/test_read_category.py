"""read_csv / read_json with dtype="category": Categorical columns over the reader's codes.

The values (missing values, empty strings, non-ASCII names included) and every statistic
must equal those of the default object columns; only the dtype differs.
"""

import numpy as np
import pandas as pd
import pytest

from duikou import Pairings

FRAME = pd.DataFrame({
    "recipient": ["赣州市", "百色市", "𠀋县", "赣州市", "a"],
    "partner": ["深圳市", "深圳市", "é", "广州市", "b"],
    "region": ["赣闽粤", np.nan, "", "赣闽粤", "左右江"],
    "note": ["x", "y", np.nan, "", "z"],
})


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_category_columns_hold_the_same_values(tmp_path, fmt):
    path = tmp_path / f"pairs.{fmt}"
    getattr(Pairings(FRAME), f"to_{fmt}")(path)
    read = getattr(Pairings, f"read_{fmt}")
    plain, coded = read(path), read(path, dtype="category")
    frame = coded.to_frame()
    assert all(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in frame.columns)
    # categories in order of first appearance, missing values as NaN, "" kept as a name
    assert list(frame["region"].cat.categories) == ["赣闽粤", "", "左右江"]
    pd.testing.assert_frame_equal(frame.astype(object), plain.to_frame().astype(object))
    pd.testing.assert_frame_equal(plain.to_frame(), FRAME)
    for method in ("partner_frequency", "recipient_frequency", "region_coverage", "partner_reach"):
        pd.testing.assert_frame_equal(getattr(coded, method)(), getattr(plain, method)())
    # and it writes back the same file
    assert coded.to_csv() == plain.to_csv()


def test_category_with_invalid_rows_and_lines(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("recipient,partner\nA,B\nA,B\nC,\n", encoding="utf-8")
    p = Pairings.read_csv(path, dtype="category", on_invalid="keep")
    assert p.problems["line"].tolist() == [3, 4]
    assert p.to_frame()["partner"].isna().tolist() == [False, False, True]
    dropped = Pairings.read_csv(path, dtype="category", on_invalid="drop")
    assert dropped.to_frame()["recipient"].astype(object).tolist() == ["A"]


def test_unknown_dtype(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("recipient,partner\nA,B\n", encoding="utf-8")
    with pytest.raises(ValueError, match="dtype must be one of"):
        Pairings.read_csv(path, dtype="string")
