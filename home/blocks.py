"""StreamField blocks of the public site's pages.

Every block has an icon, a template under ``theme/templates/blocks/``, a ``preview_value`` and a
``description`` so editors see what it does in the block picker.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Treść nagłówka"), max_length=160)
    level = blocks.ChoiceBlock(
        label=_("Poziom"),
        choices=[("h2", _("Nagłówek sekcji (H2)")), ("h3", _("Podsekcja (H3)")), ("h4", _("Akapit tytułowy (H4)"))],
        default="h2",
        help_text=_("Tytuł strony jest jedynym H1; nagłówki w treści zaczynają się od H2."),
    )

    class Meta:
        icon = "title"
        label = _("Nagłówek")
        template = "blocks/heading_block.html"
        description = _("Nagłówek sekcji treści (H2–H4).")
        preview_value = {"text": "Godziny pracy urzędu", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """An image whose alternative text is required (WCAG 1.1.1); decorative images are marked so."""

    image = ImageChooserBlock(label=_("Obraz"))
    alt_text = blocks.CharBlock(
        label=_("Tekst alternatywny"),
        max_length=250,
        required=False,
        help_text=_("Opisz, co przedstawia obraz, dla osób niewidomych. Wymagany, chyba że obraz jest ozdobny."),
    )
    decorative = blocks.BooleanBlock(label=_("Obraz czysto ozdobny"), required=False)
    caption = blocks.CharBlock(label=_("Podpis"), required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(_("Podaj tekst alternatywny albo zaznacz, że obraz jest ozdobny."))
                }
            )
        return value

    class Meta:
        icon = "image"
        label = _("Obraz")
        template = "blocks/image_block.html"
        description = _("Zdjęcie lub grafika z tekstem alternatywnym i podpisem.")
        preview_value = {"alt_text": "Budynek urzędu miejskiego", "caption": "Urząd Miejski", "decorative": False}


class DocumentLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tytuł listy"), required=False, max_length=160)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Dokument")), label=_("Dokumenty"))

    class Meta:
        icon = "doc-full"
        label = _("Dokumenty do pobrania")
        template = "blocks/document_links_block.html"
        description = _("Lista plików do pobrania z rodzajem i rozmiarem pliku.")
        preview_value = {"title": "Formularze do pobrania", "documents": []}


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Pytanie lub tytuł"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Odpowiedź"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """FAQ built on ``<details>``/``<summary>``: expandable without JavaScript, keyboard-accessible."""

    title = blocks.CharBlock(label=_("Tytuł"), required=False, max_length=160)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Pozycje"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Pytania i odpowiedzi (akordeon)")
        template = "blocks/accordion_block.html"
        description = _("Rozwijane pytania i odpowiedzi, działające także bez JavaScriptu.")
        preview_value = {
            "title": "Najczęstsze pytania",
            "items": [{"question": "Gdzie zapłacę podatek?", "answer": "<p>W kasie urzędu lub przelewem.</p>"}],
        }


class LinkValue(blocks.StructValue):
    def url(self) -> str:
        page = self.get("page")
        if page:
            return page.url
        return self.get("external_url") or ""


def _require_link_target(value):
    """A link block needs somewhere to go: a chosen page or a typed address."""
    if not value.get("page") and not value.get("external_url"):
        raise blocks.StructBlockValidationError(
            block_errors={"page": ValidationError(_("Wybierz stronę albo podaj adres."))}
        )
    return value


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tytuł"), max_length=120)
    text = blocks.TextBlock(label=_("Opis"), required=False, max_length=400)
    button_text = blocks.CharBlock(label=_("Tekst przycisku"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Strona"), required=False)
    external_url = blocks.CharBlock(label=_("Adres (gdy nie wybrano strony)"), required=False, max_length=300)

    def clean(self, value):
        return _require_link_target(super().clean(value))

    class Meta:
        icon = "pick"
        label = _("Wezwanie do działania")
        template = "blocks/call_to_action_block.html"
        description = _("Wyróżniony przycisk prowadzący do usługi lub strony.")
        value_class = LinkValue
        preview_value = {
            "title": "Załatw sprawę online",
            "text": "Złóż wniosek bez wychodzenia z domu.",
            "button_text": "Przejdź do usług",
            "external_url": "/uslugi/",
        }


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Nazwa lub osoba"), max_length=160)
    role = blocks.CharBlock(label=_("Stanowisko lub wydział"), required=False, max_length=160)
    address = blocks.TextBlock(label=_("Adres"), required=False)
    room = blocks.CharBlock(label=_("Pokój"), required=False, max_length=40)
    phone = blocks.CharBlock(label=_("Telefon"), required=False, max_length=40)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    hours = blocks.TextBlock(label=_("Godziny przyjęć"), required=False)

    class Meta:
        icon = "user"
        label = _("Wizytówka kontaktowa")
        template = "blocks/contact_card_block.html"
        description = _("Dane kontaktowe osoby lub komórki urzędu.")
        preview_value = {
            "name": "Referat Podatków i Opłat",
            "role": "Wymiar podatków",
            "room": "12",
            "phone": "17 789 78 10",
            "email": "podatki@glogow-mlp.pl",
        }


class QuickLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tytuł"), max_length=80)
    description = blocks.CharBlock(label=_("Opis"), required=False, max_length=200)
    page = blocks.PageChooserBlock(label=_("Strona"), required=False)
    external_url = blocks.CharBlock(label=_("Adres (gdy nie wybrano strony)"), required=False, max_length=300)

    def clean(self, value):
        return _require_link_target(super().clean(value))

    class Meta:
        icon = "link"
        label = _("Odnośnik")
        template = "blocks/quick_link_block.html"
        description = _("Kafelek z odnośnikiem na stronie głównej.")
        value_class = LinkValue
        preview_value = {"title": "Budżet obywatelski", "description": "Zgłoś projekt", "external_url": "/"}


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Tekst"),
        icon="pilcrow",
        features=RICH_TEXT_FEATURES,
        template="blocks/paragraph_block.html",
        description=_("Akapity tekstu z listami i odnośnikami."),
        preview_value="<p>Urząd Miejski w Głogowie Małopolskim zaprasza mieszkańców.</p>",
    )
    image = ImageBlock()
    documents = DocumentLinksBlock()
    table = TableBlock(
        label=_("Tabela"),
        icon="table",
        template="blocks/table_block.html",
        description=_("Tabela z wierszem nagłówka; podaj podpis tabeli dla czytników ekranu."),
        table_options={"contextMenu": ["row_above", "row_below", "col_left", "col_right", "remove_row", "remove_col"]},
    )
    accordion = AccordionBlock()
    call_to_action = CallToActionBlock()
    contact = ContactCardBlock()

    def clean(self, value):
        """Refuse skipped heading levels (H2 then H4, or a body starting at H3).

        The page title is the only H1, so a body's headings must start at H2 and go down one level
        at a time; screen-reader users navigate by this outline (WCAG 1.3.1, axe ``heading-order``).
        """
        value = super().clean(value)
        previous = 1
        errors = {}
        for i, child in enumerate(value):
            if child.block_type != "heading":
                continue
            level = int(child.value["level"][1])
            if level > previous + 1:
                errors[i] = ValidationError(
                    _("Nagłówek %(level)s nie może następować po %(previous)s: nie pomijaj poziomów.")
                    % {"level": f"H{level}", "previous": f"H{previous}" if previous > 1 else _("tytule strony (H1)")}
                )
            previous = level
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value
