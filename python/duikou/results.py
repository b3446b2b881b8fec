"""Result objects that print, render in Jupyter and convert to pandas, and their one renderer.

Every result (:class:`duikou.Pairings`, :class:`Concentration`, :class:`duikou.structure.Nestedness`,
:class:`duikou.versions.Diff`, ...) derives from :class:`Rendered` and describes itself through a
small protocol (a title, counts, labelled rows, blocks of rows, an optional inline chart); this
module turns that description into aligned text (``__repr__``, ``__str__``) and into a compact
HTML summary (``_repr_html_``). docs/architecture.md, "Rendering results", describes the protocol.
"""

from __future__ import annotations

import html
import math
import unicodedata
from dataclasses import asdict, dataclass
from typing import Sequence

#: Longest cell shown in HTML, in characters: longer text is cut with an ellipsis, so a
#: summary stays narrower than the page.
HTML_CELL_CHARS = 60
#: Most columns of a block shown in HTML (the others are counted in a note).
HTML_COLUMNS = 8


# -- text --------------------------------------------------------------------------------
def display_width(text: str) -> int:
    """Terminal columns taken by text: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def text_grid(rows: Sequence[Sequence[str]], header: Sequence[str] | None = None,
              right: Sequence[bool] | None = None) -> list:
    """Lines of an aligned grid (two spaces between columns; wide characters count two).

    With a ``header``, it comes first, underlined with dashes. ``right`` marks the
    columns aligned right (numbers).
    """
    grid = ([list(header)] if header is not None else []) + [list(r) for r in rows]
    if not grid:
        return []
    n = max(len(r) for r in grid)
    right = list(right or [False] * n)
    widths = [max(display_width(r[k]) if k < len(r) else 0 for r in grid) for k in range(n)]

    def line(cells):
        return "  ".join(_pad(v, w, a) for v, w, a in zip(cells, widths, right)).rstrip()

    lines = [line(r) for r in grid]
    if header is not None:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 partner", "3 partners": the count and the word in the number it takes (``many``: an irregular plural)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def cell_text(value, floats: str = "{:.4f}") -> str:
    """A value as shown in a table: floats with ``floats``, lists joined with 、, others as str."""
    if isinstance(value, float):
        return floats.format(value)
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    return str(value)


# -- blocks --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    """A titled grid of text cells: the first rows of a table, or a list of changes.

    ``header`` (column names) may be None (then one row is one line); ``right`` marks the
    columns aligned right; ``more`` counts the rows not shown.
    """

    heading: str
    rows: list
    header: tuple | None = None
    right: tuple | None = None
    more: int = 0

    @classmethod
    def from_frame(cls, heading: str, frame, n: int, *, index: bool = True, floats: str = "{:.4f}") -> "Block":
        """The first ``n`` rows of a DataFrame (with its index as first column when ``index``)."""
        shown = frame.head(n)
        header = [str(c) for c in shown.columns]
        right = [shown[c].dtype.kind in "iuf" for c in shown.columns]
        rows = [[cell_text(v, floats) for v in r] for r in shown.itertuples(index=False)]
        if index:
            header = [""] + header
            right = [True] + right
            rows = [[str(i)] + r for i, r in zip(shown.index, rows)]
        return cls(heading, rows, tuple(header), tuple(right), max(0, len(frame) - len(shown)))


# -- the renderer ----------------------------------------------------------------------------
class Rendered:
    """Mixin: ``__repr__``, ``__str__`` and ``_repr_html_`` from one description of a result.

    A result defines ``_title()`` and any of ``_counts()``, ``_rows()``, ``_blocks()``,
    ``_figure()`` (defaults: nothing); ``_headline()`` is the first line of the text.

    Text::

        <headline>                     title, then ": 17 kept, 1 added" when there are counts
          <label>  <value>             one line per row, labels aligned
          <heading>:                   per block: its grid, indented, then "... and N more"
            <cells>

    HTML: a result with rows only is one ``<table>`` captioned with its title (and its
    figure in a last row); otherwise a ``<div>`` holding the headline in bold, the counts
    as a one-row table, the rows, each block as a table and the figure.
    """

    def _title(self) -> str:
        return type(self).__name__

    def _counts(self) -> dict:
        """{word: number}, shown as "number word" in the headline and as a row of cells in HTML."""
        return {}

    def _rows(self) -> list:
        """(label, value) pairs of text."""
        return []

    def _blocks(self) -> list:
        """:class:`Block` s shown after the rows."""
        return []

    def _figure(self) -> str | None:
        """An inline SVG chart for HTML (see :func:`svg_bars`), or None."""
        return None

    def _headline(self) -> str:
        counts = self._counts()
        title = self._title()
        return title + (": " + ", ".join(f"{n} {word}" for word, n in counts.items()) if counts else "")

    def _text(self) -> str:
        lines = [self._headline()]
        rows = self._rows()
        if rows:
            lines += ["  " + line for line in text_grid(rows)]
        for block in self._blocks():
            lines.append(f"  {block.heading}:")
            lines += ["    " + line for line in text_grid(block.rows, block.header, block.right)]
            if block.more:
                lines.append(f"    ... and {block.more} more")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._text()

    def __str__(self) -> str:
        return self._text()

    def _repr_html_(self) -> str:
        rows, counts, blocks, figure = self._rows(), self._counts(), self._blocks(), self._figure()
        figure_row = f'<tr><td colspan="2">{figure}</td></tr>' if figure else ""
        if not counts and not blocks:
            return f"<table><caption>{html.escape(self._title())}</caption>{_label_rows(rows)}{figure_row}</table>"
        parts = [f"<div><p><b>{html.escape(self._headline())}</b></p>"]
        if counts:
            parts.append(html_grid([[str(n) for n in counts.values()]], header=list(counts)))
        if rows or figure:
            parts.append(f"<table>{_label_rows(rows)}{figure_row}</table>")
        for block in blocks:
            parts.append(html_grid(block.rows, block.header, block.right, caption=block.heading, more=block.more))
        parts.append("</div>")
        return "".join(parts)


def _esc(text: str) -> str:
    text = str(text)
    if len(text) > HTML_CELL_CHARS:
        text = text[: HTML_CELL_CHARS - 1] + "…"
    return html.escape(text)


def _label_rows(rows) -> str:
    # Whole values (they wrap); only grid cells are cut.
    return "".join(f'<tr><th style="text-align:left">{html.escape(str(k))}</th>'
                   f'<td style="text-align:left">{html.escape(str(v))}</td></tr>' for k, v in rows)


def html_grid(rows, header=None, right=None, *, caption: str | None = None, more: int = 0) -> str:
    """A ``<table>`` of text cells (escaped, long cells cut), at most :data:`HTML_COLUMNS` columns."""
    n = max([len(r) for r in rows] + [len(header) if header is not None else 0])
    shown = min(n, HTML_COLUMNS)
    right = list(right or [False] * n)

    def cells(values, tag):  # left is the default alignment of a cell: only right is spelled out
        return "".join(f'<{tag} style="text-align:right">{_esc(v)}</{tag}>' if right[k] else f"<{tag}>{_esc(v)}</{tag}>"
                       for k, v in enumerate(values[:shown]))

    notes = []
    if more:
        notes.append(f"... and {more} more rows")
    if n > shown:
        notes.append(f"{n - shown} more columns")
    parts = ['<table style="max-width:100%">']
    if caption is not None or notes:
        text = " ".join(x for x in [caption or "", f"({'; '.join(notes)})" if notes else ""] if x)
        parts.append(f"<caption style=\"text-align:left\">{html.escape(text)}</caption>")
    if header is not None:
        parts.append(f"<tr>{cells(list(header), 'th')}</tr>")
    parts += [f"<tr>{cells(list(r), 'td')}</tr>" for r in rows]
    parts.append("</table>")
    return "".join(parts)


def svg_bars(values, heights, *, marker: float | None = None, width: int = 320, height: int = 120,
             label: str = "") -> str:
    """A small bar chart as inline SVG (no matplotlib): bars at ``values``, a red line at ``marker``.

    For a null distribution in a notebook's HTML summary; the x axis spans the values and
    the marker, the bars' heights are scaled to the highest.
    """
    import numpy as np

    values = np.asarray(values, dtype=float)
    heights = np.asarray(heights, dtype=float)
    keep = np.isfinite(values) & np.isfinite(heights)
    values, heights = values[keep], heights[keep]
    pad, base = 6, height - 16
    lo = min([*values, marker] if marker is not None and math.isfinite(marker) else values, default=0.0)
    hi = max([*values, marker] if marker is not None and math.isfinite(marker) else values, default=1.0)
    span = (hi - lo) or 1.0
    top = heights.max() if len(heights) and heights.max() > 0 else 1.0

    def x(v):
        return pad + (v - lo) / span * (width - 2 * pad)

    gaps = np.diff(np.unique(values))
    bar = max(1.0, min(0.8 * (gaps.min() / span) * (width - 2 * pad) if len(gaps) else 8.0, 24.0))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(label)}">']
    for v, h in zip(values, heights):
        bh = (base - pad) * h / top
        parts.append(f'<rect x="{x(v) - bar / 2:.1f}" y="{base - bh:.1f}" width="{bar:.1f}" height="{bh:.1f}" '
                     'fill="#4c72b0" fill-opacity="0.75"/>')
    parts.append(f'<line x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}" stroke="#444" stroke-width="1"/>')
    if marker is not None and math.isfinite(marker):
        parts.append(f'<line x1="{x(marker):.1f}" y1="{pad}" x2="{x(marker):.1f}" y2="{base}" stroke="#c44e52" '
                     'stroke-width="2"/>')
    parts.append(f'<text x="{pad}" y="{height - 3}" font-size="10">{lo:.4g}</text>')
    parts.append(f'<text x="{width - pad}" y="{height - 3}" font-size="10" text-anchor="end">{hi:.4g}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True, repr=False)
class Concentration(Rendered):
    """Concentration of a frequency vector (see :meth:`duikou.Pairings.concentration`).

    Attributes
    ----------
    side : str
        The column whose pair counts were measured.
    n : int
        Number of entities with at least one pair.
    total : int
        Number of pairs counted.
    hhi, hhi_normalized, gini, shannon, hill_1, hill_2 : float
        Herfindahl-Hirschman index sum s^2; (HHI - 1/n)/(1 - 1/n) (NaN for
        n < 2); Gini coefficient; Shannon entropy -sum s ln s (natural log);
        Hill numbers exp(H) and 1/HHI (effective number of entities).
    k : int
        Number of largest entities in ``cr_k``.
    cr_k : float
        Share of the k largest entities.
    """

    side: str
    n: int
    total: int
    hhi: float
    hhi_normalized: float
    gini: float
    shannon: float
    hill_1: float
    hill_2: float
    k: int
    cr_k: float

    @property
    def cr4(self) -> float:
        """CR_4, the top-4 share (NaN when computed with another k)."""
        return self.cr_k if self.k == 4 else math.nan

    def to_dict(self) -> dict:
        """The fields as a plain dict, in the order listed under Attributes."""
        return asdict(self)

    def to_series(self):
        """The fields as a pandas Series named ``concentration of <side>``."""
        import pandas as pd

        return pd.Series(self.to_dict(), name=f"concentration of {self.side}")

    def _rows(self) -> list:
        return [
            ("entities (n)", f"{self.n}"),
            ("pairs", f"{self.total}"),
            ("HHI", f"{self.hhi:.5f}"),
            ("normalised HHI", f"{self.hhi_normalized:.5f}"),
            ("Gini", f"{self.gini:.5f}"),
            ("Shannon H", f"{self.shannon:.5f}"),
            ("Hill exp(H)", f"{self.hill_1:.3f}"),
            ("Hill 1/HHI", f"{self.hill_2:.3f}"),
            (f"CR{self.k}", f"{self.cr_k:.5f}"),
        ]

    def _title(self) -> str:
        return f"Concentration of {self.side}s"
