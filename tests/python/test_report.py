"""The HTML report: self-contained, complete, and what headless Chromium shows of it.

The Chromium tests keep their screenshot at a stable path under pytest's
temporary directory and print it (run with ``-s`` to see it);
``tools/screenshot_report.sh`` writes one to ``build/report-screenshot.png``.
"""

import html.parser
import os
import re
import shutil
import subprocess

import numpy as np
import pytest

import duikou
from duikou import report
from duikou.cli import main

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


class Tables(html.parser.HTMLParser):
    """Rows of cell texts of every <table id=...> in a page."""

    def __init__(self):
        super().__init__()
        self.tables, self._current, self._row, self._cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._current = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._current is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._current.append(self._row)
            self._row = None
        elif tag == "table":
            self._current = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_of(page: str) -> dict:
    parser = Tables()
    parser.feed(page)
    return parser.tables


@pytest.fixture(scope="module")
def page():
    return report.build_html(duikou.datasets.load())


def test_partner_table_matches_the_statistic(page, plan):
    rows = tables_of(page)["partner-frequency-table"]
    freq = plan.partner_frequency()
    assert rows[0][:3] == ["partner 支援方", "pairs", "share"]
    assert [r[0] for r in rows[1:]] == freq["partner"].tolist()
    assert [int(r[1]) for r in rows[1:]] == freq["pairs"].tolist()
    assert rows[1][:3] == ["深圳市", "3", "15.0%"]
    assert rows[1][4] == "赣州市、百色市、汕尾市"


def test_every_statistic_is_in_the_page(page, plan):
    tables = tables_of(page)
    coverage = plan.region_coverage()
    assert [r[0] for r in tables["region-coverage-table"][1:]] == coverage["region"].tolist()
    assert tables["region-coverage-table"][1][1:4] == ["5", "5", "4"]  # 赣闽粤原中央苏区
    reach = plan.partner_reach()
    assert ([(r[0], int(r[1])) for r in tables["partner-reach-table"][1:]]
            == list(zip(reach["partner"], reach["regions"])))
    concentration = {r[0]: r[2] for r in tables["concentration-table"][1:]}
    assert concentration["HHI"] == "0.08000" and concentration["Gini"] == "0.19333"
    assert concentration["Shannon H"] == "2.62300" and concentration["CR4"] == "0.45000"
    assert len(tables["pairs-table"]) == 1 + len(plan)
    for key in ("overview", "partner-frequency", "region-coverage", "partner-reach", "concentration",
                "coverage-matrix", "pairs-chart", "pairs", "methods"):
        assert f'<section id="{key}">' in page
    # source and method notes
    assert "发改振兴〔2022〕766号" in page and "2022-06-07" in page
    assert "HHI = Σ s²" in page and "barycentric" in page


def test_page_is_self_contained(page):
    # no script, no link, no external image or font: the page opens offline
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "url(http" not in page and "@import" not in page and "@font-face" not in page
    # charts are inline SVG, text drawn as paths (no font needed to view them)
    svgs = re.findall(r"<svg[^>]*>", page)
    assert len(svgs) >= 3
    assert "<text" not in page
    # element ids are unique across the inline SVGs
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for ref in set(re.findall(r'xlink:href="#([^"]+)"', page)) | set(re.findall(r"url\(#([^)]+)\)", page)):
        assert ref in ids


def test_map_section_follows_resolve(plan):
    context = report.Context()
    section = report.flow_map_section(plan, context)
    coverage = report.coverage_matrix_section(plan, context)
    if callable(getattr(plan, "resolve", None)):
        assert section is not None and "20 of 20 pairs located" in section.body
        assert coverage.body.count("<svg") == 2 and "partner's province" in coverage.body
        assert "resolved" in context.shared  # resolved once for both sections
    else:
        assert section is None and coverage.body.count("<svg") == 1


def test_sections_are_a_list_others_extend(plan):
    def extra(pairings, context):
        return report.Section("extra", "Extra", f"<p>{len(pairings)} rows, labels {context.labels}</p>",
                              method="<dt>extra</dt><dd>a test statistic.</dd>")

    def absent(pairings, context):
        return None

    page = report.build_html(plan, sections=[report.overview_section, extra, absent], labels="en")
    assert '<section id="extra"><h2>Extra</h2><p>20 rows, labels en</p></section>' in page
    assert "<dt>extra</dt>" in page and '<section id="partner-frequency">' not in page
    with pytest.raises(ValueError, match="unique"):
        report.build_html(plan, sections=[extra, extra])
    assert report.SECTIONS[0] is report.overview_section


def test_report_without_regions_or_metadata(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("recipient,partner\nA县,深圳市\nB县,深圳市\nC县,广州市\n", encoding="utf-8")
    table = duikou.Pairings.read_csv(path)
    page = report.build_html(table)
    tables = tables_of(page)
    assert "region-coverage-table" not in tables and "partner-reach-table" not in tables
    assert tables["partner-frequency-table"][1][:3] == ["深圳市", "2", "66.7%"]
    assert "<title>pairs.csv</title>" in page


def test_table_html_escapes_and_formats():
    import pandas as pd

    frame = pd.DataFrame({"name": ["<b>", None], "x": [0.5, np.nan], "names": [["甲", "乙"], []]})
    out = report.table_html(frame, table_id="t")
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert tables_of(out)["t"] == [["name", "x", "names"], ["<b>", "0.5000", "甲、乙"], ["—", "—", ""]]


def test_cli_writes_html(tmp_path, capsys):
    target = tmp_path / "report.html"
    assert main(["report", "--html", str(target)]) == 0
    out = capsys.readouterr().out
    assert "深圳市" in out and f"HTML report written to {target.resolve()}" in out
    assert tables_of(target.read_text(encoding="utf-8"))["partner-frequency-table"][1][:2] == ["深圳市", "3"]
    assert main(["report", "--html", str(tmp_path / "absent" / "r.html")]) == 2
    assert "absent" in capsys.readouterr().err


# -- in a browser ---------------------------------------------------------------------------------
def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium; tools/debian-packages.txt lists it)")


def run_chromium(tmp, *args):
    # The browser is not ours: keep a sanitizer runtime preloaded into this
    # interpreter (make sanitize) out of it.
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'chromium-profile'}", *args],
                          capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def browser_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("chromium")


@pytest.fixture(scope="module")
def report_file(browser_dir):
    return report.write_html(duikou.datasets.load(), browser_dir / "report.html")


def test_chromium_screenshot_is_not_blank(report_file, browser_dir):
    shot = browser_dir / "report-screenshot.png"
    run_chromium(browser_dir, f"--screenshot={shot}", "--window-size=1280,2000", report_file.as_uri())
    print(f"\nreport screenshot: {shot}")
    from matplotlib.image import imread

    pixels = imread(shot)[..., :3]
    assert pixels.shape[:2] == (2000, 1280)
    assert pixels.std() > 0.05
    non_white = (pixels < 0.95).any(axis=2).mean()
    assert 0.05 < non_white < 0.95
    # the dark header band, then the light page
    assert pixels[20, 640].mean() < 0.3 and pixels[1500, 5].mean() > 0.9
    if os.environ.get("DUIKOU_REPORT_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["DUIKOU_REPORT_SCREENSHOT"])


def test_chromium_page_text_has_the_partner_table(report_file, browser_dir):
    dom = run_chromium(browser_dir, "--dump-dom", report_file.as_uri())
    rows = tables_of(dom)["partner-frequency-table"]
    assert rows[1][:3] == ["深圳市", "3", "15.0%"]
    assert {r[0]: int(r[1]) for r in rows[1:]}["宁波市"] == 2
    assert "赣闽粤原中央苏区" in dom
