"""CJK text in duikou's figures: found, used, and never leaking into the user's rcParams."""

import io
import warnings

import matplotlib
import pytest
from matplotlib.figure import Figure

from duikou import _fonts

CHINESE = "赣闽粤原中央苏区 深圳市 恩施州 结对数"


def _missing_glyph_warnings(caught):
    return [str(w.message) for w in caught if "missing from current font" in str(w.message)
            or "Glyph" in str(w.message)]


def _render(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_a_cjk_font_is_found_and_maps_chinese():
    family = _fonts.cjk_family()
    assert family is not None, "no CJK font: install fonts-noto-cjk"
    from matplotlib import font_manager, ft2font

    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    charmap = ft2font.FT2Font(path).get_charmap()
    assert all(ord(ch) in charmap for ch in CHINESE.replace(" ", ""))
    assert _fonts.families() == [family, _fonts.LATIN_FAMILY]


def test_chinese_labels_render_without_missing_glyphs():
    fig = Figure()
    ax = fig.add_subplot()
    ax.barh([0, 1], [3, 2])
    ax.set_yticks([0, 1], ["深圳市", "广州市"])
    ax.set_title(CHINESE)
    ax.set_xlabel("结对数 (pairs) −1")
    ax.text(0.5, 0.5, "恩施州")
    _fonts.apply(ax)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _render(fig)
    assert _missing_glyph_warnings(caught) == []
    assert all(t.get_fontfamily()[0] == _fonts.cjk_family() for t in [ax.title, *ax.get_yticklabels()])


def test_default_font_would_miss_the_glyphs():
    """The check above can fail: the same text in matplotlib's default font warns about missing glyphs."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = Figure()
        fig.add_subplot().set_title(CHINESE)
        _render(fig)
    assert _missing_glyph_warnings(caught)


def test_global_rcparams_untouched(plan):
    before = matplotlib.rcParams.copy()
    ax = plan.plot.partner_frequency(ax=Figure().add_subplot())
    _render(ax.figure)
    assert matplotlib.rcParams == before
    # a figure of the user's own does not get the CJK font
    assert Figure().add_subplot().set_title("x").get_fontfamily() == matplotlib.rcParams["font.family"]


def test_ticks_created_later_keep_the_font(plan):
    ax = plan.plot.coverage(ax=Figure().add_subplot())
    ax.set_yticks(list(range(11)) + [10.5])  # more ticks than before: matplotlib copies tick 0
    assert {t.get_fontfamily()[0] for t in ax.get_yticklabels()} == {_fonts.cjk_family()}


def test_warns_when_no_font(monkeypatch):
    monkeypatch.setattr(_fonts, "cjk_family", lambda: None)
    with pytest.warns(_fonts.CJKFontWarning, match="fonts-noto-cjk"):
        assert _fonts.families() == [_fonts.LATIN_FAMILY]


def test_override_with_a_font_without_chinese_warns_and_falls_back(monkeypatch, tmp_path):
    from matplotlib import font_manager

    latin = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    monkeypatch.setenv("DUIKOU_CJK_FONT", latin)
    _fonts.cjk_family.cache_clear()
    try:
        with pytest.warns(_fonts.CJKFontWarning, match="DUIKOU_CJK_FONT"):
            assert _fonts.cjk_family() is not None  # found another way
    finally:
        monkeypatch.delenv("DUIKOU_CJK_FONT")
        _fonts.cjk_family.cache_clear()


def test_fontconfig_path_is_registered(monkeypatch):
    """Fonts matplotlib does not know yet (installed after its cache was built) come from fc-match."""
    if _fonts.shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match is not installed")
    monkeypatch.setattr(_fonts, "_from_matplotlib", lambda: None)
    _fonts.cjk_family.cache_clear()
    try:
        family = _fonts.cjk_family()
    finally:
        _fonts.cjk_family.cache_clear()
    assert family is not None
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert _fonts._has_glyphs(path)
