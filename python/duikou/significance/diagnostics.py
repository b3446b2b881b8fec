"""Mixing diagnostics of null-model chains: split R-hat, effective sample size, lag-1 autocorrelation."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np

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


def _fmt(x: float) -> str:
    return "nan" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.6g}"
