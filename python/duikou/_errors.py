"""The one shape of a bad-input error raised from Python: an InputError that says where.

The C++ readers raise :class:`duikou.InputError` with the attributes ``source``,
``line`` and ``field`` (None when they do not apply); :func:`input_error` gives the
errors raised by the Python layer the same attributes and the same message prefix
(``"<source>, line 3, field 'partner': ..."``), so callers can rely on both.
"""

from __future__ import annotations

from . import _core

InputError = _core.InputError
# Shown as duikou.InputError (tracebacks, repr), where users import it from.
InputError.__module__ = "duikou"


def row_place(lines, row: int) -> str:
    """A row of a table as people find it: ``line N`` of its source file when ``lines`` (each
    row's line, indexable by row, or None) is known, else ``row N`` counted from 1."""
    return f"row {int(row) + 1}" if lines is None else f"line {int(lines[[int(row)]][0])}"


def input_error(message: str, *, source: str, line: int | None = None, field: str | None = None,
                row: int | None = None, located: bool = False) -> InputError:
    """An InputError about ``source`` (a path, ``<DataFrame>``, ``<records>``, ``<codes>``).

    The message starts with the place: the source, then ``line N`` (a line of the
    source file), ``row N`` (a row of a table without lines: ``row`` is its 0-based
    position, shown counted from 1 as people count rows) and ``field 'name'``, each
    when given. ``located=True``: the message already names the place and is used as it
    is (a report of several rows); the attributes are still set. Use as
    ``raise input_error(...)``.
    """
    if not located:
        where = [str(source)]
        if line is not None:
            where.append(f"line {line}")
        if row is not None:
            where.append(f"row {row + 1}")
        if field is not None:
            where.append(f"field '{field}'")
        message = ", ".join(where) + ": " + message
    error = InputError(message)
    error.source, error.line, error.field = source, None if line is None else int(line), field
    return error
