"""One error shape: every InputError raised by the Python layer says where, in attributes too.

The C++ readers' errors carry ``source``, ``line`` and ``field``; so do those of the Python layer
(duikou/_errors.py makes them all). This walks every Python raise site with a bad input and
checks the attributes, not only the message.
"""

import re
import traceback
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import duikou
from duikou import Pairings

PACKAGE = Path(__file__).resolve().parents[2] / "python" / "duikou"
# Modules being rewritten on other branches; they switch to the helper when those land (then this empties).
PENDING: set = set()


def frame(**columns):
    return pd.DataFrame(columns)


def csv(tmp_path, text, name="t.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def seats_table(**extra):
    return Pairings(frame(recipient=["赣州市", "吉安市", "赣州市"], partner=["深圳市", "东莞市", "广州市"], **extra))


# (id, make(tmp_path) -> calls the failing code, source (or a callable of tmp_path), line, field, message part)
CASES = [
    ("null-model-two-regions", lambda t: Pairings(frame(recipient=["a", "a", "b"], partner=["x", "y", "x"],
                                                        region=["r1", "r2", "r1"])).test("reach", n=1),
     "<DataFrame>", None, "region", "a null model needs one region per recipient"),
    ("no-column-frame", lambda t: Pairings(frame(recipient=["a"])), "<DataFrame>", None, None, "no 'partner' column"),
    ("no-column-records", lambda t: Pairings.from_records([{"recipient": "a"}]), "<records>", None, None,
     "no 'partner' column"),
    ("invalid-rows-frame", lambda t: Pairings(frame(recipient=["a", "b", "a"], partner=["x", "b", "x"])),
     "<DataFrame>", None, None, "2 invalid rows"),
    ("invalid-rows-csv", lambda t: Pairings.read_csv(csv(t, "recipient,partner\na,b\nc,c\na,b\n")),
     lambda t: str(t / "t.csv"), 3, None, "line 3: pairs a place with itself"),
    ("name-not-str-frame", lambda t: Pairings(frame(recipient=["a", "b"], partner=["x", 7])), "<DataFrame>", None,
     "partner", "<DataFrame>, row 2, field 'partner': expected a name (str), got int 7"),
    ("lone-surrogate-frame", lambda t: Pairings(frame(recipient=["a", "b\udcff"], partner=["x", "y"])),
     "<DataFrame>", None, "recipient", "row 2, field 'recipient'"),
    ("number-as-name-json", lambda t: Pairings.read_json(csv(t, '[{"recipient": 1, "partner": "b"}]', "t.json")),
     lambda t: str(t / "t.json"), None, "recipient", "expected names"),
    ("code-out-of-range", lambda t: Pairings.from_codes([0], [3], ["a"], ["x"]), "<codes>", None, "partner",
     "row 1, field 'partner': code 3 is outside"),
    ("label-not-str", lambda t: Pairings.from_codes([0], [0], [1], ["x"]), "<codes>", None, "recipient",
     "label 0 is int"),
    ("group-label-missing", lambda t: Pairings.from_codes([0], [0], ["a"], ["x"], groups={"region": ([0], [None])}),
     "<codes>", None, "region", "label 0 is missing"),
    ("label-repeated", lambda t: Pairings.from_codes([0, 1], [0, 0], ["a", "a"], ["x"]), "<codes>", None,
     "recipient", "appears twice"),
    ("group-label-repeated",
     lambda t: Pairings.from_codes([0], [0], ["a"], ["x"], groups={"region": ([0], ["r", "r"])}),
     "<codes>", None, "region", "appears twice"),
    ("group-codes-length",
     lambda t: Pairings.from_codes([0], [0], ["a"], ["x"], groups={"region": ([0, 0], ["r"])}),
     "<codes>", None, "region", "2 codes, but 'recipient' has 1"),
    ("resolve-strict", lambda t: Pairings(frame(recipient=["不存在市"], partner=["深圳市"])).resolve(strict=True),
     "<DataFrame>", None, None, "不存在市"),
    ("seats-not-numbers", lambda t: seats_table(recipient_lon=["x", "y", "x"], recipient_lat=[1.0, 2.0, 1.0])
     .distances(), "<DataFrame>", None, "recipient_lon", "seats must be numbers"),
    ("seat-differs", lambda t: seats_table(recipient_lon=[115.0, 114.0, 116.0], recipient_lat=[25.0, 27.0, 25.0])
     .distances(), "<DataFrame>", None, "recipient_lon", "row 3, field 'recipient_lon'"),
    ("half-a-seat", lambda t: seats_table(recipient_lon=[115.0, 114.0, 115.0], recipient_lat=[25.0, np.nan, 25.0])
     .distances(), "<DataFrame>", None, "recipient_lat", "only one of"),
    ("no-seat-geojson", lambda t: Pairings(frame(recipient=["不存在市"], partner=["深圳市"])).to_geojson(),
     "<DataFrame>", None, None, "without a known seat"),
    ("strata-differ", lambda t: Pairings(frame(recipient=["a", "a", "b"], partner=["x", "y", "x"],
                                               zone=["n", "s", "n"])).null_model(strata="zone"),
     "<DataFrame>", None, "zone", "field 'zone'"),
    ("surrogate-in-text", lambda t: duikou.parse_text("1. 赣州市——深圳市\n2. 吉安\udcff市——东莞市\n", source="demo.txt"),
     "demo.txt", 2, None, "demo.txt, line 2: lone surrogate"),
]


@pytest.mark.parametrize("make,source,line,field,part", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_python_input_error_says_where(tmp_path, make, source, line, field, part):
    with pytest.raises(duikou.InputError) as info:
        make(tmp_path)
    error = info.value
    source = source(tmp_path) if callable(source) else source
    assert isinstance(error, ValueError)
    assert (error.source, error.line, error.field) == (source, line, field)
    message = str(error)
    assert message.startswith(source) and part in message, message
    if line is not None:
        assert f"line {line}" in message
    if field is not None:
        assert f"field '{field}'" in message or f"'{field}'" in message


def test_input_error_shows_as_duikou_input_error(tmp_path):
    assert duikou.InputError.__module__ == "duikou" and duikou.InputError is duikou._core.InputError
    with pytest.raises(duikou.InputError) as info:
        Pairings(frame(recipient=["a"]))
    assert traceback.format_exception_only(info.type, info.value)[0].startswith("duikou.InputError: <DataFrame>")
    with pytest.raises(duikou.InputError) as info:  # raised by the C++ reader: the same class
        Pairings.read_csv(csv(tmp_path, "recipient,partner\na\n"))
    assert traceback.format_exception_only(info.type, info.value)[0].startswith("duikou.InputError: ")
    assert info.value.line == 2


def test_only_the_helper_makes_input_errors():
    # Every Python raise site goes through _errors.input_error, so none can forget the attributes.
    makers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "_errors.py" or path.name in PENDING:
            continue
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"InputError\(", text):
                makers.append(f"{path.name}:{number}: {text.strip()}")
    assert not makers, "construct InputError through duikou._errors.input_error:\n" + "\n".join(makers)
