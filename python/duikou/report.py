"""A self-contained HTML report of a pairing table: tables, inline SVG charts, sources, methods.

The report is one HTML file with no external resource (no script, font,
stylesheet or image to fetch): charts are inline SVG with text drawn as
paths, so it opens offline and looks the same everywhere.

It is built from a list of section functions, :data:`SECTIONS`. Each takes
the table and a :class:`Context` and returns a :class:`Section` (or None
when the table lacks what it needs). Other parts of duikou add their own::

    from duikou import report

    def distances(pairings, context):
        frame = pairings.distances()
        return report.Section("distances", "Distances", report.table_html(frame),
                              method="<dt>distance</dt><dd>great-circle ...</dd>")

    report.SECTIONS.insert(report.SECTIONS.index(report.coverage_matrix_section), distances)

Helpers for section bodies: :func:`table_html` (a DataFrame as a styled
table), :func:`chart_svg` (a chart as inline SVG), :func:`figure_block`.
"""

from __future__ import annotations

import html
import io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from ._constants import check_labels
from .results import plural

if TYPE_CHECKING:  # annotations only: importing pairings at run time would be circular
    from .pairings import Pairings

__all__ = [
    "Context",
    "SECTIONS",
    "Section",
    "build_html",
    "chart_svg",
    "figure_block",
    "resolved",
    "table_html",
    "write_html",
]


@dataclass(frozen=True)
class Section:
    """One part of the report.

    Attributes
    ----------
    key : str
        HTML id (unique within the report; used for the table of contents).
    title : str
        Heading.
    body : str
        HTML fragment (use :func:`table_html`, :func:`figure_block`).
    method : str
        HTML ``<dt>term</dt><dd>definition</dd>`` items gathered into the
        report's "Method notes" list (empty for none).
    """

    key: str
    title: str
    body: str
    method: str = ""


@dataclass(frozen=True)
class Context:
    """Options every section function receives.

    Attributes
    ----------
    labels : {"zh", "en"}
        Language of place names in charts (tables keep names as written).
    options : dict
        Free-form options for sections added by other modules.
    shared : dict
        Results several sections use, computed once per report (e.g. the
        table after ``resolve()``, see :func:`resolved`).
    """

    labels: str = "zh"
    options: Mapping = field(default_factory=dict)
    shared: dict = field(default_factory=dict)


SectionFunction = Callable[["object", Context], Optional[Section]]


# -- building blocks ------------------------------------------------------------------
def _cell(value, floats: int) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        return html.escape("、".join(map(str, value)))
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return '<span class="na">—</span>'
    if isinstance(value, (float, np.floating)):
        return f"{value:.{floats}f}"
    return html.escape(str(value))


def table_html(frame: pd.DataFrame, *, table_id: str | None = None, headers: Mapping[str, str] | None = None,
               share: str | None = None, floats: int = 4, right: Sequence[str] = (),
               caption: str | None = None) -> str:
    """A DataFrame as an HTML table in the report's style.

    Numbers are right-aligned (tabular figures), lists are joined with 、,
    missing values show as —.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rendered without its index.
    table_id : str, optional
        ``id`` of the ``<table>``.
    headers : mapping, optional
        Column name -> header text.
    share : str, optional
        A column of fractions in [0, 1] shown as a percentage with a bar
        (bar lengths relative to the largest value).
    floats : int
        Decimals of other float columns.
    right : sequence of str
        Further columns to right-align (e.g. numbers already formatted).
    caption : str, optional

    Returns
    -------
    str
    """
    headers = dict(headers or {})
    numeric = {c: frame[c].dtype.kind in "iuf" or c in right for c in frame.columns}
    largest = float(frame[share].max()) if share is not None and len(frame) and frame[share].max() > 0 else 1.0
    head = "".join(f'<th class="{"num" if numeric[c] else "text"}">{html.escape(headers.get(c, str(c)))}</th>'
                   for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record):
            if column == share:
                fraction = 0.0 if pd.isna(value) else float(value)
                bar = max(0.0, min(1.0, fraction / largest)) * 100
                cells.append(f'<td class="num share">{fraction * 100:.1f}%<span class="track">'
                             f'<span class="bar" style="width:{bar:.1f}%"></span></span></td>')
            else:
                cells.append(f'<td class="{"num" if numeric[column] else "text"}">{_cell(value, floats)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    ident = f' id="{html.escape(table_id)}"' if table_id else ""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<div class="table-wrap"><table{ident}>{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def chart_svg(draw: Callable[[], object], key: str) -> str:
    """Draw a chart and return it as an inline ``<svg>`` element.

    Parameters
    ----------
    draw : callable
        Called with no argument inside :func:`duikou.plot.detached_figures`
        (so it makes no pyplot figure); returns the Axes (or Figure) drawn.
    key : str
        Prefix for the SVG's element ids, so that several SVGs in one page
        cannot collide.

    Returns
    -------
    str
        The ``<svg>`` element, text as paths (no font needed to view it),
        scaled down to fit narrow screens.
    """
    import matplotlib

    from .plot import detached_figures

    with detached_figures():
        drawn = draw()
    figure = getattr(drawn, "figure", drawn)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": key}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.1, metadata={"Date": None},
                       facecolor="white")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE
    ids = set(_SVG_ID.findall(svg))
    svg = _SVG_ID.sub(lambda m: f'id="{key}-{m.group(1)}"', svg)
    svg = re.sub(r"#([A-Za-z_][\w.-]*)", lambda m: f"#{key}-{m.group(1)}" if m.group(1) in ids else m.group(0), svg)
    # natural size as the maximum, shrinking with the page
    match = re.match(r'<svg([^>]*?)\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"', svg)
    if match:
        width = float(match.group(2))
        svg = (f'<svg{match.group(1)} class="chart" style="max-width:{width:.0f}pt"'
               + svg[match.end():])
    return svg


def figure_block(svg: str, caption: str = "") -> str:
    """A chart with an optional caption as a ``<figure>``."""
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{svg}{cap}</figure>"


def _lead(text: str) -> str:
    return f'<p class="lead">{text}</p>'


def _side_by_side(*blocks: str) -> str:
    return '<div class="pair">' + "".join(f"<div>{b}</div>" for b in blocks) + "</div>"


def _has_regions(pairings: Pairings) -> bool:
    return "region" in pairings.columns


def resolved(pairings: Pairings, context: Context):
    """The table after ``pairings.resolve()`` (names located in the gazetteer), computed once per
    report; None when this duikou has no ``Pairings.resolve``."""
    if not callable(getattr(pairings, "resolve", None)):
        return None
    if "resolved" not in context.shared:
        context.shared["resolved"] = pairings.resolve()
    return context.shared["resolved"]


# -- sections --------------------------------------------------------------------------
def overview_section(pairings: Pairings, context: Context) -> Section:
    """Key figures: pairs, recipients, partners, regions, the largest partner."""
    freq = pairings.partner_frequency(by=None)
    cards = [("pairs", "结对", len(pairings)), ("recipients", "受援方", len(pairings.recipients)),
             ("partners", "支援方", len(pairings.partners))]
    if _has_regions(pairings):
        cards.append(("regions", "区域", pairings.to_frame()["region"].nunique()))
    if len(freq):
        top = freq.iloc[0]
        ties = int((freq["pairs"] == top["pairs"]).sum())
        cards.append(("largest partner" + (f" (1 of {ties})" if ties > 1 else ""), "最多结对",
                      f'{html.escape(str(top["partner"]))} <small>{top["pairs"]}</small>'))
    body = '<div class="cards">' + "".join(
        f'<div class="card"><div class="value">{v}</div><div class="label">{html.escape(en)} · {zh}</div></div>'
        for en, zh, v in cards) + "</div>"
    if len(pairings.problems):
        problems = pairings.problems.drop(columns=["first_row"], errors="ignore")
        body += ('<div class="note"><b>Reported rows.</b> These rows repeat a pair, pair a place with itself or '
                 "lack a name; they were kept or dropped as the table was loaded:" + table_html(problems) + "</div>")
    return Section("overview", "Overview · 概览", body)


def partner_frequency_section(pairings: Pairings, context: Context) -> Section:
    """Partner frequency table beside its bar chart."""
    freq = pairings.partner_frequency()
    table = table_html(freq, table_id="partner-frequency-table", share="share",
                       headers={"partner": "partner 支援方", "pairs": "pairs", "share": "share",
                                "regions": "regions", "recipients": "recipients 受援方"})

    def draw():
        from matplotlib.figure import Figure

        # narrower than the default: the chart shares the row with the table
        ax = Figure(figsize=(4.4, 0.9 + 0.28 * len(freq)), layout="constrained").add_subplot()
        return pairings.plot.partner_frequency(labels=context.labels, ax=ax)

    chart = figure_block(chart_svg(draw, "freq"), "Partners with more than one pair are highlighted.")
    repeat = int((freq["pairs"] > 1).sum())
    lead = (f"Who carries the load: {len(freq)} partners share {len(pairings)} pairs; "
            f"{repeat} of them take more than one.")
    method = ("<dt>partner frequency f(p)</dt><dd>the number of pairs naming partner p; share s(p) = f(p) / N, "
              "N the number of pairs. Ordered by f descending, ties by first appearance in the table.</dd>")
    if "regions" in freq.columns:
        method += "<dt>regions (per partner)</dt><dd>distinct regions among the partner's pairs.</dd>"
    return Section("partner-frequency", "Partner frequency · 支援方结对数",
                   _lead(lead) + _side_by_side(table, chart), method)


def region_coverage_section(pairings: Pairings, context: Context) -> Section | None:
    """Per region: recipients, pairs, distinct partners and their names."""
    if not _has_regions(pairings):
        return None
    coverage = pairings.region_coverage()
    table = table_html(coverage, table_id="region-coverage-table",
                       headers={"region": "region 区域", "partner_names": "partners named 支援方"})
    method = ("<dt>region coverage</dt><dd>per region g: distinct recipients, pairs, distinct partners and "
              "their names in order of first appearance.</dd>")
    return Section("region-coverage", "Region coverage · 区域覆盖",
                   _lead(f"{len(coverage)} regions; which partners serve each.") + table, method)


def partner_reach_section(pairings: Pairings, context: Context) -> Section | None:
    """Distinct regions each partner serves."""
    if not _has_regions(pairings):
        return None
    reach = pairings.partner_reach()
    table = table_html(reach, table_id="partner-reach-table",
                       headers={"partner": "partner 支援方", "region_names": "regions served 区域"})
    several = int((reach["regions"] > 1).sum())
    method = "<dt>reach</dt><dd>the number of distinct regions a partner serves.</dd>"
    return Section("partner-reach", "Partner reach · 支援方覆盖区域数",
                   _lead(f"{plural(several, 'partner')} {'serves' if several == 1 else 'serve'} more than one "
                         "region.") + table, method)


# (field of Concentration, measure, definition, format)
_CONCENTRATION_ROWS = (
    ("n", "n", "partners with at least one pair", "{:.0f}"),
    ("total", "N", "pairs counted", "{:.0f}"),
    ("hhi", "HHI", "Σ s², s = f / N", "{:.5f}"),
    ("hhi_normalized", "normalised HHI", "(HHI − 1/n) / (1 − 1/n)", "{:.5f}"),
    ("gini", "Gini", "Σᵢ Σⱼ |fᵢ − fⱼ| / (2 n² f̄)", "{:.5f}"),
    ("shannon", "Shannon H", "−Σ s ln s", "{:.5f}"),
    ("hill_1", "Hill number ¹D", "exp(H): effective number of partners", "{:.3f}"),
    ("hill_2", "Hill number ²D", "1 / HHI", "{:.3f}"),
)


def concentration_section(pairings: Pairings, context: Context) -> Section:
    """Concentration measures of the partners' pair counts, each with its formula."""
    c = pairings.concentration("partner")
    values = c.to_dict()
    rows = [(measure, text, "—" if math.isnan(values[name]) else fmt.format(values[name]))
            for name, measure, text, fmt in _CONCENTRATION_ROWS]
    rows.append((f"CR{c.k}", f"share of the {c.k} largest partners", f"{c.cr_k:.5f}"))
    frame = pd.DataFrame(rows, columns=["measure", "definition", "value"])
    table = table_html(frame, table_id="concentration-table", right=["value"])
    lead = (f"How unevenly the {c.total} pairs fall on the {c.n} partners: an HHI of {c.hhi:.3f} is the load of "
            f"{c.hill_2:.1f} equal partners (1/HHI).")
    method = ("<dt>concentration</dt><dd>of the partner frequencies f with shares s = f / N: HHI = Σ s² "
              "(Herfindahl 1950; Hirschman 1945), normalised HHI = (HHI − 1/n)/(1 − 1/n), Gini = "
              "Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean) (Gini 1912), Shannon H = −Σ s ln s (Shannon 1948), Hill numbers "
              "exp(H) and 1/HHI (Hill 1973), CR<sub>k</sub> = top-k share.</dd>")
    return Section("concentration", "Concentration · 集中度", _lead(lead) + table, method)


def coverage_matrix_section(pairings: Pairings, context: Context) -> Section | None:
    """Heatmap of pairs per region and partner."""
    if not _has_regions(pairings):
        return None
    body = figure_block(chart_svg(lambda: pairings.plot.coverage("region", "partner", labels=context.labels),
                                  "coverage"))
    located = resolved(pairings, context)
    if located is not None and located.to_frame()["partner_province"].notna().any():
        svg = chart_svg(lambda: located.plot.coverage("region", "partner_province", labels=context.labels),
                        "coverage-province")
        body += figure_block(svg, "The same pairs by the partner's province (from the gazetteer).")
    method = ("<dt>coverage matrix</dt><dd>rows: regions; columns: partners (or their provinces); cell: the "
              "number of pairs (blank for none).</dd>")
    return Section("coverage-matrix", "Coverage matrix · 区域 × 支援方",
                   _lead("Each cell counts the pairs between a region's recipients and a partner.") + body, method)


def bipartite_section(pairings: Pairings, context: Context) -> Section:
    """Two-column chart: recipients grouped by region, partners, a line per pair."""
    from .layout import bipartite_layout

    layout = bipartite_layout(pairings)
    svg = chart_svg(lambda: pairings.plot.bipartite(labels=context.labels), "bipartite")
    caption = (f"Order chosen by barycentric sweeps: {layout.crossings} crossing pairs of lines, "
               f"against {layout.input_crossings} in the order of the table.")
    method = ("<dt>pair chart order</dt><dd>barycentric heuristic (Sugiyama, Tagawa and Toda 1981): each "
              "node is moved to the mean position of its neighbours, alternating sides, regions kept "
              "together; the order with the fewest crossings is kept.</dd>")
    return Section("pairs-chart", "Who is paired with whom · 结对关系",
                   _lead("Recipients on the left, grouped by region; partners on the right; "
                         "one line per pair.") + figure_block(svg, caption), method)


def flow_map_section(pairings: Pairings, context: Context) -> Section | None:
    """Pairs on a map of seats (needs ``Pairings.resolve``)."""
    from .plot import COORDINATE_COLUMNS

    table = resolved(pairings, context)
    if table is None:
        return None
    frame = table.to_frame()
    located = frame[list(COORDINATE_COLUMNS)].notna().all(axis=1)
    if not located.any():
        return None

    def draw():
        from matplotlib.figure import Figure

        # larger than the default so that crowded places (the Pearl River delta) keep legible names
        ax = Figure(figsize=(8.5, 8.5), layout="constrained").add_subplot()
        return pairings.plot.flow_map(table=frame, labels=context.labels, ax=ax)

    svg = chart_svg(draw, "map")
    caption = (f"{int(located.sum())} of {len(frame)} pairs located. Seats from the gazetteer; "
               "equirectangular projection; no coastline or boundary is drawn.")
    method = ("<dt>map</dt><dd>x = longitude × cos(φ₀), y = latitude, φ₀ the mean latitude of the pairs' "
              "ends; seats of prefecture-level units from duikou's gazetteer (echarts map data).</dd>")
    return Section("map", "Map · 地图", _lead("Each line joins a recipient's seat to its partner's.")
                   + figure_block(svg, caption), method)


def pairs_section(pairings: Pairings, context: Context) -> Section:
    """The table itself, folded."""
    frame = pairings.to_frame()
    table = table_html(frame, table_id="pairs-table")
    body = f"<details><summary>Show all {len(frame)} pairs</summary>{table}</details>"
    return Section("pairs", "The pairs · 结对名单", body)


#: Section functions in report order; other modules may insert or append theirs.
SECTIONS: list = [
    overview_section,
    partner_frequency_section,
    region_coverage_section,
    partner_reach_section,
    concentration_section,
    coverage_matrix_section,
    bipartite_section,
    flow_map_section,
    pairs_section,
]


# -- the page --------------------------------------------------------------------------
_META_FIELDS = (("document", "document 文号"), ("issuer", "issuer 发文机关"), ("announced", "announced 发布"),
                ("period", "period 期限"), ("notes", "notes 说明"))

_CSS = """
:root { --ink:#2b2d42; --muted:#6c757d; --line:#e5e8ec; --accent:#c8553d; --bg:#f7f8fa; --card:#ffffff; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin:0; background:var(--bg); color:var(--ink); line-height:1.6; font-size:15px;
  font-family: "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB",
    "Microsoft YaHei","WenQuanYi Micro Hei",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; }
header { background:var(--ink); color:#fff; padding:36px 0 28px; }
header .eyebrow { text-transform:uppercase; letter-spacing:.12em; font-size:12px; opacity:.7; margin:0; }
header h1 { margin:6px 0 14px; font-size:28px; line-height:1.3; font-weight:700; }
header dl { display:grid; grid-template-columns:max-content 1fr; gap:2px 18px; margin:0; font-size:14px; }
header dt { opacity:.65; } header dd { margin:0; }
.wrap { max-width:1180px; margin:0 auto; padding:0 28px; }
nav { background:#fff; border-bottom:1px solid var(--line); position:sticky; top:0; z-index:1; }
nav .wrap { display:flex; flex-wrap:wrap; gap:4px 18px; padding-top:10px; padding-bottom:10px; font-size:14px; }
nav a { color:var(--muted); text-decoration:none; } nav a:hover { color:var(--accent); }
main section { background:var(--card); border:1px solid var(--line); border-radius:10px;
  padding:22px 26px; margin:22px 0; }
h2 { font-size:20px; margin:0 0 6px; }
.lead { color:var(--muted); margin:0 0 16px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(150px,1fr)); gap:14px; }
.card { border:1px solid var(--line); border-radius:8px; padding:14px 16px; background:var(--bg); }
.card .value { font-size:26px; font-weight:700; line-height:1.2; }
.card .value small { font-size:15px; color:var(--accent); margin-left:6px; }
.card .label { color:var(--muted); font-size:13px; margin-top:4px; }
.pair { display:grid; grid-template-columns:minmax(0,1.25fr) minmax(0,1fr); gap:24px; align-items:start; }
@media (max-width: 900px) { .pair { grid-template-columns:1fr; } }
.table-wrap { overflow-x:auto; }
table { border-collapse:collapse; width:100%; font-size:14px; font-variant-numeric:tabular-nums; }
caption { text-align:left; color:var(--muted); padding-bottom:6px; }
th { text-align:left; font-weight:600; color:var(--muted); font-size:12.5px; letter-spacing:.02em;
  border-bottom:2px solid var(--ink); padding:6px 10px; white-space:nowrap; }
td { border-bottom:1px solid var(--line); padding:6px 10px; vertical-align:top; }
tbody tr:nth-child(even) td { background:#fafbfc; }
tbody tr:hover td { background:#fff4ef; }
.num { text-align:right; white-space:nowrap; }
.na { color:#b0b7bf; }
td.share .track { display:inline-block; width:56px; height:8px; margin-left:8px; background:#eef0f3;
  border-radius:4px; overflow:hidden; vertical-align:middle; }
td.share .bar { display:block; height:100%; background:var(--accent); opacity:.75; }
figure { margin:0; text-align:center; }
svg.chart { width:100%; height:auto; }
figcaption { color:var(--muted); font-size:13px; margin-top:6px; }
.note { margin-top:16px; padding:12px 14px; border-left:3px solid var(--accent); background:#fff8f5; }
details summary { cursor:pointer; color:var(--accent); margin-bottom:8px; }
dl.methods dt { font-weight:600; margin-top:10px; } dl.methods dd { margin:2px 0 0 0; color:#444; }
footer { color:var(--muted); font-size:13px; padding:10px 0 40px; }
@media print { nav { display:none; } main section { break-inside:avoid; border:none; } body { background:#fff; } }
"""


def _header(pairings: Pairings, title: str) -> str:
    meta = pairings.metadata
    items = []
    for key, label in _META_FIELDS:
        value = meta.get(key)
        if value in (None, "", []):
            continue
        if key == "period" and isinstance(value, (list, tuple)):
            value = "–".join(map(str, value))
        items.append(f"<dt>{html.escape(label)}</dt><dd>{html.escape(str(value))}</dd>")
    if not meta and pairings.source not in ("<DataFrame>", "<records>"):
        items.append(f"<dt>file</dt><dd>{html.escape(os.path.basename(pairings.source))}</dd>")
    return (f'<header><div class="wrap"><p class="eyebrow">duikou 对口 · pairing report</p>'
            f"<h1>{html.escape(title)}</h1><dl>{''.join(items)}</dl></div></header>")


def build_html(pairings: Pairings, *, sections: Sequence[SectionFunction] | None = None, labels: str = "zh",
               title: str | None = None, options: Mapping | None = None) -> str:
    """The report as one self-contained HTML page.

    Parameters
    ----------
    pairings : duikou.Pairings
    sections : sequence of callables, optional
        Section functions ``f(pairings, context) -> Section | None``;
        default :data:`SECTIONS`. A function returning None is left out.
    labels : {"zh", "en"}
        Place names in charts.
    title : str, optional
        Default: the table's ``metadata["title"]``, else its name or file name.
    options : mapping, optional
        Passed to the sections as ``context.options``.

    Returns
    -------
    str
    """
    from . import __version__

    check_labels(labels)
    context = Context(labels=labels, options=dict(options or {}))
    built = [s for s in (f(pairings, context) for f in (SECTIONS if sections is None else sections)) if s]
    keys = [s.key for s in built]
    if len(set(keys)) != len(keys):
        raise ValueError(f"section keys must be unique, got {keys}")
    meta = pairings.metadata
    if title is None:
        title = meta.get("title") or meta.get("name") or (
            os.path.basename(pairings.source) if pairings.source not in ("<DataFrame>", "<records>")
            else "Pairing table")
    methods = "".join(s.method for s in built)
    nav = "".join(f'<a href="#{html.escape(s.key)}">{html.escape(s.title.split(" · ")[0])}</a>' for s in built)
    parts = [f'<section id="{html.escape(s.key)}"><h2>{html.escape(s.title)}</h2>{s.body}</section>' for s in built]
    if methods:
        source = ", ".join(str(meta[k]) for k in ("document", "issuer", "announced") if meta.get(k))
        source_html = f"<p>Source of the table: {html.escape(source)}.</p>" if source else ""
        parts.append('<section id="methods"><h2>Method notes · 方法说明</h2>'
                     f'{source_html}<dl class="methods">{methods}</dl></section>')
        nav += '<a href="#methods">Method notes</a>'
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-Hans"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="generator" content="duikou {html.escape(__version__)}">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            f"{_header(pairings, title)}<nav><div class=\"wrap\">{nav}</div></nav>"
            f'<main class="wrap">{"".join(parts)}</main>'
            f'<footer class="wrap">Made with duikou {html.escape(__version__)}. '
            "Self-contained: charts are inline SVG, nothing is fetched from the network.</footer>"
            "</body></html>\n")


def write_html(pairings: Pairings, path: str | os.PathLike, **kwargs) -> Path:
    """Write :func:`build_html` to ``path`` (UTF-8); return the path.

    Keyword arguments are those of :func:`build_html`.
    """
    path = Path(path)
    path.write_text(build_html(pairings, **kwargs), encoding="utf-8")
    return path
