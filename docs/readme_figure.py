"""Draw ``docs/_static/pairings-2022.png``, the picture on the README and the docs' front page.

The built-in 2022 plan as a bipartite chart: recipients grouped by base area on
the left, their partners on the right. Run after a change to the chart or the
dataset, from the repository root, with an interpreter that imports duikou::

    .venv/bin/python docs/readme_figure.py
    PYTHONPATH=$(tools/dev.sh NAME env) .venv/bin/python docs/readme_figure.py
"""

from __future__ import annotations

from pathlib import Path

import duikou
from duikou.plot import detached_figures

OUT = Path(__file__).resolve().parent / "_static" / "pairings-2022.png"


def main() -> None:
    plan = duikou.datasets.load("revolutionary-base-areas-2022")
    with detached_figures():  # no pyplot, no display
        ax = plan.plot.bipartite(by="region")
    # No "Software" entry: the bytes depend on the drawing only, not on the matplotlib version string.
    ax.figure.savefig(OUT, dpi=100, metadata={"Software": None})
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
