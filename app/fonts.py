"""Fonts for accented and CJK text, in Qt widgets and in matplotlib figures.

Qt finds fallback fonts through fontconfig by itself; matplotlib needs a family list. If no
CJK font is installed, the app says so once instead of drawing empty boxes.
"""

from __future__ import annotations

import matplotlib
from matplotlib import font_manager

from app.i18n import QT_TR_NOOP

CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans SC", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN", "Microsoft YaHei", "SimHei", "PingFang SC",
    "Hiragino Sans GB", "Noto Sans SC",
)  # fmt: skip
CJK_FILE_HINTS = ("wqy", "cjk", "droidsansfallback", "sourcehansans", "ukai", "uming", "msyh", "simhei", "pingfang")
MISSING_CJK_MESSAGE = QT_TR_NOOP(
    "No Chinese/Japanese font is installed, so CJK text would show as empty boxes. "
    "Install one (e.g. 'apt-get install fonts-noto-cjk' or 'fonts-wqy-microhei') and restart."
)

_cjk_family: str | None = None
_configured = False


def configure_matplotlib() -> str | None:
    """Put a CJK-capable family after DejaVu Sans in matplotlib's fallback list; return it."""
    global _cjk_family, _configured
    if _configured:
        return _cjk_family
    installed = {f.name for f in font_manager.fontManager.ttflist}
    _cjk_family = next((name for name in CJK_FAMILIES if name in installed), None)
    if _cjk_family is None:  # matplotlib's font cache predates a CJK font installed since: look again
        for path in font_manager.findSystemFonts():
            if any(key in path.lower() for key in CJK_FILE_HINTS):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        installed = {f.name for f in font_manager.fontManager.ttflist}
        _cjk_family = next((name for name in CJK_FAMILIES if name in installed), None)
    families = ["DejaVu Sans"] + ([_cjk_family] if _cjk_family else [])
    # A list of families (not the generic "sans-serif") makes matplotlib fall back glyph by glyph.
    matplotlib.rcParams["font.family"] = families
    matplotlib.rcParams["axes.unicode_minus"] = False
    _configured = True
    return _cjk_family


def needs_cjk(text: str) -> bool:
    return any(
        0x2E80 <= ord(ch) <= 0x9FFF
        or 0xAC00 <= ord(ch) <= 0xD7AF
        or 0xF900 <= ord(ch) <= 0xFAFF
        or 0xFF00 <= ord(ch) <= 0xFFEF
        for ch in text
    )


def cjk_available() -> bool:
    configure_matplotlib()
    return _cjk_family is not None
