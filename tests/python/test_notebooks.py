"""Execute every notebook in notebooks/ with this interpreter; any error or warning fails."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory, monkeypatch_module):
    """The kernel the notebooks name, `duikou`, registered by tools/jupyter-kernel.py under a temporary
    prefix for this interpreter (JUPYTER_PATH puts it before an installed one): the duikou under test."""
    prefix = tmp_path_factory.mktemp("jupyter")
    subprocess.run([sys.executable, "-Xfrozen_modules=off", str(ROOT / "tools" / "jupyter-kernel.py"),
                    "--prefix", str(prefix)], check=True, capture_output=True, timeout=120)
    spec = json.loads((prefix / "share/jupyter/kernels/duikou/kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and spec["display_name"] == "Python 3 (duikou)"
    monkeypatch_module.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
    monkeypatch_module.setenv("PYTHONWARNINGS", "error")
    monkeypatch_module.setenv("MPLBACKEND", "Agg")
    return "duikou"


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_names_the_duikou_kernel(path):
    kernelspec = nbformat.read(path, as_version=4).metadata.get("kernelspec", {})
    assert kernelspec == {"name": "duikou", "display_name": "Python 3 (duikou)", "language": "python"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_clean(path, kernel_name):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"
    assert nb.metadata.kernelspec.name == kernel_name  # the client starts the kernel the notebook names
    nbclient.NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            assert out.get("name") != "stderr", f"{path.name} wrote to stderr: {out.get('text')}"
