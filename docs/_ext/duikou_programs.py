"""The ``duikou-programs`` directive: the Programs page, generated from the shipped data.

One section per built-in dataset (``duikou.datasets.names()``): title, issuer,
period, level, versions, counts, completeness and confidence (from
``duikou.datasets.list()``), the sources cited by its rows
(``Pairings.sources()``), a small chart of its partners (``plot.partner_frequency``,
inline SVG), and, for a program with several versions, ``duikou.diff`` between
each version and the next, run at build time. Nothing is written into docs/.

Usage::

    .. duikou-programs::
"""

from __future__ import annotations


from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


def _indent(text: str, by: str = "   ") -> list[str]:
    return [by + line if line else "" for line in text.splitlines()]


def _program_lines(row, duikou) -> list[str]:
    name = row["name"]
    title = f"{row['title']} (``{name}``)"
    lines = [title, "-" * (len(title) * 2), ""]
    table = duikou.datasets.load(name)
    meta = table.metadata
    complete = "yes" if row["complete"] else "no"
    lines += [f"- **Issuer:** {row['issuer']}",
              f"- **Period:** {row['period']} · **recipient level:** {row['level']} · **versions:** {row['versions']}",
              f"- **Counts (all versions):** {row['pairs']} pairs, {row['recipients']} recipients, "
              f"{row['partners']} partners",
              f"- **Complete:** {complete}" + (f" -- {meta['completeness']}" if meta.get("completeness") else ""),
              f"- **Confidence (rows):** {row['confidence']}", ""]
    every = duikou.datasets.load(name, version="all")
    sources = every.sources()
    lines += [f"**Sources** ({len(sources)} citations):", ""]
    for cite in sources.fillna("").to_dict("records"):
        where = f" `{cite['url']} <{cite['url']}>`__" if cite.get("url") else ""
        date = f", {cite['published']}" if cite.get("published") else ""
        version = f"[{cite['version']}] " if cite.get("version") else ""
        lines.append(f"- {version}{cite['source']}{date}{where} -- {cite['pairs']} pair(s)"
                     + (f", {cite['confidence']}" if cite.get("confidence") else ""))
    lines.append("")
    from duikou.report import chart_svg

    svg = chart_svg(lambda: table.plot.partner_frequency(top=8), key=f"prog-{name}")
    version_note = f" ({meta['version']} list)" if meta.get("version") not in (None, "all") else ""
    lines += [f"Partners by pairs{version_note}, the eight largest:", "", ".. raw:: html", ""]
    lines += _indent(f"<figure>{svg}</figure>")
    lines.append("")
    versions = meta.get("versions") or []
    if len(versions) > 1 and meta.get("version") != "all":
        lines += ["**Versions compared** with ``duikou.diff`` (run when these docs were built). "
                  "Where the later list is partial, *dropped* means *not recorded in it*.", ""]
        for old, new in zip(versions, versions[1:]):
            result = duikou.diff(duikou.datasets.load(name, version=old), duikou.datasets.load(name, version=new))
            lines += [f"``{old}`` → ``{new}``:", "", ".. code-block:: text", ""]
            lines += _indent(str(result))
            lines.append("")
    return lines


class ProgramsDirective(SphinxDirective):
    has_content = False

    def run(self):
        import duikou

        listing = duikou.datasets.list()
        lines = [f"{len(listing)} programs, {int(listing['pairs'].sum())} pairs in all.", ""]
        for row in listing.to_dict("records"):
            lines += _program_lines(row, duikou)
        container = __import__("docutils").nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(self.state, StringList(lines, source="duikou-programs"), container)
        return container.children


def setup(app):
    app.add_directive("duikou-programs", ProgramsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
