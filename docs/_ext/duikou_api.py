"""The ``duikou-api`` directive: API reference pages that follow ``duikou.__all__``.

A public name added to ``duikou.__all__`` (or to the ``__all__`` of a public
module), or a public method added to a documented class, appears in the
reference without editing the docs. Members without a docstring are left out
by autodoc (no ``:undoc-members:``); tests/python/test_docs.py then fails.

Usage (a kind without public names emits nothing, not even its title)::

    .. duikou-api:: summary              tables of every public name, by kind
    .. duikou-api:: class Pairings       one class: table of members, then the entries
    .. duikou-api:: classes              every other public class, a section each
    .. duikou-api:: functions
    .. duikou-api:: exceptions
    .. duikou-api:: modules              every public module, a section each

The option ``:title:`` puts a section title above what the directive emits.
"""

from __future__ import annotations

import importlib
import inspect
import types

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

PACKAGE = "duikou"
KINDS = {"classes": "Classes", "functions": "Functions", "exceptions": "Exceptions", "modules": "Modules"}
OWN_PAGE = ("Pairings",)  # classes with a page of their own, left out of "classes"


def public_objects() -> dict[str, object]:
    """``{name: object}`` for every name in ``duikou.__all__`` except dunder names.

    A submodule listed in ``__all__`` that the package does not import itself is imported here.
    """
    package = importlib.import_module(PACKAGE)
    return {name: getattr(package, name) if hasattr(package, name) else importlib.import_module(f"{PACKAGE}.{name}")
            for name in package.__all__ if not name.startswith("__")}


def kind_of(obj) -> str:
    if isinstance(obj, types.ModuleType):
        return "modules"
    if inspect.isclass(obj):
        return "exceptions" if issubclass(obj, BaseException) else "classes"
    return "functions" if callable(obj) else "data"


def own_doc(raw) -> str:
    """The docstring an attribute carries itself (not that of its type), '' if none."""
    if isinstance(raw, (classmethod, staticmethod)):
        raw = raw.__func__
    if isinstance(raw, property):
        doc = raw.__doc__ or (raw.fget.__doc__ if raw.fget else None)
    elif inspect.isroutine(raw) or inspect.isclass(raw):
        doc = raw.__doc__
    else:
        return ""  # plain data: documented by the class docstring's Attributes section
    return (doc or "").strip()


def public_members(cls) -> list[tuple[str, bool]]:
    """``(name, documented)`` for the public methods and properties of a duikou class, in source order."""
    members = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith(PACKAGE):
            continue
        for name, raw in vars(klass).items():
            if not name.startswith("_") and (inspect.isroutine(raw) or isinstance(raw, (property, classmethod,
                                                                                        staticmethod))):
                members[name] = bool(own_doc(raw))
    return list(members.items())


def _autosummary(names: list[str]) -> list[str]:
    return [".. autosummary::", "", *[f"   ~{name}" for name in names], ""] if names else []


def _title(text: str, underline: str) -> list[str]:
    return [text, underline * max(len(text), 4), ""]


def _class_lines(name: str, cls) -> list[str]:
    full = f"{PACKAGE}.{name}"
    lines = _autosummary([f"{full}.{m}" for m, doc in public_members(cls) if doc])
    directive = "autoexception" if issubclass(cls, BaseException) else "autoclass"
    return lines + [f".. {directive}:: {full}", ""]


def _module_lines(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:  # functions and classes defined in the module itself
        names = [n for n, v in vars(module).items() if not n.startswith("_") and
                 (inspect.isfunction(v) or inspect.isclass(v)) and v.__module__ == module.__name__]
    lines = _title(module.__name__, "-")
    lines += _autosummary([f"{module.__name__}.{n}" for n in names])
    return lines + [f".. automodule:: {module.__name__}", ""]


class DuikouApi(SphinxDirective):
    required_arguments = 1
    optional_arguments = 1
    option_spec = {"title": directives.unchanged_required}

    def run(self):
        what = self.arguments[0]
        objects = public_objects()
        # Re-read the page when the package's __init__ (its __all__) changes.
        self.env.note_dependency(importlib.import_module(PACKAGE).__file__)
        of_kind = {kind: {n: o for n, o in objects.items() if kind_of(o) == kind} for kind in KINDS}
        if what == "summary":
            lines = []
            for kind, title in KINDS.items():
                full = [o.__name__ if kind == "modules" else f"{PACKAGE}.{n}" for n, o in of_kind[kind].items()]
                if full:
                    lines += [f".. rubric:: {title}", "", *_autosummary(full)]
        elif what == "class":
            name = self.arguments[1] if len(self.arguments) == 2 else None
            if name not in of_kind["classes"]:
                raise self.error(f"duikou-api class: {name!r} is not a public class of {PACKAGE}")
            lines = _class_lines(name, objects[name])
        elif what in ("classes", "exceptions"):
            lines = [line for n, o in of_kind[what].items() if n not in OWN_PAGE
                     for line in _title(n, "-") + _class_lines(n, o)]
        elif what == "functions":
            lines = [line for n in of_kind[what] for line in (f".. autofunction:: {PACKAGE}.{n}", "")]
        elif what == "modules":
            lines = [line for o in of_kind[what].values() for line in _module_lines(o)]
        else:
            raise self.error(f"duikou-api: unknown argument {what!r}; use summary, class NAME, {', '.join(KINDS)}")
        if lines and "title" in self.options:
            lines = _title(self.options["title"], "=") + lines
        node = nodes.container()
        node.document = self.state.document
        nested_parse_with_titles(self.state, StringList(lines, source=f"<duikou-api {what}>"), node)
        return node.children


def setup(app):
    app.add_directive("duikou-api", DuikouApi)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
