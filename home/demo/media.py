"""Demo images and documents, generated on the fly so the repository carries no binary files.

Images are simple gradient cards with a short label (Pillow); documents are small PDFs (reportlab).
Both are looked up by title, so a second run reuses them instead of uploading copies.

reportlab's built-in Helvetica has no Polish letters (ą, ę, ł, ż …): they would print as black
boxes. DejaVu Sans has them and ships with most Linux distributions; where it is missing, the text
is transliterated to ASCII rather than printed wrong.
"""

import io
import unicodedata
from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
IMAGE_SIZE = (1200, 675)
IMAGE_TITLE_PREFIX = "Demo: "

# name -> (label on the card, top colour, bottom colour); colours from a muted municipal palette
IMAGES: dict[str, tuple[str, str, str]] = {
    "sesja": ("Sesja Rady Miejskiej", "#1d3b6f", "#35609f"),
    "odpady": ("Odbiór odpadów", "#1f5f3f", "#3f8f5f"),
    "drogi": ("Remont drogi", "#4a4a4a", "#7a6a3a"),
    "budzet": ("Budżet obywatelski", "#6b2d5c", "#a34d7c"),
    "dozynki": ("Dożynki gminne", "#8a5a14", "#c89a3c"),
    "oswiata": ("Oświata", "#24507a", "#4d8fb8"),
    "upal": ("Uwaga: upał", "#9c2f1a", "#d8612f"),
    "zdrowie": ("Zdrowie", "#146b6b", "#3aa0a0"),
    "konsultacje": ("Konsultacje społeczne", "#3d3a7a", "#6a66b0"),
    "urzad": ("Urząd Miejski", "#233044", "#4b5d78"),
    "dni": ("Dni Głogowa", "#7a1f3d", "#c0476a"),
    "biblioteka": ("Biblioteka", "#5a3b1f", "#8f6a42"),
    "podatki": ("Podatki i opłaty", "#2f4f2f", "#5f7f4f"),
    "sport": ("Sport", "#0f5a8a", "#2a8ac8"),
    "rynek": ("Rynek w Głogowie", "#3a4f6b", "#8a9fb8"),
    "turystyka": ("Szlaki i zabytki", "#2d5a3a", "#6a9a5a"),
}

_POLISH_ASCII = str.maketrans({"ł": "l", "Ł": "L", "–": "-", "—": "-", "„": '"', "”": '"', "’": "'"})


def image_alt(name: str) -> str:
    """Alternative text that says what the card actually shows (it is a label, not a photograph)."""
    label, *_ = IMAGES[name]
    return f"Grafika z napisem „{label}” i podpisem „Gmina Głogów Małopolski” na kolorowym tle"


@cache
def _font(size: int, bold: bool = True):
    path = FONT_BOLD if bold else FONT_REGULAR
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _render_card(label: str, top: str, bottom: str) -> bytes:
    width, height = IMAGE_SIZE
    mask = PILImage.linear_gradient("L").resize(IMAGE_SIZE)
    card = PILImage.composite(PILImage.new("RGB", IMAGE_SIZE, bottom), PILImage.new("RGB", IMAGE_SIZE, top), mask)
    draw = ImageDraw.Draw(card)
    size = 96
    while size > 40 and draw.textlength(label, font=_font(size)) > width - 160:
        size -= 6
    draw.text((width / 2, height / 2 - 20), label, font=_font(size), fill="white", anchor="mm")
    draw.line((width / 2 - 120, height / 2 + 60, width / 2 + 120, height / 2 + 60), fill="white", width=4)
    subtitle_font = _font(36, bold=False)
    draw.text((width / 2, height / 2 + 110), "Gmina Głogów Małopolski", font=subtitle_font, fill="#f0f0f0", anchor="mm")
    out = io.BytesIO()
    card.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()


def ensure_images() -> dict:
    """All demo images keyed by name; generates only the ones not yet in the library."""
    image_model = get_image_model()
    titles = {f"{IMAGE_TITLE_PREFIX}{label}": name for name, (label, *_) in IMAGES.items()}
    found = {titles[img.title]: img for img in image_model.objects.filter(title__in=titles)}
    for name, (label, top, bottom) in IMAGES.items():
        if name in found:
            continue
        image = image_model(title=f"{IMAGE_TITLE_PREFIX}{label}")
        image.file = ImageFile(io.BytesIO(_render_card(label, top, bottom)), name=f"demo-{name}.jpg")
        image._set_image_file_metadata()
        image.save()
        found[name] = image
    return found


# --- PDF documents ----------------------------------------------------------------------------------


@cache
def _pdf_font() -> tuple[str, str, bool]:
    """(regular, bold, has Polish glyphs)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_REGULAR.exists() and FONT_BOLD.exists():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_REGULAR)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_BOLD)))
        return "DejaVuSans", "DejaVuSans-Bold", True
    return "Helvetica", "Helvetica-Bold", False


def _ascii(text: str) -> str:
    text = text.translate(_POLISH_ASCII)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _render_pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    regular, bold, polish = _pdf_font()
    text = (lambda s: s) if polish else _ascii
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True)  # invariant: same bytes on every run
    canvas.setTitle(text(title))
    canvas.setAuthor(text("Urząd Miejski w Głogowie Małopolskim"))
    width, height = A4
    y = height - 60
    canvas.setFont(regular, 9)
    canvas.drawString(50, y, text("Urząd Miejski w Głogowie Małopolskim, ul. Rynek 1, 36-060 Głogów Małopolski"))
    canvas.drawRightString(width - 50, y, text("DOKUMENT DEMONSTRACYJNY"))
    y -= 40
    canvas.setFont(bold, 15)
    canvas.drawString(50, y, text(title))
    y -= 30
    for line in lines:
        if line.startswith("## "):
            y -= 6
            canvas.setFont(bold, 11)
            line = line[3:]
        else:
            canvas.setFont(regular, 10)
        canvas.drawString(50, y, text(line))
        y -= 17
        if y < 60:
            canvas.showPage()
            y = height - 60
    canvas.save()
    return out.getvalue()


_ODPADY_MONTHS = ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień",
                  "październik", "listopad", "grudzień"]  # fmt: skip

DOCUMENTS: dict[str, tuple[str, str, list[str]]] = {
    "harmonogram": (
        "Harmonogram odbioru odpadów 2026",
        "harmonogram-odbioru-odpadow-2026.pdf",
        ["## Rejon I: Głogów Małopolski (miasto)", "Odpady zmieszane: co drugi poniedziałek; segregowane: 1. wtorek"]
        + [
            f"{m}: zmieszane {4 + i % 3}. i {18 + i % 3}. dnia miesiąca, segregowane {2 + i % 4}."
            for i, m in enumerate(_ODPADY_MONTHS)
        ]
        + [
            "## Rejon II: sołectwa północne",
            "Budy Głogowskie, Hucisko, Lipie, Pogwizdów Nowy, Przewrotne, Styków",
            "## Rejon III: sołectwa południowe",
            "Megiera, Rogoźnica, Rudna Mała, Wola Cicha, Wysoka Głogowska, Zabajka",
            "Pojemniki i worki należy wystawić do godziny 6:00 w dniu odbioru.",
            "Odpady wielkogabarytowe: zbiórka wiosenna (kwiecień) i jesienna (październik).",
        ],
    ),  # fmt: skip
    "zaswiadczenie": (
        "Wniosek o wydanie zaświadczenia",
        "wniosek-o-wydanie-zaswiadczenia.pdf",
        [
            "Miejscowość i data: ..........................................",
            "## Wnioskodawca",
            "Imię i nazwisko: ..............................................................",
            "Adres: ...............................................................................",
            "PESEL / NIP: ..................................  Telefon: ......................",
            "## Treść wniosku",
            "Proszę o wydanie zaświadczenia o: .........................................",
            "Zaświadczenie jest potrzebne w celu: ......................................",
            "Sposób odbioru: osobiście / pocztą / przez ePUAP (właściwe podkreślić)",
            "## Opłata skarbowa",
            "17 zł, płatna na rachunek Urzędu Miejskiego w Głogowie Małopolskim.",
            "Podstawa: ustawa z dnia 16 listopada 2006 r. o opłacie skarbowej.",
            "",
            "..........................................",
            "podpis wnioskodawcy",
        ],
    ),
    "deklaracja-odpady": (
        "Deklaracja o wysokości opłaty za gospodarowanie odpadami komunalnymi",
        "deklaracja-oplata-za-odpady.pdf",
        [
            "## A. Okoliczności złożenia deklaracji",
            "[ ] pierwsza deklaracja   [ ] zmiana danych   [ ] korekta",
            "## B. Dane składającego deklarację",
            "Imię i nazwisko / nazwa: ...................................................",
            "Adres nieruchomości: .......................................................",
            "## C. Wyliczenie opłaty",
            "Liczba osób zamieszkujących nieruchomość: ..........",
            "Stawka miesięczna od osoby: 32,00 zł",
            "Zwolnienie z tytułu kompostownika: 2,00 zł od osoby",
            "Termin płatności: do 15. dnia każdego miesiąca za miesiąc bieżący.",
        ],
    ),
    "regulamin-bo": (
        "Regulamin budżetu obywatelskiego 2027",
        "regulamin-budzetu-obywatelskiego-2027.pdf",
        [
            "§ 1. Pula budżetu obywatelskiego na rok 2027 wynosi 600 000 zł.",
            "§ 2. Projekt może zgłosić każdy mieszkaniec gminy; wymagane poparcie 15 mieszkańców.",
            "§ 3. Projekty zgłasza się od 1 marca do 31 marca 2026 r.",
            "§ 4. Weryfikacja formalna i merytoryczna trwa do 31 maja 2026 r.",
            "§ 5. Głosowanie odbywa się od 1 do 21 czerwca 2026 r.",
            "§ 6. Każdy mieszkaniec ma jeden głos na projekt ogólnogminny i jeden na projekt lokalny.",
            "§ 7. Wyniki ogłasza Burmistrz do 30 czerwca 2026 r.",
        ],
    ),
}


def ensure_documents() -> dict:
    """All demo PDFs keyed by name; generates only the ones not yet in the library."""
    document_model = get_document_model()
    titles = {title: name for name, (title, *_) in DOCUMENTS.items()}
    found = {titles[doc.title]: doc for doc in document_model.objects.filter(title__in=titles)}
    for name, (title, filename, lines) in DOCUMENTS.items():
        if name in found:
            continue
        document = document_model(title=title)
        document.file = ContentFile(_render_pdf(title, lines), name=filename)
        document._set_document_file_metadata()
        document.save()
        found[name] = document
    return found
