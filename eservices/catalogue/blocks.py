"""StreamField blocks of a service card: legal acts and downloadable forms."""

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

ISAP_HINT = _(
    "Najlepiej stały adres ELI w ISAP, np. https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20100000736"
)


class LegalActBlock(blocks.StructBlock):
    """One act of the legal basis: its full citation and a link to its text (ISAP/ELI)."""

    title = blocks.CharBlock(
        label=_("tytuł aktu"),
        max_length=400,
        help_text=_(
            "Pełny tytuł z publikatorem, np. „Ustawa z dnia 24 września 2010 r. o ewidencji ludności "
            "(Dz.U. 2024 poz. 736)”."
        ),
    )
    url = blocks.URLBlock(
        label=_("adres tekstu aktu"), required=False, help_text=ISAP_HINT, validators=[URLValidator()]
    )
    provisions = blocks.CharBlock(label=_("przepisy"), required=False, max_length=120, help_text=_("np. art. 28–34"))

    class Meta:
        icon = "doc-full"
        label = _("Akt prawny")
        template = "catalogue/blocks/legal_act_block.html"
        description = _("Akt prawny z odnośnikiem do jego tekstu w ISAP")
        preview_value = {
            "title": "Ustawa z dnia 24 września 2010 r. o ewidencji ludności (Dz.U. 2024 poz. 736)",
            "url": "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20100000736",
            "provisions": "art. 28–36",
        }


class FormDocumentBlock(blocks.StructBlock):
    """A form (wzór wniosku, deklaracja) to download, with an optional note on how to fill it in."""

    document = DocumentChooserBlock(label=_("dokument"))
    note = blocks.CharBlock(label=_("uwagi"), required=False, max_length=200)

    class Meta:
        icon = "doc-empty"
        label = _("Formularz")
        template = "catalogue/blocks/form_document_block.html"
        description = _("Formularz do pobrania (PDF, DOCX, ODT) z typem i rozmiarem pliku")
        preview_value = {"note": "Wypełnij drukowanymi literami."}


class LegalBasisBlock(blocks.StreamBlock):
    act = LegalActBlock()

    class Meta:
        icon = "doc-full"
        description = _("Lista aktów prawnych, na podstawie których załatwia się sprawę")


class FormsBlock(blocks.StreamBlock):
    form = FormDocumentBlock()

    class Meta:
        icon = "doc-empty"
        description = _("Formularze i wzory dokumentów do pobrania")
