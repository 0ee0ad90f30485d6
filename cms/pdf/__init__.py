"""What every PDF of the portal shares: the embedded DejaVu fonts with Polish glyphs.

The 14 standard PDF fonts have no ą, ę, ł, ż…, so each document embeds (a subset of) the DejaVu
fonts shipped in ``fonts/`` under the names below. Case receipts and letters
(``eservices.cases.receipts``), payment slips and upomnienia (``eservices.finance``) use them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
SANS, SANS_BOLD, MONO = "RatuszSans", "RatuszSans-Bold", "RatuszMono"


@cache
def register_fonts() -> None:
    """Register the fonts with reportlab once per process; call before drawing with them."""
    pdfmetrics.registerFont(TTFont(SANS, FONTS_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, FONTS_DIR / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFont(TTFont(MONO, FONTS_DIR / "DejaVuSansMono.ttf"))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
