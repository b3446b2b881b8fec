"""Where the draws run: a progress bar for local runs, and chains as tasks on an executor or a cluster."""

from __future__ import annotations

import sys

import numpy as np

from .. import _core


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


# A task cancelled by the cluster (the only copy of the run's payload went with a dead worker)
# is sent again with the payload shipped anew, at most this many times in one run.
_MAX_RESHIPMENTS = 5


class _InCompletionOrder:
    """Futures in the order they finish; a resubmitted chain can be added while iterating."""

    def __init__(self, futures: list, dask: bool):
        if dask:
            from distributed import as_completed

            self._dask = as_completed(futures)
        else:
            self._dask = None
            self._pending = set(futures)

    def add(self, future) -> None:
        if self._dask is not None:
            self._dask.add(future)
        else:
            self._pending.add(future)

    def __iter__(self):
        if self._dask is not None:
            yield from self._dask
            return
        from concurrent.futures import FIRST_COMPLETED, wait

        while self._pending:
            done, self._pending = wait(self._pending, return_when=FIRST_COMPLETED)
            yield from done


def _distributed_sample(executor, payload: dict, n: int, seed: int, task_length: int, bar) -> np.ndarray:
    """Sends one task per chain to ``executor`` and assembles the blocks in draw order.

    A task the cluster cancels (it does so when the only copy of scattered data
    is lost with a worker) is submitted again; a task depends only on its
    arguments, so the result does not change.
    """
    if not (hasattr(executor, "submit") and callable(executor.submit)):
        raise TypeError("executor must be a concurrent.futures.Executor or a dask.distributed.Client, "
                        f"got {type(executor).__name__}")
    import uuid
    from concurrent.futures import CancelledError

    payload = dict(payload, token=uuid.uuid4().hex)
    dask = _is_dask(executor)

    def ship():
        if not dask:
            return payload
        # In a list, so that it goes out as one object under a fresh key: a dict would be
        # scattered field by field under its own keys ("table", ...), shared by every run
        # of the client, and the release of an earlier run's "table" could drop this one's.
        [shipped] = executor.scatter([payload], broadcast=True, hash=False)
        return shipped

    shipments = [ship()]
    chains = {}  # future -> (first draw, shipment it was sent with)

    def submit(first: int):
        future = executor.submit(_run_chains, shipments[-1], seed, first, min(task_length, n - first))
        chains[future] = (first, len(shipments) - 1)
        return future

    out = np.empty((n, len(payload["statistics"])))
    completion = _InCompletionOrder([submit(first) for first in range(0, n, task_length)], dask)
    done = 0
    try:
        for future in completion:
            first, shipment = chains.pop(future)
            try:
                block = future.result()
            except CancelledError:
                if shipment == len(shipments) - 1:  # the first loss of this shipment: ship the payload again
                    if len(shipments) > _MAX_RESHIPMENTS:
                        raise RuntimeError(f"the executor cancelled this run's tasks {len(shipments)} times; "
                                           "check the cluster's workers and their logs") from None
                    shipments.append(ship())
                completion.add(submit(first))
                continue
            out[first:first + len(block)] = block
            done += len(block)
            if bar is not None:
                bar.update_to(done)
    except BaseException:  # Ctrl-C or a failed task: withdraw what has not run yet
        for future in chains:
            future.cancel()
        raise
    return out
