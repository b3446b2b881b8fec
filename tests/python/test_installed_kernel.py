"""The `duikou` kernel make registers (make kernel; make demo and make test do it too), seen as a user sees it.

Outside the tests' own kernel specs: the system's `jupyter kernelspec list` must list it, and Debian's
nbclient must run every notebook with it, from the environment of a plain shell (no JUPYTER_PATH, no
PYTHONPATH into a build folder). It therefore checks the duikou installed in the interpreter the kernel
names (.venv after make), which make test has just rebuilt. Run with ``pytest -m jupyter``.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

pytestmark = pytest.mark.jupyter

NOTEBOOKS = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))
# What a plain shell does not have: the variables tests and tools/dev.sh set to point elsewhere.
NOT_A_USERS = ("JUPYTER_PATH", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "PYTHONPATH",
               "LD_PRELOAD", "PYTHONWARNINGS")


def users_environment() -> dict:
    return {k: v for k, v in os.environ.items() if k not in NOT_A_USERS}


@pytest.fixture(scope="module")
def installed():
    listing = subprocess.run(["/usr/bin/jupyter", "kernelspec", "list", "--json"], env=users_environment(),
                             capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0, listing.stderr[-2000:]
    specs = json.loads(listing.stdout)["kernelspecs"]
    assert "duikou" in specs, f"`jupyter kernelspec list` has no duikou kernel ({sorted(specs)}): run make kernel"
    return specs["duikou"]


def test_system_jupyter_lists_the_duikou_kernel(installed):
    spec = installed["spec"]
    assert spec["display_name"] == "Python 3 (duikou)"
    assert "PYTHONPATH" not in spec.get("env", {}), "the installed kernel must not depend on a build folder"
    imported = subprocess.run([spec["argv"][0], "-c", "import duikou; print(duikou.__file__)"],
                              env=users_environment(), capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, f"{spec['argv'][0]} cannot import duikou: {imported.stderr[-2000:]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_installed_kernel_runs_the_notebook(path, installed, monkeypatch):
    for name in NOT_A_USERS:
        monkeypatch.delenv(name, raising=False)
    from jupyter_client.kernelspec import KernelSpecManager

    # the kernel the notebook names resolves, for this client too, to the installed spec
    assert KernelSpecManager().get_kernel_spec("duikou").resource_dir == installed["resource_dir"]
    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            assert out.get("name") != "stderr", f"{path.name} wrote to stderr: {out.get('text')}"
