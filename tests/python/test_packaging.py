"""The sdist round trip: sdist -> wheel -> fresh virtual environment -> smoke test.

Builds the sdist of this source tree with ``python -m build --no-isolation``
(Debian's python3-build), builds a wheel from it with pip inside a fresh
``/usr/bin/python3 -m venv --system-site-packages`` environment (a full
compile of the C++ core: the sdist must carry every source the build needs),
installs the wheel there offline, and runs duikou from that environment,
away from the source tree and from any PYTHONPATH.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a full compile: run by make test (ctest pytest-slow) or `pytest -m slow`

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

SMOKE = """
import sys
import duikou
assert duikou.__file__.startswith(sys.prefix), duikou.__file__
print(duikou.__version__)
freq = duikou.datasets.load("revolutionary-base-areas-2022").partner_frequency()
row = freq.iloc[0]
assert (row["partner"], row["pairs"]) == ("深圳市", 3), freq.head()
assert len(duikou.gazetteer.load_gazetteer()) == 371
listing = duikou.datasets.list()
assert len(listing) >= 10 and listing["pairs"].sum() >= 250, listing
assert len(duikou.datasets.load_all()) > 0
"""


def _run(cmd, *, env, cwd):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, cwd=cwd)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return proc


@pytest.fixture(scope="module")
def clean_env(tmp_path_factory):
    """The environment without anything that points at the source tree or a dev build."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["DUIKOU_CMAKE_BUILD_DIR"] = str(tmp_path_factory.mktemp("cmake"))  # not inside the unpacked sdist
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.fixture(scope="module")
def sdist(tmp_path_factory, clean_env):
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--outdir", out, ROOT], env=clean_env, cwd=ROOT)
    (path,) = out.glob("*.tar.gz")
    return path


@pytest.fixture(scope="module")
def venv(tmp_path_factory, sdist, clean_env):
    """(environment directory, wheel): the wheel built from the sdist and installed into a fresh venv."""
    work = tmp_path_factory.mktemp("venv")
    env_dir = work / "env"
    _run([SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", env_dir], env=clean_env, cwd=work)
    pip = [env_dir / "bin" / "python", "-m", "pip"]
    wheels = work / "wheels"
    _run([*pip, "wheel", "--no-build-isolation", "--no-deps", "--no-index", "-w", wheels, sdist],
         env=clean_env, cwd=work)
    (wheel,) = wheels.glob("*.whl")
    _run([*pip, "install", "--no-deps", "--no-index", wheel], env=clean_env, cwd=work)
    return env_dir, wheel


def test_sdist_carries_what_the_build_needs(sdist):
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert sdist.name == f"duikou-{VERSION}.tar.gz"
    for required in ("CMakeLists.txt", "setup.py", "pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md",
                     "bindings/module.cpp", "bindings/pybind.hpp", "cpp/include/duikou/table.hpp",
                     "cpp/src/table.cpp", "python/duikou/__init__.py", "python/duikou/_core.pyi",
                     "python/duikou/py.typed", "python/duikou/data/README.md",
                     "python/duikou/data/revolutionary-base-areas-2022.json", "python/duikou/data/gazetteer.csv",
                     "python/duikou/data/programs/index.csv", "python/duikou/data/programs/README.md",
                     "python/duikou/data/programs/name-exceptions.csv",
                     "python/duikou/data/programs/xinjiang-aid-2010.csv"):
        assert required in names, f"the sdist lacks {required}"
    # every C++ source and binding of the tree, and nothing built
    tree = {str(p.relative_to(ROOT)) for d in ("cpp", "bindings", "cmake")
            for p in (ROOT / d).rglob("*") if p.is_file()}
    assert tree <= names, f"the sdist lacks {sorted(tree - names)}"
    assert not [n for n in names if n.endswith((".so", ".o", ".a", ".pyc")) or n.startswith(("build/", "tests/"))]


def test_wheel_carries_the_module_and_the_data(sdist, venv):
    _, wheel = venv
    with tarfile.open(sdist) as tar:
        package_files = {n.split("/python/", 1)[1] for n in tar.getnames()
                         if "/python/duikou/" in n and tar.getmember(n).isfile()}
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        metadata = whl.read(f"duikou-{VERSION}.dist-info/METADATA").decode()
        entry_points = whl.read(f"duikou-{VERSION}.dist-info/entry_points.txt").decode()
    assert any(n.startswith("duikou/_core.") and n.endswith(".so") for n in names), sorted(names)
    assert package_files <= names, f"in the sdist but not in the wheel: {sorted(package_files - names)}"
    assert f"Version: {VERSION}" in metadata
    assert "duikou = duikou.cli:main" in entry_points


def test_installed_package_runs(venv, clean_env, tmp_path):
    env_dir, _ = venv
    proc = _run([env_dir / "bin" / "python", "-c", SMOKE], env=clean_env, cwd=tmp_path)
    assert proc.stdout.strip() == VERSION
    report = _run([env_dir / "bin" / "duikou", "report"], env=clean_env, cwd=tmp_path).stdout
    assert "深圳市" in report and "发改振兴〔2022〕766号" in report
    shenzhen = next(line for line in report.splitlines() if line.startswith("深圳市"))
    assert shenzhen.split()[1] == "3"
