"""PDF documents of a case: the receipt (UPO) for every submission and official letters.

UPO, *Urzędowe Poświadczenie Odbioru*, is the office's acknowledgement that an application was
received: what, from whom, when, with which attachments (SHA-256 of each), and a code with which
anyone can check the document at the office's verification address. Letters (decisions, requests to
supply missing documents) share the same letterhead and fonts.

Both renderers are pure: they take a plain dataclass and return PDF bytes, touching neither the
database nor the storage, so the caller decides where the bytes go. The DejaVu fonts of ``cms.pdf``
are embedded (subset) in every document, because the 14 standard PDF fonts have no Polish
letters (ą, ę, ł, ż...).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cms.pdf import MONO, SANS, SANS_BOLD, register_fonts

WARSAW = ZoneInfo("Europe/Warsaw")
MONTHS_GENITIVE = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)
RECEIPT_TITLE = "Potwierdzenie złożenia wniosku"
SECTION_PREFIX = "## "  # an answers row ("## Adres pobytu", "") starts a section of the form
MARGIN = 20 * mm
FOOTER_HEIGHT = 18 * mm
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#eeeeee")
RULE = colors.HexColor("#999999")


@dataclass(frozen=True)
class ReceiptData:
    """What the UPO states. ``received_at`` is an aware datetime, printed in Europe/Warsaw."""

    office_name: str
    office_address: list[str]
    service_title: str
    reference: str  # znak sprawy, the case reference (KPA art. 63)
    received_at: datetime
    applicant_name: str
    applicant_email: str
    verification_code: str
    verification_url: str
    applicant_pesel: str = ""
    answers: list[tuple[str, str]] = field(default_factory=list)  # (label, display value) in form order
    attachments: list[tuple[str, int, str]] = field(default_factory=list)  # (file name, bytes, SHA-256 hex)


@dataclass(frozen=True)
class LetterData:
    """An official letter; ``body`` is plain text, paragraphs separated by a blank line."""

    office_name: str
    office_address: list[str]
    place_and_date: str  # "Głogów Małopolski, 29 listopada 2026 r."
    reference: str
    addressee: list[str]
    title: str
    body: str
    signer_name: str = ""
    signer_title: str = ""


def format_datetime_pl(value: datetime) -> str:
    """``29 listopada 2026 r., 14:05`` in Europe/Warsaw (a naive value is taken as already local)."""
    local = value.astimezone(WARSAW) if value.tzinfo else value
    return f"{local.day} {MONTHS_GENITIVE[local.month - 1]} {local.year} r., {local:%H:%M}"


def format_size_pl(size: int) -> str:
    """``812 B``, ``12,1 kB``, ``3,4 MB`` with a Polish decimal comma (1 kB = 1024 B)."""
    if size < 1024:
        return f"{size} B"
    for unit in ("kB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}".replace(".", ",")
    raise AssertionError("unreachable")


# --- Receipt (UPO) ------------------------------------------------------------------------------------


def render_receipt(data: ReceiptData) -> bytes:
    """The UPO of one submission as PDF bytes; long forms flow over as many A4 pages as needed.

    Every page carries the verification code and address at the bottom, so a single printed page
    can still be checked. Answers are printed as given (already display strings), escaped.
    """
    styles = _styles()
    story = [
        *_letterhead(data.office_name, data.office_address, styles),
        Spacer(1, 6 * mm),
        Paragraph(RECEIPT_TITLE, styles["title"]),
        Paragraph("Urzędowe Poświadczenie Odbioru (UPO)", styles["subtitle"]),
        Spacer(1, 4 * mm),
        _summary_table(data, styles),
        Spacer(1, 6 * mm),
        Paragraph("Treść wniosku", styles["h2"]),
        _answers_table(data.answers, styles),
    ]
    if data.attachments:
        story += [Spacer(1, 6 * mm), Paragraph("Załączniki", styles["h2"]), _attachments_table(data, styles)]
    story += [
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                Paragraph(
                    f"{_e(data.office_name)} potwierdza otrzymanie wniosku w dniu "
                    f"{_e(format_datetime_pl(data.received_at))}. Autentyczność tego potwierdzenia można "
                    f"sprawdzić pod adresem {_e(data.verification_url)}, podając kod "
                    f"<font name='{MONO}'>{_e(data.verification_code)}</font>.",
                    styles["body"],
                )
            ]
        ),
    ]

    footer = [
        f"Kod weryfikacyjny: {data.verification_code}",
        f"Weryfikacja: {data.verification_url}",
    ]
    return _build(
        story,
        title=f"{RECEIPT_TITLE} {data.reference}",
        author=data.office_name,
        subject=data.service_title,
        footer_lines=footer,
        footer_left=f"{RECEIPT_TITLE} · {data.reference}",
    )


def _summary_table(data: ReceiptData, styles) -> Table:
    rows = [
        ("Znak sprawy", data.reference),
        ("Usługa", data.service_title),
        ("Data i godzina złożenia", format_datetime_pl(data.received_at)),
        ("Wnioskodawca", data.applicant_name),
        ("Adres e-mail", data.applicant_email),
    ]
    if data.applicant_pesel:
        rows.append(("PESEL", data.applicant_pesel))
    table = Table(
        [[Paragraph(_e(label), styles["label"]), Paragraph(_e(value), styles["value"])] for label, value in rows],
        colWidths=[50 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _answers_table(answers: list[tuple[str, str]], styles) -> Table:
    rows = [[Paragraph("Pole formularza", styles["th"]), Paragraph("Odpowiedź", styles["th"])]]
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for label, value in answers:
        if label.startswith(SECTION_PREFIX):
            index = len(rows)
            rows.append([Paragraph(_e(label[len(SECTION_PREFIX) :]), styles["section"]), ""])
            commands += [("SPAN", (0, index), (1, index)), ("BACKGROUND", (0, index), (1, index), LIGHT)]
        else:
            rows.append([Paragraph(_e(label), styles["label"]), Paragraph(_multiline(value or "—"), styles["value"])])
    if len(rows) == 1:
        rows.append([Paragraph("Formularz nie zawierał pól.", styles["value"]), ""])
        commands.append(("SPAN", (0, 1), (1, 1)))
    # repeatRows keeps the header on every page; splitInRow lets a very long answer cross a page break.
    table = Table(rows, colWidths=[60 * mm, None], repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _attachments_table(data: ReceiptData, styles) -> Table:
    rows = [[Paragraph(text, styles["th"]) for text in ("Plik", "Rozmiar", "Skrót SHA-256")]]
    for name, size, sha256 in data.attachments:
        rows.append(
            [
                Paragraph(_e(name), styles["value"]),
                Paragraph(_e(format_size_pl(size)), styles["value"]),
                # A plain string, never wrapped: the hash is compared (and copied) as one line.
                sha256.lower(),
            ]
        )
    table = Table(rows, colWidths=[None, 20 * mm, 102 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("FONT", (2, 1), (2, -1), MONO, 7),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.25, RULE),
            ]
        )
    )
    return table


# --- Letter -------------------------------------------------------------------------------------------


def render_letter(data: LetterData) -> bytes:
    """An official A4 letter: letterhead, place and date, reference, addressee, title, body, signature."""
    styles = _styles()
    head = Table(
        [
            [
                [*_letterhead(data.office_name, data.office_address, styles)],
                Paragraph(_e(data.place_and_date), styles["right"]),
            ]
        ],
        colWidths=[None, 80 * mm],
        hAlign="LEFT",
    )
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    addressee = Table(
        [["", [Paragraph(_e(line), styles["addressee"]) for line in data.addressee]]],
        colWidths=[None, 80 * mm],
        hAlign="LEFT",
    )
    story = [
        head,
        Spacer(1, 4 * mm),
        Paragraph(f"Znak sprawy: {_e(data.reference)}", styles["value"]),
        Spacer(1, 10 * mm),
        addressee,
        Spacer(1, 14 * mm),
        Paragraph(_e(data.title), styles["letter_title"]),
        Spacer(1, 6 * mm),
    ]
    for paragraph in _paragraphs(data.body):
        story.append(Paragraph(_multiline(paragraph), styles["letter_body"]))
    if data.signer_name or data.signer_title:
        signature = [Paragraph(_e(line), styles["signature"]) for line in (data.signer_name, data.signer_title) if line]
        story += [Spacer(1, 14 * mm), KeepTogether(signature)]
    return _build(
        story,
        title=f"{data.title} {data.reference}".strip(),
        author=data.office_name,
        subject=data.title,
        footer_lines=[", ".join([data.office_name, *data.office_address])],
        footer_left=data.reference,
    )


def _paragraphs(body: str) -> list[str]:
    blocks, current = [], []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


# --- Shared -------------------------------------------------------------------------------------------


def _build(story, *, title: str, author: str, subject: str, footer_lines: list[str], footer_left: str) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=title,
        author=author,
        subject=subject,
        creator="Ratusz",
        lang="pl-PL",
        displayDocTitle=True,
        initialFontName=SANS,
    )
    doc.build(story, canvasmaker=_numbered_canvas(footer_lines, footer_left))
    return buffer.getvalue()


def _numbered_canvas(footer_lines: list[str], footer_left: str):
    """A canvas that holds pages back until the end, so each footer can say "Strona 2 z 5"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_pages = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int):
            width, _height = A4
            top = MARGIN + FOOTER_HEIGHT - 4 * mm
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, top, width - MARGIN, top)
            self.setFillColor(GREY)
            self.setFont(SANS, 8)
            y = top - 4 * mm
            self.drawString(MARGIN, y, footer_left)
            self.drawRightString(width - MARGIN, y, f"Strona {self._pageNumber} z {total}")
            for line in footer_lines:
                y -= 3.8 * mm
                self.drawString(MARGIN, y, line)
            self.restoreState()

    return NumberedCanvas


def _letterhead(name: str, address: list[str], styles) -> list[Paragraph]:
    return [Paragraph(_e(name), styles["office"]), *(Paragraph(_e(line), styles["office_line"]) for line in address)]


def _e(text: str) -> str:
    return escape(str(text))


def _multiline(text: str) -> str:
    return "<br/>".join(_e(line) for line in str(text).splitlines()) or "&nbsp;"


@cache
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=SANS, fontSize=9.5, leading=12.5)
    return {
        "office": ParagraphStyle("office", base, fontName=SANS_BOLD, fontSize=11, leading=14),
        "office_line": ParagraphStyle("office_line", base, fontSize=9, leading=11.5, textColor=GREY),
        "title": ParagraphStyle("title", base, fontName=SANS_BOLD, fontSize=16, leading=20, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", base, alignment=TA_CENTER, textColor=GREY),
        "h2": ParagraphStyle("h2", base, fontName=SANS_BOLD, fontSize=11.5, leading=15, spaceAfter=2 * mm),
        "th": ParagraphStyle("th", base, fontName=SANS_BOLD, fontSize=9),
        "section": ParagraphStyle("section", base, fontName=SANS_BOLD),
        "label": ParagraphStyle("label", base, fontSize=9, textColor=colors.HexColor("#333333")),
        "value": base,
        "body": base,
        "right": ParagraphStyle("right", base, alignment=TA_RIGHT),
        "addressee": ParagraphStyle("addressee", base, fontSize=11, leading=14),
        "letter_title": ParagraphStyle(
            "letter_title", base, fontName=SANS_BOLD, fontSize=13, leading=17, alignment=TA_CENTER
        ),
        "letter_body": ParagraphStyle(
            "letter_body",
            base,
            fontSize=11,
            leading=15,
            alignment=TA_JUSTIFY,
            spaceAfter=3 * mm,
            firstLineIndent=8 * mm,
        ),
        "signature": ParagraphStyle(
            "signature", base, fontSize=11, leading=14, leftIndent=95 * mm, alignment=TA_CENTER
        ),
    }
