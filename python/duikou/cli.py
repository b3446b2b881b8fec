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


STDIN = "-"  # a path of "-" reads standard input, as shell tools do


def _decoded(path: str, encoding: str | None) -> str | None:
    """The text of standard input (path "-") decoded with ``encoding``; None for a file (the readers decode it)."""
    if path != STDIN:
        return None
    data = sys.stdin.buffer.read()
    name = "<stdin>"
    codec = encoding or "utf-8"
    try:
        return data.decode("utf-8-sig" if codec.replace("_", "-").lower() in ("utf-8", "utf8") else codec)
    except LookupError:
        raise ValueError(f"--encoding {encoding}: no such encoding (try utf-8, gbk or gb18030)") from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(f"{name}, line {line}: cannot be read as {codec} (byte offset {error.start}); "
                         "name the file's encoding with --encoding") from None


def _check_encoding(encoding: str | None) -> None:
    import codecs

    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValueError(f"--encoding {encoding}: no such encoding (try utf-8, gbk or gb18030)") from None


def _on_invalid_error(error) -> ValueError:
    """The invalid-rows error with the command line's option in place of the Python argument."""
    from .pairings import ON_INVALID_HINT

    text = str(error).replace(ON_INVALID_HINT, "Pass --on-invalid keep to keep them or --on-invalid drop "
                                               "to drop them.")
    return ValueError(text)


def _load(path: str | None, dataset: str | None = None, *, on_invalid: str = "error",
          encoding: str | None = None):
    import io

    from . import InputError, datasets
    from .pairings import Pairings

    if dataset is not None:
        if path is not None:
            raise ValueError("give a file or --dataset, not both")
        return datasets.load(dataset)
    if path is None:
        return datasets.load()
    _check_encoding(encoding)
    text = _decoded(path, encoding)
    is_json = path.lower().endswith(".json") if text is None else text.lstrip()[:1] in ("{", "[")
    source, options = path, {"on_invalid": on_invalid, "encoding": encoding}
    if text is not None:  # standard input, already decoded
        source, options["encoding"] = io.StringIO(text), None
        source.name = "<stdin>"
    try:
        if is_json:
            return Pairings.read_json(source, **options)
        return Pairings.read_csv(source, **options)
    except InputError as error:
        raise _on_invalid_error(error) from None


def report_text(pairings: Pairings, *, labels: str = "zh") -> str:
    meta = pairings.metadata
    parts = [f"duikou report: {pairings._summary()}"]
    source = ", ".join(str(meta[k]) for k in ("document", "announced") if meta.get(k))
    if source:
        parts.append(f"source: {source}")
    parts += ["", "Partner frequency", format_table(pairings.partner_frequency(labels=labels))]
    if "region" in pairings.columns:
        parts += ["", "Region coverage", format_table(pairings.region_coverage(labels=labels))]
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
    pairings = _load(args.path, args.dataset, on_invalid=args.on_invalid, encoding=args.encoding)
    print(report_text(pairings, labels=args.labels))
    if args.html:
        from . import report

        print(f"\nHTML report written to {report.write_html(pairings, args.html).resolve()}")
    return 0


def _parse(args) -> int:
    from . import InputError
    from .document import parse_text, read_document

    if args.output and not args.output.lower().endswith((".csv", ".json")):
        raise ValueError(f"{args.output}: the output must end in .csv or .json")
    options = dict(errors=args.errors, default_order=args.default_order, on_invalid=args.on_invalid)
    _check_encoding(args.encoding)
    text = _decoded(args.path, args.encoding)
    try:
        if text is None:
            extraction = read_document(args.path, encoding=args.encoding, **options)
        else:
            extraction = parse_text(text, source="<stdin>", **options)
    except InputError as error:
        raise _on_invalid_error(error) from None
    print(f"duikou parse: {extraction._summary()}")
    if len(extraction.pairs):
        shown = extraction.pairs[["recipient", "partner", "region", "line", "basis"]].fillna("")
        if args.labels == "en":  # the names in English where the gazetteer knows them
            from .resolve import decode

            table = extraction.pairings
            shown = shown.assign(**{side: decode(table, side, table._pair_table.codes(side), "en")
                                    for side in ("recipient", "partner")})
        print(format_table(shown))
    for w in extraction.warnings.itertuples(index=False):
        print(f"warning: line {w.line}: {w.reason}: {w.text.strip()}")
    if args.unread:
        print(f"unread: {len(extraction.unread)} lines name places but gave no pair")
        for u in extraction.unread.itertuples(index=False):
            print(f"unread: line {u.line}: {u.names}: {u.reason}")
    if args.output:
        write = extraction.pairings.to_json if args.output.lower().endswith(".json") else extraction.pairings.to_csv
        write(args.output)
        print(f"wrote {len(extraction)} pairs to {args.output}")
    return 0


def _test(args) -> int:
    pairings = _load(args.path, args.dataset, on_invalid=args.on_invalid, encoding=args.encoding)
    result = pairings.test(args.statistic, args.method, n=args.n, alternative=args.alternative, seed=args.seed)
    print(result)
    return 0


def _input_options(command, *, on_invalid_help: str) -> None:
    """The options every command that reads a table or document takes."""
    command.add_argument("--on-invalid", choices=["error", "keep", "drop"], default="error",
                         help=on_invalid_help)
    command.add_argument("--encoding", metavar="CODEC",
                         help="the input's encoding when not UTF-8 (gbk, gb18030, big5, ...; Python's codec names)")


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .significance import ALTERNATIVES, DEFAULT_DRAWS, METHODS, STATISTICS

    parser = argparse.ArgumentParser(prog="duikou", description="Statistics of pairing programs (对口).")
    parser.add_argument("--version", action="version", version=f"duikou {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    table_help = "CSV or JSON pairing table, - for standard input (default: the built-in 2022 plan)"
    rows_help = ("rows with a missing name, a self-pair or a repeated pair: fail listing them (default), keep "
                 "them or drop them")
    report = sub.add_parser("report", help="partner frequency, region coverage and concentration of a table")
    report.add_argument("path", nargs="?", help=table_help)
    report.add_argument("--dataset", metavar="NAME",
                        help="a built-in dataset (see `duikou datasets`) instead of a file")
    report.add_argument("--html", metavar="PATH", help="also write a self-contained HTML report (tables, charts)")
    report.add_argument("--labels", choices=["zh", "en"], default="zh",
                        help="names as written (zh, default) or in English (en)")
    _input_options(report, on_invalid_help=rows_help)
    report.set_defaults(run=_report)
    test = sub.add_parser("test", help="test a statistic against a null model (random tables keeping degrees)")
    test.add_argument("statistic", choices=list(STATISTICS), help="the statistic to test")
    test.add_argument("path", nargs="?", help=table_help)
    test.add_argument("--dataset", metavar="NAME", help="a built-in dataset instead of a file")
    test.add_argument("--method", choices=list(METHODS), default="curveball",
                      help="the null model (default curveball: keeps both sides' degrees)")
    test.add_argument("--n", type=int, default=DEFAULT_DRAWS, help=f"random tables to draw (default {DEFAULT_DRAWS})")
    test.add_argument("--seed", type=int, help="seed of the draws (the same seed gives the same result)")
    test.add_argument("--alternative", choices=list(ALTERNATIVES), default="greater",
                      help="the tail tested (default greater)")
    _input_options(test, on_invalid_help=rows_help)
    test.set_defaults(run=_test)
    listing = sub.add_parser("datasets", help="list the built-in programs (pairs, period, level, completeness)")
    listing.set_defaults(run=_datasets)
    parse = sub.add_parser("parse", help="extract the pairs a text or HTML document states")
    parse.add_argument("path", help="text or HTML file (UTF-8 unless --encoding), - for standard input")
    parse.add_argument("-o", "--output", metavar="PATH", help="write the pairs as CSV or JSON (by extension)")
    parse.add_argument("--errors", choices=["strict", "replace"], default="strict",
                       help="invalid UTF-8: fail (default) or replace with U+FFFD")
    parse.add_argument("--default-order", choices=["recipient-first", "partner-first"],
                       help="read statements whose direction the document does not tell in this order")
    parse.add_argument("--unread", action="store_true",
                       help="also list every line that names places but gave no pair, with the reason")
    parse.add_argument("--labels", choices=["zh", "en"], default="zh",
                       help="names as written (zh, default) or in English where the gazetteer knows them (en)")
    _input_options(parse, on_invalid_help="a pair the table cannot hold (a place paired with itself): fail "
                                          "(default), keep it or drop it")
    parse.set_defaults(run=_parse)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    # argparse reads the positionals of `test STATISTIC [PATH]` in one go: a PATH after options comes back here
    if len(extra) == 1 and getattr(args, "path", "") is None and (extra[0] == STDIN or not extra[0].startswith("-")):
        args.path = extra[0]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.run(args)
    except (OSError, ValueError, KeyError, TypeError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"duikou: error: {message}", file=sys.stderr)
        return EXIT_USAGE
