"""The one renderer of results (duikou/results.py) and golden files pinning every result's reprs.

A golden file holds the exact text or HTML of a result. After an intended change of a repr, rerun
with DUIKOU_UPDATE_GOLDEN=1 to rewrite the files, and read the diff before committing it.
"""

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import duikou
from duikou.pairings import Pairings
from duikou.results import Block, Rendered, display_width, html_grid, svg_bars, text_grid

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("DUIKOU_UPDATE_GOLDEN") == "1"


def _without_attrs(frame):
    """A frame without the metadata and source to_frame() puts in its attrs: a table from plain pandas."""
    frame.attrs = {}
    return frame


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text + "\n", encoding="utf-8")
    assert path.exists(), f"{path} missing: run with DUIKOU_UPDATE_GOLDEN=1 to write it"
    expected = path.read_text(encoding="utf-8")[:-1]
    assert text == expected, f"{name} changed; if intended, rerun with DUIKOU_UPDATE_GOLDEN=1 and review the diff"


def _revised(plan):
    frame = plan.to_frame()
    frame.loc[0, "partner"] = "广州市"
    frame.loc[1, "partner"] = "佛山市"
    frame = frame.drop(index=19)
    frame.loc[20] = frame.loc[2].copy()
    frame.loc[20, ["recipient", "partner"]] = ["新余市", "深圳市"]
    return Pairings(frame.reset_index(drop=True))


def results(plan):
    """Every result class, built on the 2022 plan or small hand-made tables (no file paths in them)."""
    small = Pairings.from_records([
        {"recipient": "赣州市", "partner": "深圳市", "region": "赣闽粤", "note": "x" * 80},
        {"recipient": "吉安市", "partner": "东莞市", "region": "赣闽粤", "note": "<b>&</b>"},
        {"recipient": "赣州市", "partner": "深圳市", "region": "赣闽粤", "note": ""},
    ], on_invalid="keep", metadata={"title": "hand-made"})
    return {
        "pairings_plan": Pairings(plan.to_frame().pipe(_without_attrs)),
        "pairings_small": small,
        "concentration": plan.concentration(),
        "concentration_k2": plan.concentration("region", k=2),
        "nestedness": plan.nodf(),
        "diff": duikou.diff(plan, _revised(plan)),
        "diff_same": duikou.diff(plan, plan),
        "null_model": plan.test("reach", n=99, seed=1, progress=False, exact_budget=600),
        "null_models": plan.test(["reach", "co_serving"], n=99, seed=1, exact=False, progress=False),
        "extraction": duikou.parse_text("1. 赣州市(赣闽粤原中央苏区)——深圳市\n2. 吉安市——\n3. 梅州市——广州市\n",
                                        source="demo.txt"),
    }


@pytest.mark.parametrize("name", ["pairings_plan", "pairings_small", "concentration", "concentration_k2",
                                  "nestedness", "diff", "diff_same", "null_model", "null_models",
                                  "extraction"])
def test_reprs_are_golden(plan, name):
    result = results(plan)[name]
    assert isinstance(result, Rendered)
    check_golden(f"{name}.repr.txt", repr(result))
    check_golden(f"{name}.str.txt", str(result))
    check_golden(f"{name}.html", result._repr_html_())


def test_every_result_class_renders_through_the_shared_renderer():
    # Each class takes __str__ and _repr_html_ from Rendered (a repr of its own only as a one-line form).
    from duikou.structure import Nestedness
    from duikou.versions import Diff

    for cls in (Pairings, duikou.Concentration, Nestedness, Diff, duikou.NullModelResult, duikou.NullModelResults,
                duikou.Extraction):
        assert issubclass(cls, Rendered), cls
        assert cls.__str__ is Rendered.__str__ and cls._repr_html_ is Rendered._repr_html_, cls


def test_text_grid_aligns_wide_characters():
    lines = text_grid([["深圳市", "3"], ["x", "12"]], header=["partner", "pairs"], right=[False, True])
    assert lines == ["partner  pairs", "-------  -----", "深圳市       3", "x           12"]
    assert len({display_width(line) for line in lines}) == 1


def test_html_grid_escapes_cuts_long_cells_and_caps_columns():
    page = html_grid([["<a>", "x" * 100] + [str(k) for k in range(10)]], header=[f"c{k}" for k in range(12)],
                     caption="t", more=3)
    assert "&lt;a&gt;" in page and "x" * 100 not in page and "…" in page
    assert page.count("<th>") == duikou.results.HTML_COLUMNS
    assert "3 more rows" in page and "4 more columns" in page


def test_block_from_frame_counts_the_rows_not_shown():
    frame = pd.DataFrame({"name": list("abcde"), "n": [1, 2, 3, 4, 5], "share": [0.5, 0.25, 0.125, 0.0625, 0.0625]})
    b = Block.from_frame("head", frame, 2)
    assert b.header == ("", "name", "n", "share") and b.right == (True, False, True, True)
    assert b.rows == [["0", "a", "1", "0.5000"], ["1", "b", "2", "0.2500"]] and b.more == 3


def test_svg_bars_places_bars_and_marker_on_one_axis():
    svg = svg_bars([0, 1, 2, 3], [0.1, 0.4, 0.4, 0.1], marker=3.0, width=206, height=120, label="null")
    assert svg.startswith("<svg") and svg.endswith("</svg>") and svg.count("<rect") == 4
    # x runs from 6 to 200 over values 0..3: the marker at 3 sits on the right edge, the highest bars reach y=6.
    marker = re.search(r'<line x1="([\d.]+)" y1="6" x2="\1" y2="104" stroke="#c44e52"', svg)
    assert marker and float(marker.group(1)) == pytest.approx(200.0)
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights == pytest.approx([24.5, 98.0, 98.0, 24.5], abs=0.1)
    assert np.isfinite(heights).all()
    assert svg_bars([], [], marker=None).count("<rect") == 0  # nothing to draw is not an error


def test_html_summary_of_the_plan_stays_narrow(plan):
    page = plan.resolve()._repr_html_()
    # Each table shows at most HTML_COLUMNS columns and cuts long cells.
    for row in re.findall(r"<tr>(.*?)</tr>", page):
        assert len(re.findall(r"<t[hd][ >]", row)) <= duikou.results.HTML_COLUMNS
    assert "35 of 35 names resolved" in page and "more columns" in page
