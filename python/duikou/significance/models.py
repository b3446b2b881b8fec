"""Null models bound to a table (NullModel), their options, and the entry point of Pairings.test."""

from __future__ import annotations

import math
import warnings
from typing import Callable, Iterator, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from .. import _core
from .. import resolve as _resolution
from .diagnostics import _PSEUDO_CHAIN, _warn_if_unmixed
from .executors import _distributed_sample, _progress
from .inputs import _capacity_array, _codes, _group_pair, _per_id
from .results import NullModelResults, _check_alternative, _number, _result

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
#: Default number of draws.
DEFAULT_DRAWS = 999
_MAX_SEED = 2**64 - 1

Statistic = Union[str, Callable]


class ExactFallbackWarning(UserWarning):
    """``exact=True`` was asked for, but the null space cannot be enumerated.

    The result is then sampled; ``result.exact`` is False and ``result.note``
    gives the reason. With ``exact="auto"`` (the default) the same fallback
    happens without a warning.
    """


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
            pairings._pair_table, method, strata=strata_codes, capacity=capacity_array,
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
        frame = p._data.copy()
        labels = p._names("partner")
        frame["partner"] = labels[partner_codes]
        for column, per_partner in self._partner_columns().items():
            frame[column] = per_partner[partner_codes]
        return p._derive(frame, codes={"recipient": p._pair_table.codes("recipient"),
                                       "partner": partner_codes.astype(np.int32)},
                         source=f"{p.source} (null model draw)", lines=None)

    def _partner_columns(self) -> dict:
        if not hasattr(self, "_partner_values"):
            p = self._pairings
            f = _core.frequency(p._pair_table, "partner")
            self._partner_values = {}
            for column in p._data.columns:
                if isinstance(column, str) and column.startswith("partner_"):
                    values = np.empty(len(p._names("partner")), dtype=object)
                    values[f["ids"]] = p._data[column].to_numpy(dtype=object)[f["first_row"]]
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
        table = self._pairings._pair_table
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
