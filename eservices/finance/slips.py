"""Payment slips (blankiet wpłaty): a PDF with the taxpayer's individual account and the ZBP 2D code.

The 2D code follows the Polish Bank Association's recommendation "Rekomendacja dotycząca standardu
2D" (ZBP, 2013): a QR code holding nine fields separated by ``|``, which every Polish banking app
reads into a transfer form::

    NIP|PL|account (26 digits)|amount in grosze (6 digits)|recipient (≤ 20)|title (≤ 32)|||

The NIP is the recipient's (the gmina's; empty for a recipient without one, "type 2"), the country
code is always ``PL``, the last three fields are reserved (direct debit id, Invoobill id, reserved)
and stay empty. The ZBP's own worked example:
``1234567890|PL|92124012340001567890123456|001200|Odbiorca 1|FV 1234/34/2012|||``.

The amount field is six digits, so at most 9 999,99 zł; a larger amount is written as ``000000``,
which the recommendation defines as "the payer types the amount" — the slip still prints it.
The renderer is pure (dataclass in, bytes out); ``slip_for_instalments`` gathers the data.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cms.pdf import MONO, SANS, SANS_BOLD, register_fonts

from .accounts import format_nrb
from .templatetags.finance_tags import format_pln

ZBP_MAX_GROSZE = 999_999
ZBP_RECIPIENT_MAX = 20
ZBP_TITLE_MAX = 32
# The separator may not appear inside a field; control characters make no sense in a transfer form.
_FORBIDDEN = re.compile(r"[|\x00-\x1f\x7f]")


def _field(value: str, limit: int) -> str:
    return " ".join(_FORBIDDEN.sub(" ", value or "").split())[:limit].strip()


def zbp2d_payload(*, account: str, amount: Decimal, recipient: str, title: str, nip: str = "") -> str:
    """The ZBP 2D code's text. ``account`` is the 26-digit NRB (spaces and a leading ``PL`` are
    dropped), ``amount`` a ``Decimal`` in złoty; ``recipient`` and ``title`` are cut to 20 and 32
    characters, a ``|`` in them becomes a space. Raises ``ValueError`` for an account that is not
    26 digits or a negative amount: a wrong code on a slip would send money nowhere."""
    digits = re.sub(r"\s", "", account or "").upper().removeprefix("PL")
    if not re.fullmatch(r"\d{26}", digits):
        raise ValueError("Numer rachunku musi mieć 26 cyfr.")
    grosze = int((Decimal(amount) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    if grosze < 0:
        raise ValueError("Kwota nie może być ujemna.")
    if grosze > ZBP_MAX_GROSZE:
        grosze = 0  # "kwota do uzupełnienia przez płacącego"
    nip_digits = re.sub(r"\D", "", nip or "")
    fields = [
        nip_digits if len(nip_digits) == 10 else "",
        "PL",
        digits,
        f"{grosze:06d}",
        _field(recipient, ZBP_RECIPIENT_MAX),
        _field(title, ZBP_TITLE_MAX),
        "",
        "",
        "",
    ]
    return "|".join(fields)


@dataclass(frozen=True)
class SlipData:
    """What a slip states. ``amount`` in złoty (Decimal)."""

    recipient_name: str
    recipient_nip: str
    account: str  # the taxpayer's individual NRB, 26 digits
    amount: Decimal
    title: str
    payer_name: str
    payer_address: str
    due_note: str = ""  # e.g. "Termin płatności: 15.05.2026; odsetki naliczone na 12.05.2026"

    @property
    def qr_payload(self) -> str:
        return zbp2d_payload(
            account=self.account,
            amount=self.amount,
            recipient=self.recipient_name,
            title=self.title,
            nip=self.recipient_nip,
        )


def slip_title(*, instalments, identifier: str) -> str:
    """ "Podatek od nieruchomości 2026 rata 2, 44051401359"; several instalments of one liability:
    "… raty 1, 2, …"; of several liabilities: their names joined with "; "."""
    groups: dict[int, tuple] = {}
    for instalment in instalments:
        liability = instalment.liability
        groups.setdefault(liability.pk, (liability, []))[1].append(instalment.number)
    parts = []
    for liability, numbers in groups.values():
        numbers = sorted(numbers)
        label = "rata" if len(numbers) == 1 else "raty"
        kind = str(liability.get_kind_display())
        parts.append(f"{kind[:1].upper()}{kind[1:]} {liability.year} {label} {', '.join(map(str, numbers))}")
    return f"{'; '.join(parts)}, {identifier}".strip(", ")


def recipient_from_office(office) -> tuple[str, str]:
    """(name, NIP) of the payee: ``FINANCE_RECIPIENT_NAME`` if set, else the office's settings."""
    name = getattr(settings, "FINANCE_RECIPIENT_NAME", "") or getattr(office, "name", "") or ""
    return name, getattr(office, "nip", "") or ""


def render_slip(data: SlipData) -> bytes:
    """The slip as PDF bytes (A4, DejaVu fonts embedded for Polish letters)."""
    register_fonts()
    base = ParagraphStyle("slip", fontName=SANS, fontSize=10, leading=13)
    label = ParagraphStyle("label", base, fontSize=8, leading=10, textColor=colors.HexColor("#555555"))
    value = ParagraphStyle("value", base, fontName=SANS_BOLD, fontSize=11, leading=14)
    mono = ParagraphStyle("mono", value, fontName=MONO)
    heading = ParagraphStyle("heading", base, fontName=SANS_BOLD, fontSize=15, leading=19)

    def row(name: str, text: str, style=value):
        return [Paragraph(escape(name), label), Paragraph(escape(text).replace("\n", "<br/>"), style)]

    rows = [
        row("Nazwa odbiorcy", data.recipient_name),
        row("Nr rachunku odbiorcy", format_nrb(data.account), mono),
        row("Kwota", format_pln(data.amount, separator=" ")),
        row("Tytułem", data.title),
        row("Nazwa i adres zleceniodawcy", f"{data.payer_name}\n{data.payer_address}".strip(), base),
    ]
    table = Table(rows, colWidths=[45 * mm, 125 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    size = 42 * mm
    widget = QrCodeWidget(data.qr_payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    qr_table = Table(
        [
            [
                drawing,
                Paragraph(
                    "Zeskanuj kod aplikacją swojego banku (kod 2D według rekomendacji ZBP): "
                    "dane przelewu wypełnią się same. Sprawdź je przed zatwierdzeniem.",
                    base,
                ),
            ]
        ],
        colWidths=[50 * mm, 120 * mm],
    )
    qr_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [Paragraph("Blankiet wpłaty", heading), Spacer(1, 6 * mm), table, Spacer(1, 4 * mm)]
    if data.due_note:
        story += [Paragraph(escape(data.due_note), base), Spacer(1, 4 * mm)]
    story.append(qr_table)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Blankiet wpłaty",
        author=data.recipient_name,
        subject=data.title,
    )
    doc.build(story)
    return buffer.getvalue()
