import inspect
import os

import pytest

import duikou


@pytest.fixture(scope="session")
def plan():
    """The built-in 2022 plan."""
    return duikou.datasets.load("revolutionary-base-areas-2022")


@pytest.fixture(scope="session")
def exact_budget():
    """The CPU budget of exact enumeration for tests that expect a small null space (the 2022 plan)
    to be enumerated: the default of Pairings.test in a normal build; under the sanitizers
    (tools/sanitize.sh preloads the ASan runtime) the core runs several times slower, so the
    budget grows with it and the tests still check the same outcome."""
    default = inspect.signature(duikou.Pairings.test).parameters["exact_budget"].default
    return default * 30 if "asan" in os.environ.get("LD_PRELOAD", "") else default
