"""Results of null-model tests and how they show: NullModelResult, NullModelResults, p-values."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..results import Block, Rendered, svg_bars
from .diagnostics import _PSEUDO_CHAIN, Diagnostics, _chain_matrix, _fmt, _lag1, diagnose

ALTERNATIVES = ("greater", "less", "two-sided")
# Values within this relative distance of the observed one count as ties ("as extreme").
_TIE_TOLERANCE = 1e-9


# -- the result ------------------------------------------------------------------------
@dataclass(frozen=True, eq=False, repr=False)
class NullModelResult(Rendered):
    """Outcome of a test against a null model (see :meth:`duikou.Pairings.test`).

    Attributes
    ----------
    statistic : str
        Name of the statistic (a callable's ``__name__``).
    observed : float
        Its value on the observed table.
    null : numpy.ndarray
        Its value on each of the ``n`` random tables, in draw order.
    p_value : float
        For ``alternative="greater"``, p = (1 + b) / (1 + n) with b the draws
        at least as large as the observed value ("less": at most as large);
        "two-sided" doubles the smaller one-sided p-value (at most 1). When
        ``exact``, the same tails are probabilities of the exact null
        distribution, e.g. P(T >= observed). Values within a relative 1e-9 of
        the observed one count as ties. References: Davison & Hinkley (1997),
        Bootstrap Methods and their Application, ch. 4; North, Curtis & Sham
        (2002), Am. J. Hum. Genet. 71:439.
    z : float
        (observed - mean) / sd of the null distribution (exact moments when
        ``exact``, else of the draws with ddof=1); NaN when sd is 0.
    alternative : {"greater", "less", "two-sided"}
    seed : int
        Seed of the draws: the same seed and parameters give the same draws.
    method : str
        ``"curveball"`` or ``"fixed_recipients"``.
    parameters : dict
        Everything else that defines the draws and the statistic (burn_in,
        thin, chain_length, strata, capacity, by, groups).
    exact : bool
        True when ``p_value`` and ``z`` come from the exact null distribution.
    distribution : pandas.DataFrame or None
        When ``exact``: ``value`` and ``probability`` of every value the
        statistic takes under the null model; also ``attrs["tables"]``, the
        number of tables in the null space.
    note : str
        Whether the test is exact and why (the size bound, the time budget,
        a statistic without an exact mode), and whether the statistic cannot
        vary under this null model.
    diagnostics : Diagnostics
        Mixing of the draws: split R-hat, effective sample size and lag-1
        autocorrelation over the chains (see :class:`Diagnostics`).
    """

    statistic: str
    observed: float
    null: np.ndarray
    p_value: float
    z: float
    alternative: str
    seed: int
    method: str
    parameters: dict
    exact: bool
    distribution: pd.DataFrame | None
    note: str
    diagnostics: "Diagnostics | None" = None

    @property
    def n(self) -> int:
        """Number of random tables drawn."""
        return len(self.null)

    @property
    def mean(self) -> float:
        """Mean of the null distribution (exact when ``exact``, else of the draws)."""
        return _moments(self)[0]

    @property
    def sd(self) -> float:
        """Standard deviation of the null distribution (exact, or of the draws with ddof=1)."""
        return _moments(self)[1]

    @property
    def extreme(self) -> int:
        """Draws at least as extreme as the observed value: b in p = (1 + b) / (1 + n).

        "greater": draws at least as large (ties within a relative 1e-9
        count); "less": at most as large; "two-sided": those of the smaller
        tail. The draws' count also when ``exact`` (the p-value then does not
        use it).
        """
        greater, less = _tail_counts(self.observed, self.null)
        return {"greater": greater, "less": less}.get(self.alternative, min(greater, less))

    @property
    def min_p_value(self) -> float:
        """The smallest p-value these draws can give: 1 / (1 + n), twice that two-sided.

        With 999 draws no test can be more significant than p = 0.001: draw
        more tables to tell smaller p-values apart. For an exact test, the
        probability of the most extreme value of the null distribution in the
        tested direction.
        """
        if self.exact:
            values, probabilities = self.distribution["value"], self.distribution["probability"]
            top = float(probabilities[values == values.max()].sum())
            bottom = float(probabilities[values == values.min()].sum())
            return _tail(top, bottom, self.alternative)
        return _tail(1 / (1 + self.n), 1 / (1 + self.n), self.alternative)

    @property
    def autocorrelation(self) -> float:
        """Lag-1 autocorrelation of the draws within chains: a mixing check.

        curveball draws of one chain follow each other ``thin`` trades apart;
        a value near 0 means they are close to independent. A large value
        (say above 0.3) means the p-value is still valid but its Monte Carlo
        error is larger than for independent draws: raise ``thin``.
        fixed_recipients draws are independent. NaN with fewer than 3 pairs
        of consecutive draws or no variation.
        """
        return _lag1(self.null, self.parameters.get("chain_length", 1))

    def _rows(self) -> list:
        mean, sd = _moments(self)
        source = "exact" if self.exact else f"{self.n} draws"
        rows = [
            ("observed", _fmt(self.observed)),
            ("null", f"mean {_fmt(mean)}, sd {_fmt(sd)} ({source})"),
            ("p-value", f"{self.p_value:.4g} ({self.alternative}{', exact' if self.exact else ''})"),
            ("z-score", _fmt(self.z)),
        ]
        if not self.exact and self.n > 0:
            rows.insert(3, ("draws", self._draws_text()))
        if self.exact:
            tables = self.distribution.attrs["tables"]
            size = f"{tables:.4g} tables" if math.isfinite(tables) else "tables not counted"
            rows.append(("null space", f"{size}; {self.n} draws also kept"))
        if self.diagnostics is not None and self.n > 0:
            rows.append(("mixing", self.diagnostics.summary()))
        rows.append(("seed", str(self.seed)))
        shown = ", ".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}"
                          for k, v in self.parameters.items() if v is not None)
        rows.append(("parameters", shown or "-"))
        if self.note:
            rows.append(("note", self.note))
        return rows

    def _draws_text(self) -> str:
        """ "0 of 999 draws as high; p = 0.001 is the smallest possible"."""
        greater, less = _tail_counts(self.observed, self.null)
        counts = {"greater": f"{greater} of {self.n} draws as high", "less": f"{less} of {self.n} draws as low",
                  "two-sided": f"{greater} of {self.n} draws as high, {less} as low"}[self.alternative]
        return f"{counts}; p = {self.min_p_value:.4g} is the smallest possible"

    def _title(self) -> str:
        return f"{self.statistic} under {self.method}"

    def _headline(self) -> str:
        return f"NullModelResult: {self._title()}"

    def _figure(self) -> str | None:
        if self.exact:
            return svg_bars(self.distribution["value"], self.distribution["probability"], marker=self.observed)
        finite = self.null[np.isfinite(self.null)]
        if len(finite) == 0:
            return None
        values, counts = np.unique(finite, return_counts=True)
        if len(values) > 40:  # a histogram of 40 bins for continuous statistics
            counts, edges = np.histogram(finite, bins=40)
            values = (edges[:-1] + edges[1:]) / 2
        return svg_bars(values, counts, marker=self.observed)

    def plot(self, kind: str = "null", *, labels: str = "en", ax=None):
        """The null distribution with the observed value, or the chains' traces.

        Parameters
        ----------
        kind : {"null", "trace"}
            "null": the exact probabilities when ``exact``, else a histogram
            of the draws, with the observed value and the p-value
            (:func:`duikou.plot.null_distribution`). "trace": the draws of
            each chain in order, one line per chain, with the observed value;
            chains that do not overlap, or long runs on one side, show
            that the chains have not mixed (raise ``thin``).
        labels : {"zh", "en"}
            Language of the axis words.
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure when None.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from .. import plot as _plot

        if kind == "trace":
            return _trace(self, labels, ax)
        if kind != "null":
            raise ValueError(f"kind must be 'null' or 'trace', got {kind!r}")
        finite = self.null[np.isfinite(self.null)]
        ax = _plot.null_distribution(finite, self.observed, self.p_value, statistic=self.statistic,
                                     distribution=self.distribution if self.exact else None,
                                     labels=labels, ax=ax)
        source = "exact" if self.exact else "sampled"
        ax.set_title(f"{self._title()}: p = {self.p_value:.3g} ({self.alternative}, {source})", fontsize="medium")
        return ax


def _trace(result: NullModelResult, labels: str, ax):
    from .. import plot as _plot

    chains = _chain_matrix(result.null, result.parameters.get("chain_length") or _PSEUDO_CHAIN)
    title = f"{result._title()}: {result.diagnostics.summary()}" if result.diagnostics is not None else None
    return _plot.null_traces(chains, result.observed, statistic=result.statistic, title=title, labels=labels, ax=ax)


def _moments(result: NullModelResult) -> tuple:
    if result.exact:
        v = result.distribution["value"].to_numpy()
        p = result.distribution["probability"].to_numpy()
        mean = float(np.sum(v * p))
        return mean, float(math.sqrt(max(np.sum(p * (v - mean) ** 2), 0.0)))
    x = result.null[np.isfinite(result.null)]
    if len(x) == 0:
        return math.nan, math.nan
    return float(x.mean()), float(x.std(ddof=1)) if len(x) > 1 else math.nan


def _tail_counts(observed: float, null: np.ndarray) -> tuple:
    """Draws at least as large and at most as large as the observed value (ties within 1e-9 count)."""
    null = np.asarray(null, dtype=float)
    if math.isnan(observed):
        return 0, 0
    tol = _TIE_TOLERANCE * max(1.0, abs(observed))
    return int(np.count_nonzero(null >= observed - tol)), int(np.count_nonzero(null <= observed + tol))


def p_value(observed: float, null: np.ndarray, alternative: str = "greater") -> float:
    """Monte Carlo p-value (1 + b) / (1 + n) of an observed value against null draws.

    b counts the draws at least as extreme as the observed value (within a
    relative 1e-9, so that ties count): ``null >= observed`` for "greater",
    ``null <= observed`` for "less"; "two-sided" is min(1, 2 min(p_greater,
    p_less)). Adding one to both counts treats the observed table as one
    more draw, so the p-value is never 0 and the test keeps its level
    (Davison & Hinkley 1997, ch. 4; North, Curtis & Sham 2002).

    Parameters
    ----------
    observed : float
    null : array of float
        The statistic on the random tables; NaN draws count in n only.
    alternative : {"greater", "less", "two-sided"}

    Returns
    -------
    float
    """
    _check_alternative(alternative)
    null = np.asarray(null, dtype=float)
    if math.isnan(observed):
        return math.nan
    at_least, at_most = _tail_counts(observed, null)
    return _tail((1 + at_least) / (1 + len(null)), (1 + at_most) / (1 + len(null)), alternative)


def exact_p_value(observed: float, values: np.ndarray, probabilities: np.ndarray,
                  alternative: str = "greater") -> float:
    """P-value from an exact null distribution: P(T >= observed), P(T <= observed), or twice the smaller.

    Ties within a relative 1e-9 count, as in :func:`p_value`.
    """
    _check_alternative(alternative)
    if math.isnan(observed):
        return math.nan
    values, probabilities = np.asarray(values, dtype=float), np.asarray(probabilities, dtype=float)
    tol = _TIE_TOLERANCE * max(1.0, abs(observed))
    greater = float(probabilities[values >= observed - tol].sum())
    less = float(probabilities[values <= observed + tol].sum())
    return _tail(min(greater, 1.0), min(less, 1.0), alternative)


def _tail(greater: float, less: float, alternative: str) -> float:
    if alternative == "greater":
        return greater
    if alternative == "less":
        return less
    return min(1.0, 2 * min(greater, less))


def _check_alternative(alternative):
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {ALTERNATIVES}, got {alternative!r}")


# -- several statistics ---------------------------------------------------------------------
def holm(p_values) -> np.ndarray:
    """Holm's step-down adjustment of p-values (Holm 1979, Scand. J. Statist. 6:65); NaN stays NaN.

    The i-th smallest of k p-values becomes max over j <= i of min(1, (k - j + 1) p_(j)).
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, math.nan)
    known = np.flatnonzero(~np.isnan(p))
    order = known[np.argsort(p[known], kind="mergesort")]
    k = len(order)
    running = 0.0
    for i, index in enumerate(order):
        running = max(running, min(1.0, (k - i) * p[index]))
        out[index] = running
    return out


class NullModelResults(Rendered, Sequence):
    """Several statistics tested on the same random tables (``test([...])``).

    A sequence of :class:`NullModelResult` (index by position or by
    statistic name), each identical to a separate run with the same seed.
    ``summary`` puts them side by side with Holm-adjusted p-values, which
    keep the family-wise error rate when several statistics are tested.
    """

    def __init__(self, results: Sequence[NullModelResult]):
        self._results = list(results)

    def __len__(self) -> int:
        return len(self._results)

    def __getitem__(self, key):
        if isinstance(key, str):
            for r in self._results:
                if r.statistic == key:
                    return r
            raise KeyError(f"no statistic {key!r}; have {[r.statistic for r in self._results]}")
        return self._results[key]

    @property
    def summary(self) -> pd.DataFrame:
        """One row per statistic: observed, null mean and sd, z, p-value, Holm-adjusted p-value, exact."""
        rows = [{"statistic": r.statistic, "observed": r.observed, "null_mean": r.mean, "null_sd": r.sd,
                 "z": r.z, "p_value": r.p_value, "exact": r.exact} for r in self._results]
        frame = pd.DataFrame(rows, columns=["statistic", "observed", "null_mean", "null_sd", "z", "p_value",
                                            "exact"])
        frame.insert(6, "p_holm", holm(frame["p_value"].to_numpy()))
        return frame

    @property
    def diagnostics(self) -> pd.DataFrame:
        """One row per statistic: r_hat, ess, autocorrelation, chains, draws_per_chain, ok.

        See :class:`Diagnostics`.
        """
        return pd.DataFrame([{"statistic": r.statistic, **r.diagnostics.as_dict()} for r in self._results])

    def _title(self) -> str:
        first = self._results[0]
        return f"{len(self)} statistics under {first.method}, {first.n} draws, seed {first.seed}"

    def _headline(self) -> str:
        return f"NullModelResults: {self._title()}"

    def _blocks(self) -> list:
        shown = self.summary.copy()
        shown["exact"] = shown["exact"].map({True: "exact", False: "sampled"})
        return [Block.from_frame("tests", shown, len(shown), index=False, floats="{:.4g}")]


def _number(value, name: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"statistic {name} must return a number, got {type(value).__name__}") from None


def _result(statistic, observed, null, alternative, seed, method, parameters, distribution, note):
    observed = float(observed)
    null = np.asarray(null, dtype=float)
    if distribution is not None:
        p = exact_p_value(observed, distribution["value"], distribution["probability"], alternative)
    else:
        p = p_value(observed, null, alternative)
    diagnostics = diagnose(null, parameters.get("chain_length", 1), independent=method != "curveball")
    result = NullModelResult(statistic=statistic, observed=observed, null=null, p_value=p, z=math.nan,
                             alternative=alternative, seed=seed, method=method, parameters=parameters,
                             exact=distribution is not None, distribution=distribution, note=note,
                             diagnostics=diagnostics)
    mean, sd = _moments(result)
    z = (observed - mean) / sd if sd > 0 and not math.isnan(observed) else math.nan
    if sd == 0:
        fixed = f"{statistic} does not vary under this null model (it is fixed by what the model keeps)"
        note = f"{note}; {fixed}" if note else fixed
    elif alternative != "two-sided" and (observed < mean if alternative == "greater" else observed > mean):
        # A one-sided test asks about one tail; an observed value in the other one answers "no" to it,
        # which a large p-value alone does not say.
        other, side = ("less", "below") if alternative == "greater" else ("greater", "above")
        tail = (f"the observed value is {side} the null mean, in the other tail than alternative="
                f"'{alternative}' asks about; alternative='{other}' or 'two-sided' tests that direction")
        note = f"{note}; {tail}" if note else tail
    object.__setattr__(result, "z", float(z))
    object.__setattr__(result, "note", note)
    return result
