"""The internal contract of Pairings (docs/architecture.md): what other modules may use of a table."""

import ast
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import duikou
from duikou.pairings import Pairings

ROWS = [("赣州市", "深圳市", "赣闽粤"), ("吉安市", "深圳市", "赣闽粤"), ("延安市", "广州市", "陕甘宁")]


def _table():
    return Pairings(pd.DataFrame(ROWS, columns=["recipient", "partner", "region"]))


def test_contract_members_exist_and_are_documented():
    for name in Pairings._CONTRACT:
        member = getattr(Pairings, name)
        doc = member.__doc__ if not isinstance(member, property) else member.fget.__doc__
        assert doc and doc.strip(), f"Pairings.{name} is in the contract but has no docstring"


def test_source_is_public_and_read_only(tmp_path):
    assert _table().source == "<DataFrame>"
    assert Pairings.from_records([{"recipient": "a", "partner": "b"}]).source == "<records>"
    path = tmp_path / "t.csv"
    path.write_text("recipient,partner\n赣州市,深圳市\n", encoding="utf-8")
    p = Pairings.read_csv(path)
    assert p.source == str(path)
    assert list(p._line_numbers[np.arange(len(p))]) == [2]
    with pytest.raises(AttributeError):
        p.source = "elsewhere"


def test_names_are_the_interned_names_indexed_by_id():
    p = _table()
    names = p._names("partner")
    assert list(names) == ["深圳市", "广州市"]
    assert list(names[p._pair_table.codes("partner")]) == ["深圳市", "深圳市", "广州市"]
    region = p._names("region")  # interned on first use
    assert list(region[p._pair_table.codes(p._group("region"))]) == ["赣闽粤", "赣闽粤", "陕甘宁"]
    assert list(p._display_names("recipient", [2, 0])) == ["延安市", "赣州市"]
    counts, lists = p._name_lists("partner", "recipient")
    assert list(counts) == [2, 1] and lists == [["赣州市", "吉安市"], ["延安市"]]


def test_derive_keeps_source_metadata_lines_and_can_reuse_codes(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("recipient,partner\n赣州市,深圳市\n吉安市,深圳市\n延安市,广州市\n", encoding="utf-8")
    p = Pairings.read_csv(path)
    p.metadata["title"] = "test"
    frame = p._data.copy()
    frame["extra"] = ["x", "y", "z"]
    same = p._derive(frame, codes={s: p._pair_table.codes(s) for s in ("recipient", "partner")})
    assert same.source == p.source and same.metadata == {"title": "test"}
    assert same.metadata is not p.metadata
    assert list(same._line_numbers[np.arange(3)]) == [2, 3, 4]
    assert same.partner_frequency().equals(p.partner_frequency())
    assert "extra" in same.columns and "extra" not in p.columns

    # A new partner column over the same names, as a null-model draw makes it.
    swapped = np.array([1, 0, 0], dtype=np.int32)
    frame = p._data.copy()
    frame["partner"] = p._names("partner")[swapped]
    draw = p._derive(frame, codes={"recipient": p._pair_table.codes("recipient"), "partner": swapped},
                     source=p.source + " (draw)", lines=None)
    assert draw.source.endswith("(draw)") and draw._line_numbers is None
    assert draw.partner_frequency()["partner"].tolist() == ["深圳市", "广州市"]
    assert draw.partner_frequency()["pairs"].tolist() == [2, 1]
    assert list(draw.to_frame()["partner"]) == ["广州市", "深圳市", "深圳市"]


def test_derive_reports_invalid_rows_like_the_constructor():
    p = _table()
    frame = pd.concat([p._data, p._data.iloc[[0]]], ignore_index=True)
    kept = p._derive(frame, lines=None)
    assert kept.problems["problem"].tolist() == ["duplicate"] and not kept.problems["dropped"].any()
    with pytest.raises(duikou.InputError, match="1 invalid row"):
        p._derive(frame, lines=None, on_invalid="error")


# -- the static check: nothing outside pairings.py reaches behind the contract -------------
PACKAGE = Path(duikou.__file__).resolve().parent
SOURCE_PACKAGE = Path(__file__).resolve().parents[2] / "python" / "duikou"
# Modules being rewritten on other branches; they move to the contract when those land (then this empties).
PENDING: set = set()


def _private_names_of_pairings() -> set:
    """Every underscore name Pairings defines (members and self._x attributes), minus the contract."""
    tree = ast.parse((SOURCE_PACKAGE / "pairings.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Pairings")
    names = set()
    for node in ast.walk(cls):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            names.add(node.attr)
        elif isinstance(node, ast.Assign) and node in cls.body:
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    private = {n for n in names if n.startswith("_") and not (n.startswith("__") and n.endswith("__"))}
    return private - set(Pairings._CONTRACT)


def test_the_private_names_are_found():
    # The check below is only as good as this list: it must hold the storage and the helpers.
    storage = {"_frame", "_table", "_uniques", "_source", "_lines", "_setup", "_find_problems"}
    assert storage <= _private_names_of_pairings()
    assert "_pair_table" not in _private_names_of_pairings()


def _violations(path: Path, private: set) -> list:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (node.attr in private or node.attr == "__new__"):
            found.append(f"{path.name}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Constant) and node.value in private:  # getattr(p, "_frame")
            found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return found


def test_no_module_but_pairings_reads_a_private_attribute_of_pairings():
    private = _private_names_of_pairings()
    modules = sorted(p for p in SOURCE_PACKAGE.rglob("*.py") if p.name != "pairings.py" and p.name not in PENDING)
    assert len(modules) > 10
    found = [v for m in modules for v in _violations(m, private)]
    assert not found, ("modules reach behind the internal contract of Pairings (use the members in "
                       "Pairings._CONTRACT, see docs/architecture.md):\n" + "\n".join(found))


def test_the_check_catches_a_private_read(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f(pairings):\n    return pairings._frame, type(pairings).__new__(type(pairings))\n")
    assert _violations(bad, _private_names_of_pairings()) == ["bad.py:2: ._frame", "bad.py:2: .__new__"]


# -- the map of the layers (docs/architecture.md) covers every bound name ------------------------
ROOT = Path(__file__).resolve().parents[2]


def _bound_names() -> set:
    """Top-level classes, functions and constants of the stub of duikou._core."""
    tree = ast.parse((ROOT / "python" / "duikou" / "_core.pyi").read_text(encoding="utf-8"))
    names = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    return names | {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}


def test_every_bound_name_is_in_the_map():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    mapped = set(re.findall(r"`([A-Za-z_]\w*)`", text))
    names = _bound_names()
    assert {"PairTable", "frequency", "InputError"} <= names  # the stub was read
    assert not names - mapped, f"add to the map in docs/architecture.md: {sorted(names - mapped)}"


def test_the_stub_lists_what_the_module_binds():
    # The map is checked against _core.pyi; the stub itself must match the compiled module.
    bound = {n for n in dir(duikou._core) if not n.startswith("_")}
    assert _bound_names() == bound


def test_makefile_declares_only_targets_that_exist():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = {name for line in re.findall(r"^\.PHONY:(.*)$", text, re.M) for name in line.split()}
    targets = set(re.findall(r"^([A-Za-z][\w-]*):(?!=)", text, re.M))
    assert {"test", "demo", "docs"} <= phony
    assert phony <= targets, f"declared .PHONY but not defined: {sorted(phony - targets)}"
