from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string

# The GIN index on ``search_vector`` exists on PostgreSQL only; migration 0002 creates it (a GinIndex
# in ``Meta.indexes`` would break ``migrate`` on SQLite).
GIN_INDEX_NAME = "sitesearch_entry_vector_gin"


class SearchEntry(models.Model):
    """One searchable page or document, as the site search sees it.

    Written only by ``services.py`` (on publish, unpublish, move, document save, and
    ``manage.py search_rebuild``). What must never be found is also filtered when searching (live,
    not expired, no view restriction on the page or the document's collection), so a missed signal
    can make a result stale but never leak an intranet page. URLs are not stored: they come from
    the page's ``url_path`` when the results are shown, so renaming a parent needs no reindexing.
    """

    class Kind(models.TextChoices):
        PAGE = "page", _("Strona")
        NEWS = "news", _("Aktualność")
        UNIT = "unit", _("Jednostka")
        DOCUMENT = "document", _("Dokument")
        SERVICE = "service", _("Usługa")

    kind = models.CharField(_("rodzaj"), max_length=12, choices=Kind.choices)
    page = models.OneToOneField("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    document = models.OneToOneField(
        get_document_model_string(), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "units.OrgUnit",
        verbose_name=_("jednostka"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Jednostka, do której działu należy strona (najbliższa strona jednostki powyżej)."),
    )
    title = models.CharField(_("tytuł"), max_length=255)
    summary = models.TextField(_("opis"), blank=True)
    date = models.DateField(_("data"), null=True, blank=True)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    # PostgreSQL: setweight(to_tsvector('simple', title_tokens), 'A') || … body_tokens … 'B'.
    # Always NULL on SQLite, which searches the token columns instead.
    search_vector = SearchVectorField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pozycja indeksu wyszukiwarki")
        verbose_name_plural = _("indeks wyszukiwarki")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=False, document__isnull=True)
                | models.Q(page__isnull=True, document__isnull=False),
                name="sitesearch_entry_page_xor_document",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
