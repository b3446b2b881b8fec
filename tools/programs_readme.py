"""Write (or check) the generated part of python/duikou/data/programs/README.md from the CSV files.

    python tools/programs_readme.py          rewrite the section between the generated markers
    python tools/programs_readme.py --check  exit 1 if the README is out of date

Plain csv module only (no duikou import), so it runs anywhere.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = ROOT / "python" / "duikou" / "data" / "programs"
README = PROGRAMS / "README.md"
START, END = "<!-- generated:start -->", "<!-- generated:end -->"


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def section(meta: dict, rows: list[dict]) -> str:
    versions = sorted({r["version"] for r in rows})
    lines = [f"### `{meta['name']}`: {meta['title']}", "",
             f"{meta['title_en']}. Issuer: {meta['issuer']}. Versions: {', '.join(versions)}. "
             f"{len(rows)} pairs, {len({r['recipient'] for r in rows})} recipients, "
             f"{len({r['partner'] for r in rows})} partners. Complete: {meta['complete']}. {meta['completeness']}", "",
             "| version | document | issuer | page date | page | pairs | confidence |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    cited = Counter((r["version"], r["source"], r["issuer"], r["published"], r["url"], r["confidence"]) for r in rows)
    for (version, source, issuer, published, url, confidence), n in cited.items():
        lines.append(f"| {version} | {source} | {issuer} | {published or 'undated'} | <{url}> | {n} | {confidence} |")
    return "\n".join(lines)


def generated() -> str:
    parts = [section(meta, read(PROGRAMS / f"{meta['name']}.csv")) for meta in read(PROGRAMS / "index.csv")]
    return "\n\n".join(parts)


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{generated()}\n{END}{tail}"
    if "--check" in argv:
        if new != text:
            print(f"{README} is out of date: run python tools/programs_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
