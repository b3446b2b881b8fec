"""Find a font with Chinese glyphs and give it to duikou's own figures.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs, so Chinese
labels come out as empty boxes ("tofu") with a "Glyph ... missing from current
font" warning. duikou looks for a CJK font once per process and sets it, with
DejaVu Sans as per-glyph fallback, on the text of the figures it draws. It never
changes ``matplotlib.rcParams``: the user's other figures are untouched.

Where the font comes from, first match wins:

1. the ``DUIKOU_CJK_FONT`` environment variable (a font file path);
2. a font matplotlib already knows whose family is one of :data:`PREFERRED_FAMILIES`
   (Noto Sans CJK on Debian with ``fonts-noto-cjk``, Source Han Sans, PingFang,
   Microsoft YaHei, ...);
3. fontconfig's answer to ``fc-match 'sans-serif:lang=zh-cn'``, registered with
   ``matplotlib.font_manager.fontManager.addfont`` (this covers fonts installed
   after matplotlib built its font cache).

A candidate is accepted only if it maps the characters in :data:`_PROBE`. If
none is found, :class:`CJKFontWarning` is issued and figures use the default
font.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import warnings

__all__ = ["CJKFontWarning", "PREFERRED_FAMILIES", "apply", "cjk_family", "families"]

#: Family names tried in order among the fonts matplotlib knows (Linux, macOS, Windows).
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans CJK JP",  # Debian's NotoSansCJK-Regular.ttc exposes its first face under this name
    "Source Han Sans",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "SimHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)

#: Fallback for the glyphs the CJK font lacks (matplotlib >= 3.6 falls back per glyph).
LATIN_FAMILY = "DejaVu Sans"

# A font must map these to count as a CJK font: common simplified characters
# that occur in place names (对, 深, 圳, 苏, 区).
_PROBE = "对深圳苏区"


class CJKFontWarning(UserWarning):
    """No font with Chinese glyphs was found, so Chinese labels will show as empty boxes.

    Install one (Debian/Ubuntu: ``apt-get install fonts-noto-cjk``) or point
    the ``DUIKOU_CJK_FONT`` environment variable at a font file.
    """


def _has_glyphs(path: str) -> bool:
    from matplotlib import ft2font

    try:
        charmap = ft2font.FT2Font(path).get_charmap()
    except (OSError, RuntimeError):
        return False
    return all(ord(ch) in charmap for ch in _PROBE)


def _register(path: str) -> str | None:
    """Add a font file to matplotlib's font manager; return its family name if it has CJK glyphs."""
    from matplotlib import font_manager, ft2font

    if not os.path.isfile(path) or not _has_glyphs(path):
        return None
    font_manager.fontManager.addfont(path)
    return ft2font.FT2Font(path).family_name


def _from_matplotlib() -> str | None:
    from matplotlib import font_manager

    known = {}
    for entry in font_manager.fontManager.ttflist:
        known.setdefault(entry.name, entry.fname)
    for family in PREFERRED_FAMILIES:
        if family in known and _has_glyphs(known[family]):
            return family
    return None


def _from_fontconfig() -> str | None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        done = subprocess.run([fc_match, "--format=%{file}", "sans-serif:lang=zh-cn"],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    path = done.stdout.strip()
    return _register(path) if done.returncode == 0 and path else None


@functools.lru_cache(maxsize=1)
def cjk_family() -> str | None:
    """The family name of the CJK font duikou's figures use, or None if there is none.

    Looked up once per process (see the module docstring for the order);
    the font is registered with matplotlib's font manager if it was not known.
    """
    override = os.environ.get("DUIKOU_CJK_FONT")
    if override:
        family = _register(override)
        if family is not None:
            return family
        warnings.warn(f"DUIKOU_CJK_FONT={override!r} is not a readable font with Chinese glyphs; "
                      "looking for another", CJKFontWarning, stacklevel=2)
    return _from_matplotlib() or _from_fontconfig()


def families() -> list[str]:
    """Font families for duikou's text: the CJK font first, then DejaVu Sans for other glyphs.

    Warns with :class:`CJKFontWarning` when no CJK font was found.
    """
    family = cjk_family()
    if family is None:
        warnings.warn("duikou found no font with Chinese glyphs; Chinese labels will show as boxes. "
                      "Install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) or set DUIKOU_CJK_FONT "
                      "to a font file.", CJKFontWarning, stacklevel=3)
        return [LATIN_FAMILY]
    return [family, LATIN_FAMILY]


def apply(*axes) -> None:
    """Set the CJK font family on every text of the given Axes (titles, labels, ticks, legends, notes).

    Only the family changes (sizes and weights stay). Tick labels that
    matplotlib creates later copy the first tick's font, so they follow.
    """
    from matplotlib.text import Text

    names = families()
    for ax in axes:
        # touching the tick labels instantiates the lazily created ticks now
        ax.get_xticklabels(which="both")
        ax.get_yticklabels(which="both")
        for text in ax.findobj(Text):
            text.set_fontfamily(names)
