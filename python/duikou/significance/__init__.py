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
says so; otherwise it comes from the draws. Enumeration is tried only when an
O(pairs) bound allows it, and for at most ``exact_budget`` seconds.

Several statistics can be tested on the same draws (:class:`NullModelResults`);
every result carries mixing diagnostics (:class:`Diagnostics`); ``executor=``
runs the chains on a ``concurrent.futures.Executor`` or a dask cluster.

The package is split by concern: ``models`` (NullModel and the entry point of
``Pairings.test``), ``inputs`` (per-id groups, strata, capacities of a table),
``results`` (results, p-values and their display), ``diagnostics`` (mixing)
and ``executors`` (progress, chains as tasks).
"""

from .diagnostics import (ESS_LIMIT, MIN_CHAIN_DRAWS, MIN_CHAINS, R_HAT_LIMIT, Diagnostics, MixingWarning,
                          diagnose, effective_sample_size, r_hat)
from .models import DEFAULT_DRAWS, METHODS, STATISTICS, ExactFallbackWarning, NullModel, Statistic, null_test
from .results import ALTERNATIVES, NullModelResult, NullModelResults, exact_p_value, holm, p_value

__all__ = ["ALTERNATIVES", "DEFAULT_DRAWS", "ESS_LIMIT", "METHODS", "MIN_CHAINS", "MIN_CHAIN_DRAWS", "R_HAT_LIMIT",
           "STATISTICS", "Diagnostics", "ExactFallbackWarning", "MixingWarning", "NullModel", "NullModelResult",
           "NullModelResults", "Statistic", "diagnose", "effective_sample_size", "exact_p_value", "holm",
           "null_test", "p_value", "r_hat"]
