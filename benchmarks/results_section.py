"""Writes a benchmark's tables into its own marked section of BENCHMARKS.md."""

from __future__ import annotations


def update_file(path: str, begin: str, end: str, text: str, command: str) -> None:
    """Replaces the text between the markers ``begin`` and ``end`` of ``path``; other sections stay as they are."""
    with open(path, encoding="utf-8") as f:
        content = f.read()
    if begin not in content or end not in content:
        raise SystemExit(f"{path} has no {begin} ... {end} markers")
    head, rest = content.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{head}{begin}\nCommand: `{command}`\n\n{text}\n{end}{tail}")
