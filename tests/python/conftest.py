import pytest

import duikou


@pytest.fixture(scope="session")
def plan():
    """The built-in 2022 plan."""
    return duikou.datasets.load("revolutionary-base-areas-2022")
