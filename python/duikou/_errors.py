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


def input_error(message: str, *, source: str, line: int | None = None, field: str | None = None,
                row: int | None = None, located: bool = False) -> InputError:
    """An InputError about ``source`` (a path, ``<DataFrame>``, ``<records>``, ``<codes>``).

    The message starts with the place: the source, then ``line N`` (a line of the
    source file), ``row N`` (a row of a table without lines) and ``field 'name'``, each
    when given. ``located=True``: the message already names the place and is used as it
    is (a report of several rows); the attributes are still set. Use as
    ``raise input_error(...)``.
    """
    if not located:
        where = [str(source)]
        if line is not None:
            where.append(f"line {line}")
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field '{field}'")
        message = ", ".join(where) + ": " + message
    error = InputError(message)
    error.source, error.line, error.field = source, None if line is None else int(line), field
    return error
