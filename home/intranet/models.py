"""The staff intranet: page types and the staff directory.

::

    HomePage
    └── IntranetPage (/intranet/, one per site, private: signed-in users + staff check)
        ├── IntranetAnnouncementPage …
        ├── StaffDirectoryPage (/intranet/pracownicy/)
        └── IntranetDocumentsPage (/intranet/dokumenty/) → documents of the "Intranet" collection

Two locks, on purpose. The ``PageViewRestriction`` (type "login") on the IntranetPage makes Wagtail
send anonymous visitors to the sign-in page and makes ``.public()`` leave out the whole subtree, so
the intranet never reaches public search, the sitemap, the feeds or the API. ``StaffOnlyMixin.serve``
then refuses signed-in users who are not staff (residents), which a login restriction alone lets in.
"""

import unicodedata

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from home.blocks import BodyBlock
from home.models import BasePage, paginate

from .access import is_staff_member, staff_sign_in_response

ANNOUNCEMENTS_PER_PAGE = 10
STAFF_PER_PAGE = 20
DOCUMENTS_PER_PAGE = 30

_FOLD = str.maketrans({"ł": "l", "Ł": "l"})


def fold(text: str) -> str:
    """Lower case without diacritics, for matching what staff type: ``Łącka`` → ``lacka``."""
    text = (text or "").translate(_FOLD).lower()
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


class StaffOnlyMixin:
    """Serve the page to staff only; everybody else is sent to the sign-in page (see ``access``)."""

    def serve(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            return staff_sign_in_response(request)
        response = super().serve(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-cache, no-store, must-revalidate, max-age=0"
        return response

    def get_sitemap_urls(self, request=None):
        return []


class IntranetPage(StaffOnlyMixin, BasePage):
    """The intranet's home: the latest announcements and the way to the directory and documents."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "intranet.IntranetAnnouncementPage",
        "intranet.StaffDirectoryPage",
        "intranet.IntranetDocumentsPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("intranet")
        verbose_name_plural = _("intranet")

    def get_context(self, request, *args, **kwargs):
        from .selectors import intranet_announcements, intranet_sections

        context = super().get_context(request, *args, **kwargs)
        context["announcements"] = paginate(
            intranet_announcements(intranet=self), request.GET.get("page"), ANNOUNCEMENTS_PER_PAGE
        )
        context["sections"] = intranet_sections(intranet=self)
        return context


class IntranetAnnouncementPage(StaffOnlyMixin, BasePage):
    """An internal announcement (komunikat wewnętrzny) for the office's and units' staff."""

    date = models.DateField(_("data"), default=timezone.localdate)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("date")]
    content_panels = BasePage.content_panels + [FieldPanel("date"), FieldPanel("body")]

    parent_page_types = ["intranet.IntranetPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("komunikat wewnętrzny")
        verbose_name_plural = _("komunikaty wewnętrzne")


class StaffDirectoryPage(StaffOnlyMixin, BasePage):
    """The staff directory (książka telefoniczna): searchable with a plain GET form, paginated."""

    parent_page_types = ["intranet.IntranetPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("spis pracowników")
        verbose_name_plural = _("spisy pracowników")

    def get_context(self, request, *args, **kwargs):
        from .selectors import staff_search

        context = super().get_context(request, *args, **kwargs)
        query = " ".join(request.GET.get("q", "").split())[:100]
        context["query"] = query
        context["staff_page"] = paginate(staff_search(query=query), request.GET.get("page"), STAFF_PER_PAGE)
        return context


class IntranetDocumentsPage(StaffOnlyMixin, BasePage):
    """Documents for staff (regulaminy, druki): the documents of one restricted collection.

    The collection must carry a collection privacy setting (signed-in users); the intranet's
    ``before_serve_document`` hook additionally refuses its files to anyone who is not staff.
    """

    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("kolekcja dokumentów"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Kolekcja z ustawieniem prywatności „zalogowani użytkownicy”, np. „Intranet”."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("collection")]

    parent_page_types = ["intranet.IntranetPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("dokumenty dla pracowników")
        verbose_name_plural = _("dokumenty dla pracowników")

    def get_context(self, request, *args, **kwargs):
        from .selectors import intranet_documents

        context = super().get_context(request, *args, **kwargs)
        documents = intranet_documents(collection=self.collection) if self.collection_id else []
        context["documents_page"] = paginate(documents, request.GET.get("page"), DOCUMENTS_PER_PAGE)
        return context


class StaffMember(models.Model):
    """One person in the staff directory; optionally linked to their account and unit."""

    first_name = models.CharField(_("imię"), max_length=80)
    last_name = models.CharField(_("nazwisko"), max_length=120)
    position = models.CharField(_("stanowisko"), max_length=200, blank=True)
    department = models.CharField(
        _("komórka organizacyjna"),
        max_length=200,
        blank=True,
        help_text=_("Np. „Referat Podatków i Opłat Lokalnych”."),
    )
    unit = models.ForeignKey(
        "units.OrgUnit",
        verbose_name=_("jednostka"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_members",
    )
    room = models.CharField(_("pokój"), max_length=40, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("konto użytkownika"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )
    search_text = models.TextField(editable=False, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldPanel("position"),
        MultiFieldPanel([FieldPanel("unit"), FieldPanel("department")], heading=_("Miejsce pracy")),
        MultiFieldPanel(
            [FieldPanel("room"), FieldRowPanel([FieldPanel("phone"), FieldPanel("email")])], heading=_("Kontakt")
        ),
        FieldPanel("user"),
    ]

    class Meta:
        verbose_name = _("pracownik")
        verbose_name_plural = _("pracownicy")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # SQLite's LIKE folds only ASCII letters, so "łucja" would miss "Łucja": match on a folded copy.
        self.search_text = fold(" ".join((self.first_name, self.last_name, self.position, self.department)))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def _full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    _full_name.short_description = _("imię i nazwisko")
    full_name = property(_full_name)
