"""The ``duikou`` command line."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .results import Block, display_width, text_grid  # noqa: F401 (display_width: part of cli's API)

if TYPE_CHECKING:  # annotations only: importing pairings at run time would be circular
    from .pairings import Pairings

EXIT_USAGE = 2


def format_table(frame, *, floats: str = "{:.4f}") -> str:
    """Align a DataFrame for a terminal, counting wide characters as two columns."""
    block = Block.from_frame("", frame, len(frame), index=False, floats=floats)
    return "\n".join(text_grid(block.rows, block.header, block.right))


def _load(path: str | None, dataset: str | None = None):
    from . import datasets
    from .pairings import Pairings

    if dataset is not None:
        if path is not None:
            raise ValueError("give a file or --dataset, not both")
        return datasets.load(dataset)
    if path is None:
        return datasets.load()
    if path.lower().endswith(".json"):
        return Pairings.read_json(path)
    return Pairings.read_csv(path)


def report_text(pairings: Pairings) -> str:
    meta = pairings.metadata
    parts = [f"duikou report: {pairings._summary()}"]
    source = ", ".join(str(meta[k]) for k in ("document", "announced") if meta.get(k))
    if source:
        parts.append(f"source: {source}")
    parts += ["", "Partner frequency", format_table(pairings.partner_frequency())]
    if "region" in pairings.columns:
        parts += ["", "Region coverage", format_table(pairings.region_coverage())]
    parts += ["", str(pairings.concentration("partner"))]
    if "source" in pairings.columns and "url" in pairings.columns:
        shown = pairings.sources()[["version", "source", "published", "confidence", "pairs", "url"]].fillna("")
        parts += ["", "Sources", format_table(shown)]
    return "\n".join(parts)


def datasets_text() -> str:
    """The table printed by ``duikou datasets``."""
    from . import datasets

    table = datasets.list()[["name", "title", "period", "level", "versions", "pairs", "recipients", "partners",
                             "complete"]]
    total = int(table["pairs"].sum())
    return (format_table(table) + f"\n\n{len(table)} programs, {total} pairs. "
            "Load one with duikou.datasets.load(NAME); report on it with `duikou report --dataset NAME`.")


def _datasets(args) -> int:
    print(datasets_text())
    return 0


def _report(args) -> int:
    pairings = _load(args.path, args.dataset)
    print(report_text(pairings))
    if args.html:
        from . import report

        print(f"\nHTML report written to {report.write_html(pairings, args.html).resolve()}")
    return 0


def _parse(args) -> int:
    from .document import read_document

    if args.output and not args.output.lower().endswith((".csv", ".json")):
        raise ValueError(f"{args.output}: the output must end in .csv or .json")
    extraction = read_document(args.path, errors=args.errors, default_order=args.default_order)
    print(f"duikou parse: {extraction._summary()}")
    if len(extraction.pairs):
        shown = extraction.pairs[["recipient", "partner", "region", "line", "basis"]].fillna("")
        print(format_table(shown))
    for w in extraction.warnings.itertuples(index=False):
        print(f"warning: line {w.line}: {w.reason}: {w.text.strip()}")
    if args.output:
        write = extraction.pairings.to_json if args.output.lower().endswith(".json") else extraction.pairings.to_csv
        write(args.output)
        print(f"wrote {len(extraction)} pairs to {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duikou", description="Statistics of pairing programs (对口).")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="partner frequency, region coverage and concentration of a table")
    report.add_argument("path", nargs="?", help="CSV or JSON pairing table (default: the built-in 2022 plan)")
    report.add_argument("--dataset", metavar="NAME",
                        help="a built-in dataset (see `duikou datasets`) instead of a file")
    report.add_argument("--html", metavar="PATH", help="also write a self-contained HTML report (tables, charts)")
    report.set_defaults(run=_report)
    listing = sub.add_parser("datasets", help="list the built-in programs (pairs, period, level, completeness)")
    listing.set_defaults(run=_datasets)
    parse = sub.add_parser("parse", help="extract the pairs a text or HTML document states")
    parse.add_argument("path", help="UTF-8 text or HTML file")
    parse.add_argument("-o", "--output", metavar="PATH", help="write the pairs as CSV or JSON (by extension)")
    parse.add_argument("--errors", choices=["strict", "replace"], default="strict",
                       help="invalid UTF-8: fail (default) or replace with U+FFFD")
    parse.add_argument("--default-order", choices=["recipient-first", "partner-first"],
                       help="read statements whose direction the document does not tell in this order")
    parse.set_defaults(run=_parse)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (OSError, ValueError, KeyError, TypeError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"duikou: error: {message}", file=sys.stderr)
        return EXIT_USAGE
