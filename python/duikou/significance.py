"""Significance: is a pattern of a pairing table more than chance would give?

A **null model** generates random tables that keep some facts of the observed
one; a statistic's value on the observed table is compared with its values on
the random tables. Which facts to keep is the question being asked, so the
choice is explicit (:class:`NullModel`):

``"curveball"``
    Keeps every recipient's and every partner's number of pairs (both degree
    sequences) and randomises who is paired with whom (Strona et al. 2014,
    Nat. Commun. 5:4114). Answers "given how many pairs each place has, is
    this arrangement unusual?" (same-province share, distances, regions a
    partner serves). Partner frequencies are kept, so ``max_frequency``,
    ``hhi`` and ``gini`` cannot vary under it.
``"fixed_recipients"``
    Keeps each recipient's number of partners; partners are drawn without
    replacement from the program's partners (those in the table), uniformly
    or in proportion to ``capacity``. Partner frequencies vary, so "Shenzhen
    appears three times: is that unusual?" is testable.
``strata="region"`` (either model)
    Randomises only within groups of recipients. curveball trades only
    between two recipients of one group, which also keeps each partner's
    number of pairs inside every group (the group x partner coverage
    matrix); fixed_recipients draws a recipient's partners only from the
    partners its group has in the table.

Built-in statistics are computed in C++ on every draw (see :data:`STATISTICS`);
any Python callable on a :class:`duikou.Pairings` also works, more slowly.

Sampling is multi-threaded; draw i uses its own random stream derived from
(seed, i), so a result depends on the seed and the parameters, never on the
number of threads. Ctrl-C stops a run within about 0.1 s with
KeyboardInterrupt.

Where the null space is small enough to enumerate (the 2022 plan: 20
recipients of one partner each, about 5.1e16 tables), the p-value is exact
(counted, cf. Miller & Harrison 2013, Ann. Statist. 41:1569) and the result
says so; otherwise it comes from the draws.
"""

from __future__ import annotations

import html
import math
import sys
import warnings
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from . import resolve as _resolution

METHODS = ("curveball", "fixed_recipients")
#: Built-in statistics, computed in C++ on every draw (N pairs, f(p) pairs of partner p).
STATISTICS = {
    "max_frequency": "largest number of pairs of one partner, max_p f(p)",
    "hhi": "Herfindahl-Hirschman index of partner frequencies, sum (f(p)/N)^2",
    "gini": "Gini coefficient of partner frequencies, sum_i sum_j |f_i - f_j| / (2 n^2 mean)",
    "same_group": "share of pairs whose recipient group equals the partner group (groups=), "
                  "among pairs with both groups known",
    "mean_distance": "mean great-circle distance of the pairs in km (haversine, R = 6371.0088 km)",
    "reach": "total partner reach: sum over partners of the distinct regions (by=) they serve",
    "co_serving": "partner pairs that serve at least one common region (by=)",
}
ALTERNATIVES = ("greater", "less", "two-sided")
#: Default number of draws.
DEFAULT_DRAWS = 999
# Values within this relative distance of the observed one count as ties ("as extreme").
_TIE_TOLERANCE = 1e-9
_MAX_SEED = 2**64 - 1

Statistic = Union[str, Callable]


class ExactFallbackWarning(UserWarning):
    """``exact=True`` was asked for, but the null space cannot be enumerated.

    The result is then sampled; ``result.exact`` is False and ``result.note``
    gives the reason. With ``exact="auto"`` (the default) the same fallback
    happens without a warning.
    """


# -- the result ------------------------------------------------------------------------
@dataclass(frozen=True, eq=False, repr=False)
class NullModelResult:
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

    def _title(self) -> str:
        return f"{self.statistic} under {self.method}"

    def __repr__(self) -> str:
        rows = self._rows()
        width = max(len(k) for k, _ in rows)
        return "\n".join([f"NullModelResult: {self._title()}"] + [f"  {k:<{width}}  {v}" for k, v in rows])

    def _repr_html_(self) -> str:
        cells = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
                        f"{html.escape(v)}</td></tr>" for k, v in self._rows())
        return f"<table><caption>Null model test: {html.escape(self._title())}</caption>{cells}</table>"

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
        from . import plot as _plot

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
    from . import plot as _plot

    chains = _chain_matrix(result.null, result.parameters.get("chain_length") or _PSEUDO_CHAIN)
    title = f"{result._title()}: {result.diagnostics.summary()}" if result.diagnostics is not None else None
    return _plot.null_traces(chains, result.observed, statistic=result.statistic, title=title, labels=labels, ax=ax)


def _fmt(x: float) -> str:
    return "nan" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.6g}"


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
    tol = _TIE_TOLERANCE * max(1.0, abs(observed))
    greater = (1 + np.count_nonzero(null >= observed - tol)) / (1 + len(null))
    less = (1 + np.count_nonzero(null <= observed + tol)) / (1 + len(null))
    return _tail(greater, less, alternative)


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


# -- mixing diagnostics ---------------------------------------------------------------------
#: A run is judged only with at least MIN_CHAINS chains (Vehtari et al. 2021 recommend four or more)
#: of at least MIN_CHAIN_DRAWS draws: split R-hat's own noise is about 1/sqrt(draws per half-chain), so
#: shorter chains would cross the 1.01 limit by chance alone (with 4 chains of 200, about 1 run in 250).
MIN_CHAINS = 4
MIN_CHAIN_DRAWS = 200
#: Limits of the check: split R-hat above R_HAT_LIMIT or bulk ESS below ESS_LIMIT warns.
R_HAT_LIMIT = 1.01
ESS_LIMIT = 100
# fixed_recipients draws are independent; they are cut into chains of this many for the diagnostics.
_PSEUDO_CHAIN = 250


class MixingWarning(UserWarning):
    """The chains of a curveball run have not mixed: split R-hat > 1.01 or effective sample size < 100.

    The p-value is then less reliable than its number of draws suggests. The
    fix is more trades between draws: a larger ``thin`` (and ``burn_in``).
    """


@dataclass(frozen=True)
class Diagnostics:
    """Whether the draws of a null model have mixed (Vehtari et al. 2021, Bayesian Analysis 16:667).

    Attributes
    ----------
    r_hat : float
        Rank-normalised split R-hat: each chain is cut in half, the draws are
        replaced by normal scores of their ranks over all chains, and R-hat
        compares the variance between the half-chains with the variance
        within them; the larger of this and the same on the folded draws
        (absolute deviations from the median). 1 when the chains agree; NaN when the draws do not vary.
    ess : float
        Bulk effective sample size of the same rank-normalised split chains
        (autocorrelations summed with Geyer's initial monotone sequence):
        the number of independent draws the run is worth.
    autocorrelation : float
        Lag-1 autocorrelation of the draws within chains.
    chains : int
        Chains used (a last chain shorter than half the others is left out;
        the others are cut to the shortest).
    draws_per_chain : int
    judged : bool
        True when a curveball run has at least :data:`MIN_CHAINS` chains of
        at least :data:`MIN_CHAIN_DRAWS` draws (shorter chains are too noisy
        to judge); only then does :meth:`NullModel.test` warn.
        fixed_recipients draws are independent by construction.
    """

    r_hat: float
    ess: float
    autocorrelation: float
    chains: int
    draws_per_chain: int
    judged: bool

    @property
    def ok(self) -> bool:
        """False when judged and R-hat > 1.01 or ESS < 100 (NaN from draws that never vary counts as ok)."""
        if not self.judged:
            return True
        return not (self.r_hat > R_HAT_LIMIT or self.ess < ESS_LIMIT)

    def summary(self) -> str:
        """One line: R-hat, ESS, lag-1 autocorrelation and the chains they come from."""
        return (f"R-hat {_fmt(self.r_hat)}, ESS {_fmt(self.ess)}, lag-1 autocorrelation "
                f"{_fmt(self.autocorrelation)} ({self.chains} chain{'s' if self.chains != 1 else ''} "
                f"of {self.draws_per_chain})")

    def as_dict(self) -> dict:
        """The diagnostics and ``ok`` as a dict (one row of ``NullModelResults.diagnostics``)."""
        return {"r_hat": self.r_hat, "ess": self.ess, "autocorrelation": self.autocorrelation,
                "chains": self.chains, "draws_per_chain": self.draws_per_chain, "ok": self.ok}


def _chain_matrix(null: np.ndarray, chain_length: int) -> list:
    """The draws cut into their chains (draw i belongs to chain i // chain_length)."""
    null = np.asarray(null, dtype=float)
    return [null[start:start + chain_length] for start in range(0, len(null), max(1, int(chain_length)))]


def _equal_chains(null: np.ndarray, chain_length: int) -> np.ndarray:
    chains = _chain_matrix(null, chain_length)
    if len(chains) > 1 and len(chains[-1]) < len(chains[0]) / 2:
        chains = chains[:-1]
    length = min((len(c) for c in chains), default=0)
    return np.array([c[:length] for c in chains]) if length else np.empty((0, 0))


def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n of the values, ties given their average rank."""
    flat = x.ravel()
    order = np.argsort(flat, kind="mergesort")
    sorted_values = flat[order]
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(flat)]
    average = (starts + ends + 1) / 2.0  # mean of ranks starts+1 .. ends
    ranks = np.empty(len(flat))
    ranks[order] = np.repeat(average, ends - starts)
    return ranks.reshape(x.shape)


def _normal_scores(chains: np.ndarray) -> np.ndarray:
    """Rank normalisation: Phi^-1((rank - 3/8) / (S + 1/4)) over all draws (Blom 1958)."""
    from statistics import NormalDist

    size = chains.size
    p = (_ranks(chains) - 0.375) / (size + 0.25)
    inverse = np.vectorize(NormalDist().inv_cdf, otypes=[float])
    return inverse(p)


def _split(chains: np.ndarray) -> np.ndarray:
    half = chains.shape[1] // 2
    return np.concatenate([chains[:, :half], chains[:, -half:]]) if half else chains


def _r_hat(chains: np.ndarray) -> float:
    m, n = chains.shape
    if m < 2 or n < 2:
        return math.nan
    within = chains.var(axis=1, ddof=1).mean()
    between = n * chains.mean(axis=1).var(ddof=1)
    if within == 0:
        return math.nan
    return float(math.sqrt(((n - 1) / n * within + between / n) / within))


def _autocovariance(x: np.ndarray) -> np.ndarray:
    """Biased autocovariance of each row at lags 0 .. n-1 (by FFT)."""
    n = x.shape[1]
    centred = x - x.mean(axis=1, keepdims=True)
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, n=size, axis=1)
    return np.fft.irfft(spectrum * np.conj(spectrum), n=size, axis=1)[:, :n] / n


def _ess(chains: np.ndarray) -> float:
    """Effective sample size of chains (m x n): Vehtari et al. 2021, eqs. 10-11, Geyer's monotone sequence."""
    m, n = chains.shape
    if n < 4:
        return math.nan
    acov = _autocovariance(chains)
    mean_var = acov[:, 0].mean() * n / (n - 1)
    var_plus = mean_var * (n - 1) / n + (chains.mean(axis=1).var(ddof=1) if m > 1 else 0.0)
    if var_plus == 0:
        return math.nan
    rho = 1 - (mean_var - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # Sum pairs rho[2k] + rho[2k+1] while positive, made monotone (non-increasing).
    pairs = []
    for t in range(0, n - 1, 2):
        pair = rho[t] + rho[t + 1]
        if pair <= 0:
            break
        pairs.append(min(pair, pairs[-1]) if pairs else pair)
    tau = -1 + 2 * sum(pairs)
    total = m * n
    return float(total / max(tau, 1 / math.log10(total)))


def r_hat(chains) -> float:
    """Rank-normalised split R-hat of chains (an m x n array): max of bulk and folded (Vehtari et al. 2021)."""
    chains = np.asarray(chains, dtype=float)
    if chains.ndim != 2 or chains.size == 0 or not np.all(np.isfinite(chains)):
        return math.nan
    split = _split(chains)
    bulk = _r_hat(_normal_scores(split))
    folded = _r_hat(_normal_scores(np.abs(split - np.median(split))))
    values = [v for v in (bulk, folded) if not math.isnan(v)]
    return max(values) if values else math.nan


def effective_sample_size(chains) -> float:
    """Bulk effective sample size of chains (an m x n array), rank-normalised and split (Vehtari et al. 2021)."""
    chains = np.asarray(chains, dtype=float)
    if chains.ndim != 2 or chains.size == 0 or not np.all(np.isfinite(chains)):
        return math.nan
    if np.all(chains == chains.flat[0]):
        return math.nan
    return _ess(_normal_scores(_split(chains)))


def _lag1(null: np.ndarray, chain_length: int) -> float:
    x = np.asarray(null, dtype=float)
    if len(x) < 2:
        return math.nan
    same_chain = (np.arange(len(x) - 1) // chain_length) == (np.arange(1, len(x)) // chain_length)
    a, b = x[:-1][same_chain], x[1:][same_chain]
    if len(a) < 3 or np.std(a) == 0 or np.std(b) == 0:
        return math.nan
    return float(np.corrcoef(a, b)[0, 1])


def diagnose(null, chain_length: int, *, independent: bool = False) -> Diagnostics:
    """Mixing diagnostics of draws made in chains of ``chain_length`` consecutive draws."""
    null = np.asarray(null, dtype=float)
    length = _PSEUDO_CHAIN if independent else max(1, int(chain_length))
    chains = _equal_chains(null, length)
    if chains.size == 0:
        return Diagnostics(math.nan, math.nan, math.nan, 0, 0, False)
    return Diagnostics(r_hat=r_hat(chains), ess=effective_sample_size(chains),
                       autocorrelation=math.nan if independent else _lag1(null, length),
                       chains=chains.shape[0], draws_per_chain=chains.shape[1],
                       judged=not independent and chains.shape[0] >= MIN_CHAINS
                       and chains.shape[1] >= MIN_CHAIN_DRAWS)


def _warn_if_unmixed(results: Sequence, thin, stacklevel: int) -> None:
    for r in results:
        d = r.diagnostics
        if d is None or d.ok:
            continue
        problems = []
        if d.r_hat > R_HAT_LIMIT:
            problems.append(f"split R-hat {d.r_hat:.3f} > {R_HAT_LIMIT}")
        if d.ess < ESS_LIMIT:
            problems.append(f"effective sample size {d.ess:.0f} < {ESS_LIMIT} of {r.n} draws")
        warnings.warn(f"{r.statistic}: the chains have not mixed ({', '.join(problems)}); the p-value is less "
                      f"reliable than {r.n} draws suggest. Fix: more trades between draws, e.g. thin={4 * thin} "
                      f"(now {thin}) and a larger burn_in; result.plot(kind='trace') shows the chains",
                      MixingWarning, stacklevel=stacklevel)


# -- inputs per place id ------------------------------------------------------------------
def _input_error(pairings, message: str, field: str) -> Exception:
    error = _core.InputError(f"{pairings._source}, field '{field}': {message}")
    error.source, error.line, error.field = pairings._source, None, field
    return error


def _column_id(pairings, column: str, hint: str = "") -> str:
    try:
        return pairings._group(column)
    except KeyError as e:
        raise KeyError(f"{e.args[0]}{hint}") from None


def _per_id(pairings, side: str, row_codes: np.ndarray, column: str) -> np.ndarray:
    """Per id of ``side``: the code of ``column`` on its rows; a place with two values raises."""
    ids = pairings._table.codes(side)
    f = _core.frequency(pairings._table, side)
    out = np.full(len(pairings._uniques[side]), -1, dtype=np.int32)
    out[f["ids"]] = row_codes[f["first_row"]]
    differs = out[ids] != row_codes
    if differs.any():
        row = int(np.argmax(differs))
        first = int(np.argmax(ids == ids[row]))
        name = pairings._uniques[side][ids[row]]
        values = pairings._frame[column].to_numpy(dtype=object)
        raise _input_error(pairings, f"{side} {name!r} has {values[row]!r} at row {row} but {values[first]!r} at "
                                     f"row {first}; a null model needs one {column} per {side}", column)
    return out


def _codes(pairings, column: str, *, missing_as: str = "label", hint: str = "") -> np.ndarray:
    """Row codes of a column; with missing_as="none", missing values get code -1."""
    name = _column_id(pairings, column, hint)
    codes = pairings._table.codes(name)
    if missing_as == "none":
        missing = np.append(pd.isna(pairings._uniques[name]), True)  # code -1 is missing too
        codes = np.where(missing[codes], -1, codes).astype(np.int32)
    return codes


_RESOLVE_HINT = "; call .resolve() first (it adds recipient_province and partner_province) or pass groups="


def _group_pair(pairings, groups: Sequence[str]) -> tuple:
    """Per-recipient and per-partner codes of the two group columns, in one label space."""
    if isinstance(groups, str) or len(groups) != 2:
        raise ValueError(f"groups must be (recipient column, partner column), got {groups!r}")
    per_side = []
    for side, column in zip(("recipient", "partner"), groups):
        ids = _per_id(pairings, side, _codes(pairings, column, missing_as="none", hint=_RESOLVE_HINT), column)
        labels = np.append(np.asarray(pairings._uniques[column], dtype=object), np.nan)
        per_side.append(labels[ids])  # NaN for -1
    values = np.concatenate(per_side)
    codes, _ = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    codes = codes.astype(np.int32)
    n_rec = len(per_side[0])
    return codes[:n_rec], codes[n_rec:]


def _capacity_array(pairings, capacity) -> np.ndarray:
    if not isinstance(capacity, Mapping) and not isinstance(capacity, pd.Series):
        raise TypeError("capacity must map partner names to numbers (a dict or a pandas Series indexed by name), "
                        f"got {type(capacity).__name__}")
    capacity = dict(capacity.items())
    labels = list(pairings._uniques["partner"])
    unknown = [k for k in capacity if k not in set(labels)]
    if unknown:
        raise KeyError(f"capacity names {unknown[:5]} which are not partners of this table")
    missing = [p for p in pairings.partners if p not in capacity]
    if missing:
        raise KeyError(f"capacity lacks {len(missing)} partner(s) of the table: {missing[:5]}")
    return np.array([float(capacity.get(name, 0.0)) for name in labels], dtype=float)


# -- the null model ------------------------------------------------------------------------
class NullModel:
    """A null model bound to a pairing table: random tables that keep chosen facts of it.

    Parameters
    ----------
    pairings : duikou.Pairings
        The observed table. Null models need complete, distinct pairs (no
        missing names, no repeated pair); :class:`duikou.InputError` names
        the row otherwise.
    method : {"curveball", "fixed_recipients"}
        What to keep (see the module documentation): both degree sequences,
        or only the recipients' degrees.
    strata : str, optional
        A column with one group per recipient (``"region"``,
        ``"recipient_province"``): randomise only within groups.
    capacity : dict or pandas.Series, optional
        fixed_recipients only: partner name -> capacity (>= 0); a recipient
        draws its partners in proportion to capacity among those it has not
        drawn yet (successive sampling). Uniform when None.
    burn_in, thin : int, optional
        curveball only, in trades (one trade involves two recipients). A
        chain starts from the observed table; its first draw follows
        ``burn_in`` trades, each further draw ``thin`` more. With T
        recipients that can trade, the defaults are burn_in = 20 T (each
        recipient takes part in about 40 trades) and thin = T (about two).
        The curveball chain converges to the uniform distribution over
        tables with the observed margins (Carstens 2015, Phys. Rev. E
        91:042812); mixing is fast because one trade reshuffles all the
        partners two recipients do not share. To check a table: the
        result's :attr:`NullModelResult.autocorrelation` should be small,
        and a run with burn_in and thin ten times larger should give the
        same p-value within Monte Carlo error.
    chain_length : int, optional
        curveball only: draws per chain (default 250). Chains are
        independent and spread over threads; 1 makes every draw independent
        (each after its own burn-in).
    """

    def __init__(self, pairings, method: str = "curveball", *, strata: str | None = None,
                 capacity: Mapping | pd.Series | None = None, burn_in: int | None = None,
                 thin: int | None = None, chain_length: int | None = None):
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {method!r}")
        self._pairings = pairings
        strata_codes = None
        if strata is not None:
            strata_codes = _per_id(pairings, "recipient", _codes(pairings, strata, missing_as="none"), strata)
        capacity_array = None if capacity is None else _capacity_array(pairings, capacity)
        self._strata_codes, self._capacity_array = strata_codes, capacity_array
        self._statistic_inputs = {}  # id(NullStatistic) -> its per-id inputs, to rebuild it on a worker
        self._sampler = _core.NullSampler(
            pairings._table, method, strata=strata_codes, capacity=capacity_array,
            burn_in=-1 if burn_in is None else int(burn_in), thin=-1 if thin is None else int(thin),
            chain_length=-1 if chain_length is None else int(chain_length))
        self.method = method
        self.strata = strata
        self.capacity = capacity

    @property
    def parameters(self) -> dict:
        """The parameters that define the draws, defaults filled in."""
        out = {}
        if self.method == "curveball":
            out.update(burn_in=self._sampler.burn_in, thin=self._sampler.thin,
                       chain_length=self._sampler.chain_length)
        out["strata"] = self.strata
        if self.method == "fixed_recipients":
            out["capacity"] = "given" if self.capacity is not None else None
        return out

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.parameters.items() if v is not None)
        return f"NullModel({self.method}{', ' + shown if shown else ''}) of {self._pairings._summary()}"

    # -- draws ------------------------------------------------------------------------------
    def sample(self, n: int, *, seed: int | None = None, threads: int | None = None) -> Iterator:
        """The random tables themselves, as :class:`duikou.Pairings` (slow; for inspection and callables).

        Each recipient keeps its rows; their partners are the drawn ones.
        Columns named ``partner_*`` (as :meth:`duikou.Pairings.resolve` adds)
        move with the partner; every other column stays with its row.

        Parameters
        ----------
        n : int
            Number of tables.
        seed : int, optional
            Draw i is the same table as draw i of :meth:`test` with this seed.
        threads : int, optional
            Threads generating the tables (default: all cores).

        Yields
        ------
        duikou.Pairings
        """
        seed = _seed(seed)
        n = _draws(n)
        yield from self._tables(n, seed, threads, None)

    def _tables(self, n, seed, threads, progress) -> Iterator:
        batch = self._sampler.chain_length * max(1, 1000 // self._sampler.chain_length)
        for first in range(0, n, batch):
            count = min(batch, n - first)
            partners = _core.null_tables(self._sampler, count, seed, threads=_threads(threads), first_draw=first)
            for row in partners:
                yield self._null_pairings(row)
                if progress is not None:
                    progress.update(1)

    def _null_pairings(self, partner_codes: np.ndarray):
        p = self._pairings
        frame = p._frame.copy()
        labels = p._uniques["partner"]
        frame["partner"] = labels[partner_codes]
        for column, per_partner in self._partner_columns().items():
            frame[column] = per_partner[partner_codes]
        out = type(p).__new__(type(p))
        out._setup(frame, on_invalid="keep", metadata=p.metadata, source=f"{p._source} (null model draw)",
                   lines=None, interned={"recipient": (p._table.codes("recipient"), p._table.labels("recipient")),
                                         "partner": (partner_codes.astype(np.int32), p._table.labels("partner"))})
        return out

    def _partner_columns(self) -> dict:
        if not hasattr(self, "_partner_values"):
            p = self._pairings
            f = _core.frequency(p._table, "partner")
            self._partner_values = {}
            for column in p._frame.columns:
                if isinstance(column, str) and column.startswith("partner_"):
                    values = np.empty(len(p._uniques["partner"]), dtype=object)
                    values[f["ids"]] = p._frame[column].to_numpy(dtype=object)[f["first_row"]]
                    self._partner_values[column] = values
        return self._partner_values

    # -- tests --------------------------------------------------------------------------------
    def test(self, statistic: Statistic | Sequence[Statistic], *, n: int = DEFAULT_DRAWS,
             alternative: str = "greater", seed: int | None = None, exact: bool | str = "auto",
             exact_budget: float = 1.0, threads: int | None = None, executor=None,
             progress: bool | None = None, by: str = "region",
             groups: Sequence[str] = ("recipient_province", "partner_province")):
        """Compare a statistic of the table with its values on random tables.

        Parameters
        ----------
        statistic : str, callable, or a list of them
            A built-in name (:data:`STATISTICS`): ``"max_frequency"``,
            ``"hhi"``, ``"gini"``, ``"same_group"``, ``"mean_distance"``,
            ``"reach"``, ``"co_serving"``; or a function of a
            :class:`duikou.Pairings` returning a number, called on the
            observed table and on every random table (documented slow path:
            each random table is built as a Pairings; no exact mode). A list
            samples the tables once and tests every statistic on them:
            a :class:`NullModelResults`, each result identical to a separate
            run with the same seed.
        n : int
            Number of random tables (default 999; 0 is allowed when the test
            is exact).
        alternative : {"greater", "less", "two-sided"}
            "greater" asks whether the observed value is unusually large.
        seed : int, optional
            Makes the run reproducible; a random seed is chosen and recorded
            in the result when None.
        exact : {"auto", True, False}
            "auto": exact p-value when the null space can be enumerated
            cheaply, else sampled with the reason in ``result.note``.
            Enumeration is tried only when a bound computed from the table in
            O(pairs) allows it, and stops after ``exact_budget`` seconds. True:
            the same, but a fallback also emits :class:`ExactFallbackWarning`.
            False: always sampled. The ``n`` draws are made either way (for
            ``result.null`` and the plot).
        exact_budget : float
            Seconds of CPU time the exact enumeration may take before the
            test falls back to sampling (default 1; CPU time of the calling
            thread, so the outcome does not depend on the machine's load).
        threads : int, optional
            Worker threads (default: all cores). Does not change the result.
        executor : concurrent.futures.Executor or dask.distributed.Client, optional
            Run the chains as tasks there (one task per chain: the table,
            the seed and the chain's first draw) instead of on local threads.
            The result is identical to the local run with the same seed. See
            the guide's "Large runs".
        progress : bool, optional
            Progress bar (tqdm) for runs longer than a second. None (default):
            shown when stderr is a terminal or in IPython/Jupyter, hidden in
            scripts.
        by : str
            Region column of ``reach`` and ``co_serving`` (one value per
            recipient).
        groups : (str, str)
            Recipient and partner group columns of ``same_group``; default
            the provinces that :meth:`duikou.Pairings.resolve` adds.

        Returns
        -------
        NullModelResult, or NullModelResults for a list of statistics

        Warns
        -----
        MixingWarning
            When a curveball run of at least four chains has split R-hat
            > 1.01 or an effective sample size < 100 for a statistic.

        Examples
        --------
        >>> plan = duikou.datasets.load().resolve()
        >>> plan.test("same_group", seed=1).p_value  # doctest: +SKIP
        0.0019...
        """
        _check_alternative(alternative)
        if exact not in ("auto", True, False):
            raise ValueError(f"exact must be 'auto', True or False, got {exact!r}")
        if isinstance(exact_budget, bool) or not isinstance(exact_budget, (int, float)) or not exact_budget >= 0:
            raise ValueError(f"exact_budget must be a number of seconds >= 0, got {exact_budget!r}")
        single = isinstance(statistic, str) or callable(statistic)
        statistics = [statistic] if single else list(statistic)
        if not statistics:
            raise ValueError("statistic: give a name, a function, or a non-empty list of them")
        for s in statistics:
            if not callable(s) and s not in STATISTICS:
                raise ValueError(f"unknown statistic {s!r}; use one of {', '.join(STATISTICS)} "
                                 "or a function of a Pairings")
        names = [getattr(s, "__name__", repr(s)) if callable(s) else s for s in statistics]
        if len(set(names)) != len(names):
            raise ValueError(f"statistics must have distinct names, got {names}")
        seed = _seed(seed)
        n = _draws(n)
        base = self.parameters
        built_in = [k for k, s in enumerate(statistics) if not callable(s)]
        functions = [k for k, s in enumerate(statistics) if callable(s)]
        if functions and executor is not None:
            raise ValueError("executor= runs built-in statistics only; a Python statistic needs the tables here")

        parameters = [dict(base) for _ in statistics]
        core = {k: self._statistic(statistics[k], by, groups, parameters[k]) for k in built_in}
        observed, distribution, note = {}, {}, {}
        for k in built_in:
            observed[k] = core[k].observed()
            distribution[k], note[k] = self._exact(core[k], names[k], exact, exact_budget, n)
        for k in functions:
            observed[k] = _number(statistics[k](self._pairings), names[k])
            note[k] = "not exact: a Python statistic has no exact mode"
            distribution[k] = None
            if exact is True:
                warnings.warn(f"{names[k]}: a Python statistic has no exact mode; the p-value is sampled from "
                              f"{n} draws", ExactFallbackWarning, stacklevel=3)
        if n == 0 and any(distribution[k] is None for k in range(len(statistics))):
            raise ValueError("n must be at least 1 when the test is sampled (a Python statistic, or no exact mode)")

        null = np.empty((n, len(statistics)))
        label = names[0] if single else f"{len(statistics)} statistics"
        with _progress(n, progress, label) as bar:
            if built_in:
                null[:, built_in] = self._sample([core[k] for k in built_in], n, seed, threads, executor, bar)
            if functions:
                inner = bar if not built_in else None
                for i, table in enumerate(self._tables(n, seed, threads, inner)):
                    for k in functions:
                        null[i, k] = _number(statistics[k](table), names[k])
        results = [_result(names[k], observed[k], null[:, k].copy(), alternative, seed, self.method, parameters[k],
                           distribution[k], note[k]) for k in range(len(statistics))]
        if self.method == "curveball":
            _warn_if_unmixed(results, self._sampler.thin, stacklevel=3)
        return results[0] if single else NullModelResults(results)

    def _exact(self, core_statistic, name, exact, budget, n):
        if not exact:
            return None, "not exact: exact=False"
        try:
            d = _core.null_exact(self._sampler, core_statistic, budget=float(budget))
        except _core.ExactUnavailable as e:
            if exact is True:
                warnings.warn(f"{name}: {e}; the p-value is sampled from {n} draws instead",
                              ExactFallbackWarning, stacklevel=4)
            return None, f"not exact: {e}; sampled instead"
        distribution = pd.DataFrame({"value": d["values"], "probability": d["probabilities"]})
        distribution.attrs["tables"] = float(np.exp(d["log_tables"]))  # NaN: not counted
        bound = d["log_state_bound"] / math.log(10)
        return distribution, (f"exact: enumerated, as an O(pairs) bound of 10^{bound:.1f} partial states "
                              "allowed and within the time budget")

    def _sample(self, statistics, n, seed, threads, executor, bar):
        """The built-in statistics on draws 0 .. n-1: an (n, k) array, locally or on an executor."""
        if executor is None:
            return _core.null_sample_many(self._sampler, statistics, n, seed, threads=_threads(threads),
                                          progress=bar.update_to if bar is not None else None)
        return _distributed_sample(executor, self._payload(statistics), n, seed, self._task_length(), bar)

    def _statistic(self, name: str, by: str, groups: Sequence[str], parameters: dict):
        p = self._pairings
        kwargs = {}
        if name in ("reach", "co_serving"):
            kwargs["recipient_group"] = _per_id(p, "recipient", _codes(p, by), by)
            parameters["by"] = by
        elif name == "same_group":
            kwargs["recipient_group"], kwargs["partner_group"] = _group_pair(p, groups)
            parameters["groups"] = tuple(groups)
        elif name == "mean_distance":
            kwargs["recipient_lon"], kwargs["recipient_lat"] = _resolution.seats(p, "recipient")
            kwargs["partner_lon"], kwargs["partner_lat"] = _resolution.seats(p, "partner")
        statistic = _core.NullStatistic(self._sampler, name, **kwargs)
        self._statistic_inputs[id(statistic)] = kwargs
        return statistic

    def _table_codes(self) -> dict:
        table = self._pairings._table
        return {side: (table.codes(side), table.labels(side)) for side in ("recipient", "partner")}

    def _task_length(self) -> int:
        # One chain per task; independent fixed_recipients draws go in blocks.
        return self._sampler.chain_length if self.method == "curveball" else _PSEUDO_CHAIN

    def _payload(self, statistics) -> dict:
        """What a worker needs to rebuild the sampler and the statistics: plain arrays, picklable."""
        curveball = self.method == "curveball"
        return {"table": self._table_codes(), "method": self.method, "strata": self._strata_codes,
                "capacity": self._capacity_array, "burn_in": self._sampler.burn_in if curveball else -1,
                "thin": self._sampler.thin if curveball else -1,
                "chain_length": self._sampler.chain_length if curveball else -1,
                "statistics": [(s.kind, self._statistic_inputs[id(s)]) for s in statistics]}


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
    object.__setattr__(result, "z", float(z))
    object.__setattr__(result, "note", note)
    return result


def _seed(seed) -> int:
    if seed is None:
        return int(np.random.SeedSequence().entropy) & _MAX_SEED
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= _MAX_SEED:
        raise ValueError(f"seed must be an integer in [0, 2**64), got {seed!r}")
    return int(seed)


def _draws(n) -> int:
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    return int(n)


def _threads(threads) -> int:
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ValueError(f"threads must be a positive integer or None, got {threads!r}")
    return int(threads)


# -- progress ------------------------------------------------------------------------------
def _interactive() -> bool:
    """True in a terminal (stderr is a TTY) or in IPython/Jupyter."""
    ipython = sys.modules.get("IPython")
    if ipython is not None and getattr(ipython, "get_ipython", lambda: None)() is not None:
        return True
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


class _progress:
    """A tqdm bar shown only for runs longer than a second (tqdm's delay), or nothing."""

    def __init__(self, total: int, enabled: bool | None, description: str):
        self.bar = None
        if total <= 0 or not (_interactive() if enabled is None else enabled):
            return
        bar_class = _tqdm_class()
        if bar_class is not None:
            self.bar = bar_class(total=total, delay=1.0, desc=description, unit="draw", leave=False)

    def __enter__(self):
        if self.bar is None:
            return None
        bar = self.bar
        bar.update_to = lambda done: bar.update(done - bar.n)
        return bar

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
        return False


def _tqdm_class():
    try:
        from tqdm import std
    except ImportError:  # tqdm is optional: no bar without it
        return None
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if shell is not None and type(shell).__name__ == "ZMQInteractiveShell":
        try:  # a notebook widget needs ipywidgets; without it the text bar works in notebooks too
            import ipywidgets  # noqa: F401
            from tqdm import notebook

            return notebook.tqdm
        except ImportError:
            pass
    return std.tqdm


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


class NullModelResults(Sequence):
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
        """One row per statistic: r_hat, ess, autocorrelation, chains, draws_per_chain, ok (see :class:`Diagnostics`)."""
        return pd.DataFrame([{"statistic": r.statistic, **r.diagnostics.as_dict()} for r in self._results])

    def _title(self) -> str:
        first = self._results[0]
        return f"{len(self)} statistics under {first.method}, {first.n} draws, seed {first.seed}"

    def _rows(self) -> list:
        header = ("statistic", "observed  null mean  sd  z  p  p (Holm)")
        rows = [header]
        for row in self.summary.itertuples(index=False):
            rows.append((row.statistic, f"{_fmt(row.observed)}  {_fmt(row.null_mean)}  {_fmt(row.null_sd)}  "
                                        f"{_fmt(row.z)}  {row.p_value:.4g}  {row.p_holm:.4g}"
                                        f"{'  exact' if row.exact else ''}"))
        return rows

    def __repr__(self) -> str:
        rows = self._rows()
        width = max(len(k) for k, _ in rows)
        return "\n".join([f"NullModelResults: {self._title()}"] + [f"  {k:<{width}}  {v}" for k, v in rows])

    def _repr_html_(self) -> str:
        frame = self.summary
        return (f"<div><p>Null model tests: {html.escape(self._title())}</p>"
                f"{frame.to_html(index=False, float_format=lambda x: f'{x:.4g}')}</div>")


# -- executors ---------------------------------------------------------------------------------
# Built sampler and statistics of the last payload, per worker process (a run sends many chains).
_WORKER_CACHE: dict = {}


def _run_chains(payload: dict, seed: int, first_draw: int, count: int) -> np.ndarray:
    """A task: draws first_draw .. first_draw + count - 1 of every statistic of ``payload`` ((count, k) array).

    Runs on any process; depends only on its arguments, so a task that is
    lost with its worker gives the same block when it is run again elsewhere.
    """
    built = _WORKER_CACHE.get(payload["token"])
    if built is None:
        (rc, rl), (pc, pl) = payload["table"]["recipient"], payload["table"]["partner"]
        table = _core.PairTable(rc, rl, pc, pl)
        sampler = _core.NullSampler(table, payload["method"], strata=payload["strata"], capacity=payload["capacity"],
                                    burn_in=payload["burn_in"], thin=payload["thin"],
                                    chain_length=payload["chain_length"])
        statistics = [_core.NullStatistic(sampler, kind, **inputs) for kind, inputs in payload["statistics"]]
        _WORKER_CACHE.clear()
        built = _WORKER_CACHE[payload["token"]] = (sampler, statistics)
    sampler, statistics = built
    return _core.null_sample_many(sampler, statistics, count, seed, threads=1, first_draw=first_draw)


def _is_dask(executor) -> bool:
    return type(executor).__module__.split(".")[0] == "distributed"


def _distributed_sample(executor, payload: dict, n: int, seed: int, task_length: int, bar) -> np.ndarray:
    """Sends one task per chain to ``executor`` and assembles the blocks in draw order."""
    if not (hasattr(executor, "submit") and callable(executor.submit)):
        raise TypeError("executor must be a concurrent.futures.Executor or a dask.distributed.Client, "
                        f"got {type(executor).__name__}")
    import uuid

    payload = dict(payload, token=uuid.uuid4().hex)
    dask = _is_dask(executor)
    shipped = executor.scatter(payload, broadcast=True, hash=False) if dask else payload
    out = np.empty((n, len(payload["statistics"])))
    starts = {}
    for first in range(0, n, task_length):
        future = executor.submit(_run_chains, shipped, seed, first, min(task_length, n - first))
        starts[future] = first
    done = 0
    try:
        if dask:
            from distributed import as_completed
        else:
            from concurrent.futures import as_completed
        for future in as_completed(list(starts)):
            block = future.result()
            first = starts[future]
            out[first:first + len(block)] = block
            done += len(block)
            if bar is not None:
                bar.update_to(done)
    except BaseException:  # Ctrl-C or a failed task: withdraw what has not run yet
        for future in starts:
            future.cancel()
        raise
    return out


# -- entry point used by Pairings.test -------------------------------------------------------
def null_test(pairings, statistic, method: str = "curveball", *, n: int = DEFAULT_DRAWS,
              alternative: str = "greater", seed: int | None = None, exact: bool | str = "auto",
              exact_budget: float = 1.0, threads: int | None = None, executor=None, progress: bool | None = None,
              by: str = "region", groups: Sequence[str] = ("recipient_province", "partner_province"),
              strata: str | None = None, capacity=None, burn_in: int | None = None, thin: int | None = None,
              chain_length: int | None = None):
    """Test a statistic of ``pairings`` against a null model (see :meth:`duikou.Pairings.test`).

    ``strata``, ``capacity``, ``burn_in``, ``thin`` and ``chain_length``
    define the :class:`NullModel`; the others go to :meth:`NullModel.test`.
    """
    model = NullModel(pairings, method, strata=strata, capacity=capacity, burn_in=burn_in, thin=thin,
                      chain_length=chain_length)
    return model.test(statistic, n=n, alternative=alternative, seed=seed, exact=exact, exact_budget=exact_budget,
                      threads=threads, executor=executor, progress=progress, by=by, groups=groups)
