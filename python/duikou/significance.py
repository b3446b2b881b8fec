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
        Why the test is not exact, or that the statistic cannot vary under
        this null model; empty otherwise.
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
        chain = self.parameters.get("chain_length", 1)
        x = np.asarray(self.null, dtype=float)
        if len(x) < 2:
            return math.nan
        same_chain = (np.arange(len(x) - 1) // chain) == (np.arange(1, len(x)) // chain)
        a, b = x[:-1][same_chain], x[1:][same_chain]
        if len(a) < 3 or np.std(a) == 0 or np.std(b) == 0:
            return math.nan
        return float(np.corrcoef(a, b)[0, 1])

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

    def plot(self, ax=None):
        """Null distribution with the observed value marked.

        Exact results show the exact probabilities; otherwise the draws
        (bars at each value when they take at most 50 distinct values, else a
        histogram). The title gives the p-value.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure when None.

        Returns
        -------
        matplotlib.axes.Axes
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.5))
        finite = self.null[np.isfinite(self.null)]
        if self.exact:
            values = self.distribution["value"].to_numpy()
            heights = self.distribution["probability"].to_numpy()
            label, ylabel = "exact null distribution", "probability"
        else:
            values, counts = np.unique(finite, return_counts=True)
            heights = counts / max(len(finite), 1)
            label, ylabel = f"null ({self.n} draws)", "share of draws"
        if self.exact or len(values) <= 50:
            gaps = np.diff(values)
            width = 0.8 * gaps.min() if len(gaps) else 1.0
            ax.bar(values, heights, width=width, color="C0", alpha=0.7, label=label)
        else:
            ax.hist(finite, bins=40, density=True, color="C0", alpha=0.7, label=label)
            ylabel = "density"
        ax.axvline(self.observed, color="C3", linewidth=2, label=f"observed {_fmt(self.observed)}")
        ax.set_xlabel(self.statistic)
        ax.set_ylabel(ylabel)
        kind = "exact" if self.exact else "sampled"
        ax.set_title(f"{self._title()}: p = {self.p_value:.3g} ({self.alternative}, {kind})")
        ax.legend(loc="best", fontsize="small")
        return ax


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
    def test(self, statistic: Statistic, *, n: int = DEFAULT_DRAWS, alternative: str = "greater",
             seed: int | None = None, exact: bool | str = "auto", threads: int | None = None,
             progress: bool | None = None, by: str = "region",
             groups: Sequence[str] = ("recipient_province", "partner_province")) -> NullModelResult:
        """Compare a statistic of the table with its values on random tables.

        Parameters
        ----------
        statistic : str or callable
            A built-in name (:data:`STATISTICS`): ``"max_frequency"``,
            ``"hhi"``, ``"gini"``, ``"same_group"``, ``"mean_distance"``,
            ``"reach"``, ``"co_serving"``; or a function of a
            :class:`duikou.Pairings` returning a number, called on the
            observed table and on every random table (documented slow path:
            each random table is built as a Pairings; no exact mode).
        n : int
            Number of random tables (default 999; 0 is allowed when the test
            is exact).
        alternative : {"greater", "less", "two-sided"}
            "greater" asks whether the observed value is unusually large.
        seed : int, optional
            Makes the run reproducible; a random seed is chosen and recorded
            in the result when None.
        exact : {"auto", True, False}
            "auto": exact p-value when the null space can be enumerated (see
            :mod:`duikou.significance`), else sampled with the reason in
            ``result.note``. True: the same, but a fallback also emits
            :class:`ExactFallbackWarning`. False: always sampled. The ``n``
            draws are made either way (for ``result.null`` and the plot).
        threads : int, optional
            Worker threads (default: all cores). Does not change the result.
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
        NullModelResult

        Examples
        --------
        >>> plan = duikou.datasets.load().resolve()
        >>> plan.test("same_group", seed=1).p_value  # doctest: +SKIP
        0.0019...
        """
        _check_alternative(alternative)
        if exact not in ("auto", True, False):
            raise ValueError(f"exact must be 'auto', True or False, got {exact!r}")
        seed = _seed(seed)
        n = _draws(n)
        parameters = self.parameters
        if callable(statistic):
            return self._test_callable(statistic, n, alternative, seed, exact, threads, progress, parameters)
        if statistic not in STATISTICS:
            raise ValueError(f"unknown statistic {statistic!r}; use one of {', '.join(STATISTICS)} "
                             "or a function of a Pairings")
        core_statistic = self._statistic(statistic, by, groups, parameters)
        observed = core_statistic.observed()
        distribution, note = None, ""
        if exact:
            try:
                d = _core.null_exact(self._sampler, core_statistic)
                distribution = pd.DataFrame({"value": d["values"], "probability": d["probabilities"]})
                distribution.attrs["tables"] = float(np.exp(d["log_tables"]))  # NaN: not counted
            except _core.ExactUnavailable as e:
                note = f"not exact: {e}"
                if exact is True:
                    warnings.warn(f"{statistic}: {e}; the p-value is sampled from {n} draws instead",
                                  ExactFallbackWarning, stacklevel=3)
        else:
            note = "not exact: exact=False"
        if distribution is None and n == 0:
            raise ValueError("n must be at least 1 when the test is sampled")
        with _progress(n, progress, statistic) as bar:
            null = _core.null_sample(self._sampler, core_statistic, n, seed, threads=_threads(threads),
                                     progress=bar.update_to if bar is not None else None)
        return _result(statistic, observed, null, alternative, seed, self.method, parameters, distribution, note)

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
        return _core.NullStatistic(self._sampler, name, **kwargs)

    def _test_callable(self, function, n, alternative, seed, exact, threads, progress, parameters):
        name = getattr(function, "__name__", repr(function))
        if n == 0:
            raise ValueError("n must be at least 1 for a Python statistic (it has no exact mode)")
        note = "not exact: a Python statistic has no exact mode"
        if exact is True:
            warnings.warn(f"{name}: a Python statistic has no exact mode; the p-value is sampled from {n} draws",
                          ExactFallbackWarning, stacklevel=3)
        observed = _number(function(self._pairings), name)
        null = np.empty(n, dtype=float)
        with _progress(n, progress, name) as bar:
            for i, table in enumerate(self._tables(n, seed, threads, bar)):
                null[i] = _number(function(table), name)
        return _result(name, observed, null, alternative, seed, self.method, parameters, None, note)


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
    result = NullModelResult(statistic=statistic, observed=observed, null=null, p_value=p, z=math.nan,
                             alternative=alternative, seed=seed, method=method, parameters=parameters,
                             exact=distribution is not None, distribution=distribution, note=note)
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


# -- entry point used by Pairings.test -------------------------------------------------------
_MODEL_OPTIONS = ("strata", "capacity", "burn_in", "thin", "chain_length")


def null_test(pairings, statistic: Statistic, null: str = "curveball", **options) -> NullModelResult:
    """Test a statistic of ``pairings`` against a null model (see :meth:`duikou.Pairings.test`).

    Options ``strata``, ``capacity``, ``burn_in``, ``thin`` and
    ``chain_length`` define the :class:`NullModel`; the others go to
    :meth:`NullModel.test`.
    """
    model_options = {k: options.pop(k) for k in _MODEL_OPTIONS if k in options}
    return NullModel(pairings, null, **model_options).test(statistic, **options)
