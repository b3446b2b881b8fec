"""Result objects that print, render in Jupyter and convert to pandas."""

from __future__ import annotations

import html
import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Concentration:
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

    def _rows(self):
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

    def __str__(self) -> str:
        width = max(len(k) for k, _ in self._rows())
        lines = [f"Concentration of {self.side}s"]
        lines += [f"  {k:<{width}}  {v}" for k, v in self._rows()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in self._rows())
        return f"<table><caption>Concentration of {html.escape(self.side)}s</caption>{rows}</table>"
