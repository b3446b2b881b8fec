"""Null-model chains on a dask.distributed cluster: same result as the local run, even when a worker dies.

A LocalCluster of two worker processes listens on 127.0.0.1 only; a
fixture finalizer shuts it down whatever happens in the tests.
"""

import logging
import os
import signal
import threading

import numpy as np
import pandas as pd
import pytest

import duikou
from duikou.significance import models

# Debian 12's distributed 2022.12 still calls tornado APIs that tornado 6.2 deprecates: not ours to fix.
pytestmark = [pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")]

distributed = pytest.importorskip("distributed", reason="dask.distributed is absent (Debian: python3-distributed)")


def synthetic(n_pairs=4000, n_recipients=900, n_partners=100, seed=0):
    rng = np.random.default_rng(seed)
    rec = rng.integers(0, n_recipients, size=n_pairs)
    par = np.minimum(rng.integers(0, n_partners, size=n_pairs), rng.integers(0, n_partners, size=n_pairs))
    frame = pd.DataFrame({"recipient": [f"r{i}" for i in rec], "partner": [f"p{i}" for i in par]}).drop_duplicates()
    frame["region"] = frame["recipient"].map(lambda r: f"g{int(r[1:]) % 30}")
    frame["recipient_province"] = frame["recipient"].map(lambda r: f"v{int(r[1:]) % 12}")
    frame["partner_province"] = frame["partner"].map(lambda p: f"v{int(p[1:]) % 12}")
    return duikou.Pairings(frame.reset_index(drop=True))


@pytest.fixture(scope="module")
def client(request):
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=logging.CRITICAL)
    client = distributed.Client(cluster)

    def shut_down():
        client.close()
        cluster.close()

    request.addfinalizer(shut_down)
    return client


# Many short chains, so that a run lasts long enough to lose a worker in its middle.
OPTIONS = dict(n=1200, seed=21, exact=False, chain_length=40, thin=2000, progress=False)


def test_cluster_result_is_identical_to_the_local_one(client):
    table = synthetic()
    local = table.test(["reach", "same_group"], **OPTIONS)
    remote = table.test(["reach", "same_group"], executor=client, **OPTIONS)
    for name in ("reach", "same_group"):
        np.testing.assert_array_equal(remote[name].null, local[name].null)
    assert remote.summary.equals(local.summary)


def test_a_worker_lost_mid_run_changes_nothing(client, monkeypatch):
    table = synthetic()
    local = table.test("reach", **OPTIONS)
    # Kill one worker process as soon as the first chain has come back.
    nanny = next(iter(client.cluster.workers.values()))
    killed = threading.Event()
    original = models._distributed_sample

    class Bar:
        def update_to(self, done):
            if not killed.is_set():
                assert done < OPTIONS["n"]  # the run is not over
                os.kill(nanny.process.process.pid, signal.SIGKILL)
                killed.set()

    def with_bar(executor, payload, n, seed, task_length, bar):
        return original(executor, payload, n, seed, task_length, Bar())

    monkeypatch.setattr(models, "_distributed_sample", with_bar)
    remote = table.test("reach", executor=client, **OPTIONS)
    assert killed.is_set()
    np.testing.assert_array_equal(remote.null, local.null)


def test_chains_cancelled_with_their_lost_payload_are_sent_again(client, monkeypatch):
    """What the cluster does when the only copy of the scattered payload dies with a worker:
    it cancels every task that needs it. Here the payload is cancelled on purpose, so the
    path is taken on every run, not only when a kill happens to hit the one worker holding it."""
    table = synthetic()
    local = table.test("reach", **OPTIONS)
    shipped = []
    scatter = client.scatter
    monkeypatch.setattr(client, "scatter", lambda *args, **kwargs: shipped.append(scatter(*args, **kwargs))
                        or shipped[-1])
    original = models._distributed_sample

    class Bar:
        def update_to(self, done):
            if len(shipped) == 1:
                client.cancel(shipped[0], force=True)

    monkeypatch.setattr(models, "_distributed_sample", lambda executor, payload, n, seed, task_length, bar:
                        original(executor, payload, n, seed, task_length, Bar()))
    remote = table.test("reach", executor=client, **OPTIONS)
    assert len(shipped) == 2  # the payload went out once more
    np.testing.assert_array_equal(remote.null, local.null)
