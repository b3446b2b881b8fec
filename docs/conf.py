"""Sphinx configuration of duikou's documentation.

Build with ``make docs`` (HTML in ``build/docs/html``; warnings are errors).
The interpreter running Sphinx must import the duikou to document: the
project's ``.venv`` after ``make setup``, or any Python with
``PYTHONPATH=$(tools/dev.sh NAME env)``. The notebooks of ``notebooks/`` are
executed at build time in a Jupyter kernel running that same interpreter.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

import duikou  # noqa: E402  (after the path set-up above)

# -- project -------------------------------------------------------------------------
project = "duikou"
author = "the duikou developers"
copyright = "the duikou developers, MIT licence"
release = duikou.__version__
version = ".".join(release.split(".")[:2])

# -- extensions ----------------------------------------------------------------------
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "nbsphinx",
    "duikou_api",  # docs/_ext/duikou_api.py: the API reference follows duikou.__all__
    "duikou_programs",  # docs/_ext/duikou_programs.py: the Programs page, generated from the data
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = []
language = "en"

# Members are listed in source order; a member without a docstring is left out
# (no :undoc-members:), which tests/python/test_docs.py turns into a failure.
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
autosummary_generate = False  # the duikou-api directive writes no files into docs/

numpydoc_show_class_members = False  # autodoc lists the members itself
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

myst_enable_extensions = ["dollarmath", "deflist"]
myst_heading_anchors = 3

# -- notebooks (nbsphinx) ------------------------------------------------------------
# Executed on every build in a kernel that runs this interpreter (the system
# "python3" kernel points to /usr/bin/python3, which cannot see the duikou
# under test). The kernel spec is written into the doctree directory in setup().
KERNEL_NAME = "duikou-docs"
nbsphinx_execute = "always"
nbsphinx_kernel_name = KERNEL_NAME
nbsphinx_allow_errors = False
nbsphinx_timeout = 300
nbsphinx_prolog = """
.. note::

   This page is the notebook ``notebooks/{{ env.docname.split('/')[-1] }}.ipynb``,
   executed when the documentation was built.
"""

# -- HTML ----------------------------------------------------------------------------
html_theme = "furo"
html_title = f"duikou {release}"
html_static_path = ["_static"]
html_last_updated_fmt = None
html_show_sourcelink = False


def _install_kernel(app) -> None:
    """Write a Jupyter kernel spec for ``sys.executable`` and point JUPYTER_PATH at it."""
    root = Path(app.doctreedir) / "jupyter"
    spec = root / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "duikou docs", "language": "python"}))
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(root), os.environ.get("JUPYTER_PATH")]))
    os.environ.setdefault("MPLBACKEND", "Agg")  # the kernel inherits it: no display needed


def setup(app):
    app.connect("builder-inited", _install_kernel)
