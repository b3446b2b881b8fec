"""Files in encodings other than UTF-8: decoded by Python's codecs, then read by the same C++ path.

The C++ readers take UTF-8. A file in GBK or GB18030 (what Chinese spreadsheets
and older government pages use) is decoded here with ``encoding=`` and handed
over as text; a page that declares its encoding in a ``<meta charset>`` (or
``http-equiv="Content-Type"``) tag is decoded with it when its bytes are not
UTF-8 (:func:`declared_charset`). A decoding error names the file, the line and
the byte offset.
"""

from __future__ import annotations

import codecs
import os
import re

from ._errors import input_error

# The WHATWG encoding standard reads these labels with a superset decoder, as browsers do.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "csgb2312": "gb18030", "chinese": "gb18030", "iso-ir-58": "gb18030", "big5": "big5hkscs",
              "x-x-big5": "big5hkscs", "cn-big5": "big5hkscs"}
# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_HEAD_BYTES = 64 * 1024  # where a page's meta tags are looked for


def codec_name(encoding: str) -> str:
    """The Python codec of an encoding label; ValueError naming the label when Python has none."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"encoding {encoding!r} is not an encoding Python knows (e.g. 'utf-8', 'gbk', "
                         "'gb18030')") from None


def is_utf8(encoding: str | None) -> bool:
    """True for None and the UTF-8 labels (the C++ readers' own path, BOM tolerated)."""
    return encoding is None or codec_name(encoding) in ("utf-8", "utf-8-sig")


def decode(data: bytes, encoding: str, *, source: str, errors: str = "strict") -> str:
    """The bytes decoded; InputError naming the source, line and byte offset of an undecodable sequence."""
    name = codec_name(encoding)
    try:
        return data.decode(name, errors)
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise input_error(f"byte offset {e.start}: bytes {data[e.start:e.end]!r} are not valid {encoding} "
                          f"({e.reason}); pass the file's encoding as encoding=", source=source,
                          line=line) from None


def read_text(path: str | os.PathLike, encoding: str) -> str:
    """A whole file decoded with ``encoding`` (OSError when it cannot be read)."""
    path = os.fspath(path)
    with open(path, "rb") as f:
        data = f.read()
    return decode(data, encoding, source=path)


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in a meta tag near its start (lower case), or None.

    GB2312 and GBK are read as GB18030, Big5 as Big5-HKSCS (their supersets,
    as browsers do); a label Python does not know gives None.
    """
    match = _META.search(data[:_HEAD_BYTES])
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    label = _SUPERSETS.get(label, label)
    try:
        codecs.lookup(label)
    except LookupError:
        return None
    return label
