"""Pairings extracted from the text of documents: notices, news articles, web pages.

:func:`parse_text` and :func:`read_document` find the pairs a document states
and return an :class:`Extraction`: a :class:`~duikou.Pairings` table, where
each pair was read (line and span), restatements, and warnings for lines that
look like pairings but could not be read. The extraction runs in C++
(``cpp/src/io/text_*.cpp``), line by line, with the GIL released.

Reading rules
-------------
Normalisation
    HTML tags and entities are removed (block tags end a line, ``<td>`` cells
    become ``|`` cells, a ``<tr>`` spanning several lines is one line;
    ``<script>``, ``<style>`` and comments are skipped). Full-width ASCII is
    folded (``１．`` -> ``1.``, ``：`` -> ``:``), dash variants (``—— — – --
    －－ ~ ～ ―``) become one separator, ``【】〔〕［］`` count as brackets.
    Traditional characters are converted to simplified with OpenCC
    (``t2s.json``); a line is converted only if it holds a character that is
    not also in simplified use, so simplified text (乾安县) is left alone.
Names
    Names are read as written, without a gazetteer: a stem and an
    administrative suffix (市 县 区 州 盟 旗 省, hence also 地区 自治州 自治区),
    possibly chained down the hierarchy (恩施州利川市). 州 needs a two-character
    stem: 梅州 and 广州 alone are short city names, not names with a suffix.
    A bracket after a name holds its region (``(赣闽粤原中央苏区)``), its
    province (``(广东)``: a hint) or a date or photo credit (ignored). A
    province prefix is split off into a hint (河北省张家口市 -> 张家口市, hint
    河北省) and carries over to the following names of the same list
    (四川省甘孜州、阿坝州: both in 四川省). A city prefix is kept
    (红河州元阳县). Category words (发达省市, 革命老区重点城市) are not names.
Statements
    *List lines*: two sides joined by a dash run or a colon, optionally
    numbered (``1.`` ``1、`` ``(1)`` ``（一）`` ``①``) or bulleted. A side may
    list several names (``、`` ``,`` ``和`` ``及`` ``与``), which are paired
    with the single name on the other side. Numbered lines and lines under a
    header accept any name; other lines need names with a suffix.
    *Tables*: cells split by ``|`` or tabs (Markdown rule rows skipped),
    under a header naming the columns (``受援城市|支援城市|所属老区``,
    ``序号<TAB>支援方<TAB>受援方<TAB>区域``). *Prose clauses*: ``A由X对口支援``;
    ``X帮扶A、B和C`` (also 对口帮扶 对口支援 援助 援建 对口合作 ...); ``A与B建立
    对口合作关系``, ``A则和B、C结对``. In prose every name needs a suffix.
Direction (which side is the recipient)
    1. Evidence in the statement: a directed verb (its subject is the
       partner; ``由`` reverses it), the header above the list or table
       (``帮扶方——受援方``, ``支援方：受援方``, ``受援城市|支援城市``), and the
       region annotation (the annotated side is the recipient, as in the 2022
       plan where each base-area city carries its region). When two of these
       disagree the statement is a warning.
    2. Otherwise, in order: the roles the rest of the document gives the
       same names ("context"); the one-to-many rule (the single side is the
       partner: one developed city helps several places); the direction of
       the other lines of the same block of list lines ("context");
       ``default_order``; else a warning.
Pairs
    Each distinct (recipient, partner) is one row of :attr:`Extraction.pairs`.
    A list or table statement is preferred to prose (a news paragraph often
    restates a list item), then the first; every other statement of the pair
    is a row of :attr:`Extraction.mentions`. A place paired with itself is a
    warning. Noise is ignored: contact and byline blocks (``电话：``,
    ``责任编辑：``, ``全国咨询热线：``), copyright footers, photo captions
    (``（某某摄）``, ``（资料图）``), navigation bars, and words injected into
    prose do not make names.
Offsets
    ``start`` and ``end`` are code-point offsets into :attr:`Extraction.text`,
    the decoded document, so ``extraction.text[start:end]`` is the statement
    as the document writes it (original script, original brackets). Lines are
    counted from 1 at ``\\n``.
Invalid UTF-8
    ``errors="strict"`` raises :class:`duikou.InputError` naming the line and
    byte offset. ``errors="replace"`` replaces each maximal ill-formed
    subsequence by U+FFFD, exactly as ``bytes.decode("utf-8", "replace")``,
    so offsets index that decoded string. A ``str`` with lone surrogates is
    treated the same way (one U+FFFD per surrogate).
"""

from __future__ import annotations

import functools
import os
import re
from typing import Mapping

import numpy as np
import pandas as pd

from . import _core, _encoding
from ._errors import input_error
from .pairings import Pairings
from .results import Block, Rendered

ERRORS = ("strict", "replace")
DEFAULT_ORDERS = (None, "recipient-first", "partner-first")
_PAIR_COLUMNS = ["recipient", "partner", "region", "recipient_province_hint", "partner_province_hint",
                 "recipient_parent", "partner_parent", "line", "start", "end", "text", "form", "basis"]
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHOWN = 10


def _blank_to_nan(values) -> np.ndarray:
    array = np.asarray(values, dtype=object)
    return np.where(array == "", np.nan, array) if len(array) else array


def _pair_frame(columns: Mapping) -> pd.DataFrame:
    return pd.DataFrame({
        "recipient": np.asarray(columns["recipient"], dtype=object),
        "partner": np.asarray(columns["partner"], dtype=object),
        "region": _blank_to_nan(columns["region"]),
        "recipient_province_hint": _blank_to_nan(columns["recipient_province"]),
        "partner_province_hint": _blank_to_nan(columns["partner_province"]),
        "recipient_parent": _blank_to_nan(columns["recipient_parent"]),
        "partner_parent": _blank_to_nan(columns["partner_parent"]),
        "line": columns["line"],
        "start": columns["start"],
        "end": columns["end"],
        "text": np.asarray(columns["text"], dtype=object),
        "form": np.asarray(columns["form"], dtype=object),
        "basis": np.asarray(columns["basis"], dtype=object),
    }, columns=_PAIR_COLUMNS)


class Extraction(Rendered):
    """The pairs read from a document (see :func:`parse_text` for the rules).

    Attributes
    ----------
    pairings : Pairings
        One row per distinct (recipient, partner) with ``recipient``,
        ``partner``, ``line`` and, when the document gives any,
        ``region``, ``recipient_province_hint``, ``partner_province_hint``.
    pairs : pandas.DataFrame
        The same rows with where they were read: ``recipient``, ``partner``,
        ``region``, ``recipient_province_hint``, ``partner_province_hint``
        (NaN when absent), ``line`` (1-based), ``start``, ``end`` (code-point
        offsets: ``text[start:end]`` is the statement as written), ``text``
        (the source line in its original script), ``form`` (``list``,
        ``table`` or ``prose``) and ``basis`` (what decided the direction:
        ``verb``, ``header``, ``annotation``, ``context``, ``one-to-many`` or
        ``default-order``).
    mentions : pandas.DataFrame
        Later statements of an extracted pair (a prose sentence restating a
        list item, a repeated line): the columns of ``pairs`` and ``pair``,
        the row of ``pairs`` restated.
    warnings : pandas.DataFrame
        ``line``, ``text``, ``reason``: lines that look like pairings but
        could not be read.
    unread : pandas.DataFrame
        ``line``, ``names``, ``reason``, ``text``: every line that names two
        or more places but gave no pair, with why (a visit or meeting, a
        friendship, a replaced pair, names without a pairing statement, or
        the warning of the line): what to check by hand (``duikou parse
        --unread``).
    text : str
        The decoded document the offsets index.
    source : str
        The path, or the ``source`` given to :func:`parse_text`.
    """

    def __init__(self, raw: Mapping, source: str, on_invalid: str = "error"):
        self.source = source
        self.text = raw["text"]
        self.pairs = _pair_frame(raw["pairs"])
        self.mentions = _pair_frame(raw["mentions"]).assign(pair=raw["mentions"]["pair"])
        warnings = raw["warnings"]
        self.warnings = pd.DataFrame({"line": warnings["line"],
                                      "text": np.asarray(warnings["text"], dtype=object),
                                      "reason": np.asarray(warnings["reason"], dtype=object)},
                                     columns=["line", "text", "reason"])
        unread = raw["unread"]
        self.unread = pd.DataFrame({"line": unread["line"],
                                    "text": np.asarray(unread["text"], dtype=object),
                                    "names": np.asarray(unread["names"], dtype=object),
                                    "reason": np.asarray(unread["reason"], dtype=object)},
                                   columns=["line", "names", "reason", "text"])
        table = self.pairs[["recipient", "partner"]].copy()
        for column in ("region", "recipient_province_hint", "partner_province_hint", "recipient_parent",
                       "partner_parent"):
            if self.pairs[column].notna().any():
                table[column] = self.pairs[column]
        table["line"] = self.pairs["line"]
        self.pairings = Pairings(table, metadata={"source": source}, on_invalid=on_invalid)

    def __len__(self) -> int:
        return len(self.pairs)

    def _summary(self) -> str:
        counts = [(len(self.pairs), "pair"), (self.pairs["region"].nunique(), "region"),
                  (len(self.mentions), "mention"), (len(self.warnings), "warning")]
        parts = [f"{n} {word}" + ("" if n == 1 else "s") for n, word in counts]
        return f"Extraction({self.source}: " + ", ".join(parts) + ")"

    # -- display (results.Rendered): the summary line, then the first pairs and warnings --
    def _title(self) -> str:
        return f"Extraction of {self.source}"

    def _headline(self) -> str:
        return self._summary()

    def _blocks(self) -> list:
        blocks = []
        if len(self.pairs):
            shown = self.pairs[["recipient", "partner", "region", "line", "form", "basis"]]
            blocks.append(Block.from_frame("Pairs", shown, _SHOWN, index=False))
        if len(self.warnings):
            rows = [[f"warning: line {w.line}:", str(w.reason)] for w in self.warnings.head(_SHOWN).itertuples()]
            blocks.append(Block("Warnings", rows, more=max(0, len(self.warnings) - _SHOWN)))
        return blocks


def _check(errors: str, default_order: str | None) -> None:
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {ERRORS}, got {errors!r}")
    if default_order not in DEFAULT_ORDERS:
        raise ValueError(f"default_order must be one of {DEFAULT_ORDERS}, got {default_order!r}")


def _place_rows():
    """(form, name, level, prefecture, province) of every known name: the gazetteer's
    county-level list when it has one (``gazetteer.place_names``), else its provinces and prefectures."""
    from . import gazetteer

    if hasattr(gazetteer, "place_names"):
        p = gazetteer.place_names()
        return [p[c].fillna("").astype(str).tolist() for c in ("form", "name", "level", "prefecture", "province")]
    g = gazetteer.load_gazetteer()
    forms, names, levels, prefectures, provinces = [], [], [], [], []
    for name, shorts, level, province in g[["name", "short_names", "level", "province"]].fillna("").values:
        for form in [name, *filter(None, str(shorts).split("|"))]:
            forms.append(form)
            names.append(name)
            levels.append(level if level in ("province", "city", "county") else "city")
            prefectures.append(name if level == "city" else "")
            provinces.append(province)
    return [forms, names, levels, prefectures, provinces]


@functools.lru_cache(maxsize=1)
def known_place_names() -> "_core.PlaceNames":
    """The reader's dictionary of known names, built once from the gazetteer and shared by every call."""
    return _core.PlaceNames(*_place_rows())


def _names_option(known_names: bool):
    return known_place_names() if known_names else None


def parse_text(text: str | bytes, *, errors: str = "strict", source: str = "<string>",
               default_order: str | None = None, known_names: bool = True,
               on_invalid: str = "error") -> Extraction:
    """Extract the pairs a document states.

    The reading rules (formats, names, direction, de-duplication, noise,
    traditional script, offsets) are listed in the :mod:`duikou.document`
    module docstring.

    Parameters
    ----------
    text : str or bytes
        The document; bytes are decoded as UTF-8.
    errors : {"strict", "replace"}
        Invalid UTF-8 (or lone surrogates in a str): "strict" raises
        :class:`duikou.InputError` naming the line and offset; "replace"
        substitutes U+FFFD as ``bytes.decode("utf-8", "replace")`` does.
    source : str
        Names the document in errors and in the result.
    default_order : {None, "recipient-first", "partner-first"}
        How to read a statement whose direction the document does not tell
        (no verb, header, region annotation or other statement about its
        names). None (default) reports it as a warning instead.
    known_names : bool
        Use the gazetteer's names (default): names without a suffix (梅州,
        苍南) are read, and direction is also decided by membership and
        program convention. False reads names by their suffix only.
    on_invalid : {"error", "keep", "drop"}
        For a pair the table cannot hold as it is (a place paired with
        itself), as in :class:`duikou.Pairings`.

    Returns
    -------
    Extraction

    Examples
    --------
    >>> x = parse_text("1. 赣州市(赣闽粤原中央苏区)——深圳市")
    >>> x.pairs[["recipient", "partner", "region"]].values.tolist()
    [['赣州市', '深圳市', '赣闽粤原中央苏区']]
    """
    _check(errors, default_order)
    if isinstance(text, str):
        bad = _SURROGATE.search(text)
        if bad is not None:
            if errors == "strict":
                line = text.count("\n", 0, bad.start()) + 1
                raise input_error(f"lone surrogate U+{ord(bad.group()):04X} at character offset {bad.start()}; "
                                  "the text cannot be encoded as UTF-8", source=source, line=line)
            text = _SURROGATE.sub("\ufffd", text)
        data = text.encode("utf-8")
    elif isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
    else:
        raise TypeError(f"parse_text expects str or bytes, got {type(text).__name__}; "
                        "use read_document for a path")
    return Extraction(_core.extract_pairs(data, source, errors, default_order, _names_option(known_names)), source,
                      on_invalid)


def read_document(path: str | os.PathLike, *, errors: str = "strict", default_order: str | None = None,
                  known_names: bool = True, encoding: str | None = None, on_invalid: str = "error") -> Extraction:
    """Extract the pairs a text or HTML file states.

    Same as ``parse_text(open(path, "rb").read(), source=path, ...)``; see
    :func:`parse_text` for the parameters. A missing or unreadable file raises
    OSError.

    Encoding: UTF-8, unless ``encoding=`` names another (``"gbk"``,
    ``"gb18030"``, any encoding Python knows). A file whose bytes are not
    valid UTF-8 is decoded with the encoding its HTML declares, in
    ``<meta charset="gbk">`` or ``<meta http-equiv="Content-Type"
    content="text/html; charset=gb2312">`` (GB2312 and GBK read as GB18030,
    as browsers do); without a declaration, ``errors=`` decides. Offsets
    index the decoded text either way.
    """
    _check(errors, default_order)
    path = os.fspath(path)
    with open(path, "rb") as f:
        data = f.read()
    if encoding is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:  # not UTF-8: what the page says it is, if it says
            encoding = _encoding.declared_charset(data)
    if not _encoding.is_utf8(encoding):
        data = _encoding.decode(data, encoding, source=path, errors=errors).encode("utf-8")
    return Extraction(_core.extract_pairs(data, path, errors, default_order, _names_option(known_names)), path,
                      on_invalid)
