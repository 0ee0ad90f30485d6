"""Service cards (karta usługi), their categories and life events, and the ``/uslugi/`` listing.

The tree::

    HomePage
    └── ServiceIndexPage (/uslugi/) ── ServicePage (/uslugi/<slug>/)

The application form of a service (``/uslugi/<slug>/wniosek/``) belongs to ``eservices.forms``;
this module only carries the flags it needs (``online_form_available``, ``requires_verified_identity``)
and the ``application_url`` hook.
"""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.models import BasePage
from home.sitesearch.text import index_tokens

from .blocks import FormsBlock, LegalBasisBlock

jrwa_validator = RegexValidator(r"^\d{1,4}$", _("Symbol JRWA to od jednej do czterech cyfr, np. 5310."))


class _OrderedSnippet(models.Model):
    name = models.CharField(_("nazwa"), max_length=120, unique=True)
    slug = models.SlugField(_("adres (slug)"), max_length=120, unique=True, help_text=_("Używany w adresie filtra."))
    description = models.TextField(_("opis"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("kolejność"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceCategory(_OrderedSnippet):
    """A subject area of services (Sprawy obywatelskie, Podatki i opłaty …)."""

    class Meta(_OrderedSnippet.Meta):
        verbose_name = _("kategoria usług")
        verbose_name_plural = _("kategorie usług")


class LifeEvent(_OrderedSnippet):
    """A situation in a resident's life that needs several services (urodzenie dziecka, przeprowadzka …)."""

    class Meta(_OrderedSnippet.Meta):
        verbose_name = _("zdarzenie życiowe")
        verbose_name_plural = _("zdarzenia życiowe")


class ServiceIndexPage(BasePage):
    """The service catalogue (/uslugi/): every service, filterable and sortable, 20 per page."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalogue.ServicePage"]
    max_count = 1

    class Meta:
        verbose_name = _("katalog usług")

    def get_context(self, request, *args, **kwargs):
        from .selectors import service_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = service_listing(index=self, params=request.GET)
        return context


class ServicePage(BasePage):
    """A service card (karta usługi): everything a resident needs to get one thing done.

    ``intro`` (from ``BasePage``) says what the service is. ``search_tokens`` holds the folded tokens
    of the title, intro and keywords (``home.sitesearch.text``) so the catalogue's text filter is
    diacritics-insensitive on SQLite and PostgreSQL alike.
    """

    class Deadline(models.TextChoices):
        IMMEDIATE = "immediate", _("niezwłocznie")
        ONE_MONTH = "1m", _("do 1 miesiąca")
        TWO_MONTHS = "2m", _("do 2 miesięcy (sprawa szczególnie skomplikowana)")
        CUSTOM = "custom", _("inny termin (opisany poniżej)")

    keywords = models.CharField(
        _("słowa kluczowe"), max_length=300, blank=True, help_text=_("Inne nazwy sprawy, po których ktoś jej szuka.")
    )
    who_may_apply = RichTextField(_("kto może złożyć wniosek"), blank=True, features=RICH_TEXT_FEATURES)
    required_documents = RichTextField(_("wymagane dokumenty"), blank=True, features=RICH_TEXT_FEATURES)

    fee_amount = models.DecimalField(
        _("kwota opłaty (zł)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Puste, gdy usługa jest bezpłatna albo opłata zależy od sprawy (opisz ją niżej)."),
    )
    fee_description = models.TextField(
        _("opis opłaty"), blank=True, help_text=_("Np. „opłata skarbowa za wydanie zaświadczenia”.")
    )
    payment_method = models.TextField(_("jak i gdzie zapłacić"), blank=True)
    bank_account = models.CharField(
        _("rachunek do wpłat"),
        max_length=40,
        blank=True,
        help_text=_("Puste: rachunek urzędu z ustawień „Dane urzędu”."),
    )

    deadline = models.CharField(
        _("termin załatwienia"), max_length=10, choices=Deadline.choices, default=Deadline.ONE_MONTH
    )
    deadline_details = models.CharField(_("termin — opis"), max_length=300, blank=True)

    legal_basis = StreamField(LegalBasisBlock(), blank=True, verbose_name=_("podstawa prawna"))

    how_to_apply = RichTextField(_("jak złożyć wniosek — wskazówki"), blank=True, features=RICH_TEXT_FEATURES)
    online_form_available = models.BooleanField(
        _("załatwisz online (formularz na stronie)"),
        default=False,
        help_text=_("Usługa ma (lub będzie miała) formularz wniosku na tej stronie."),
    )
    epuap_available = models.BooleanField(_("przez ePUAP"), default=False)
    epuap_url = models.URLField(_("adres usługi na ePUAP / gov.pl"), blank=True)
    in_person = models.BooleanField(_("osobiście w urzędzie"), default=True)
    room = models.CharField(_("pokój"), max_length=120, blank=True)
    hours = models.TextField(_("godziny przyjęć"), blank=True, help_text=_("Puste: godziny pracy jednostki."))
    requires_verified_identity = models.BooleanField(
        _("wymaga potwierdzonej tożsamości"),
        default=False,
        help_text=_("Wniosek online może złożyć tylko osoba zweryfikowana (profil zaufany lub urzędnik)."),
    )

    appeal_procedure = RichTextField(_("tryb odwoławczy"), blank=True, features=RICH_TEXT_FEATURES)
    forms = StreamField(FormsBlock(), blank=True, verbose_name=_("formularze do pobrania"))
    related_services = ParentalManyToManyField(
        "catalogue.ServicePage", blank=True, verbose_name=_("powiązane usługi"), related_name="+"
    )

    unit = models.ForeignKey(
        "units.OrgUnit",
        verbose_name=_("jednostka odpowiedzialna"),
        null=True,
        on_delete=models.PROTECT,
        related_name="services",
    )
    jrwa_symbol = models.CharField(
        _("symbol JRWA"),
        max_length=4,
        blank=True,
        validators=[jrwa_validator],
        help_text=_("Symbol z jednolitego rzeczowego wykazu akt, np. 5310; trafia do znaku sprawy."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("okres przechowywania sprawy (lata)"),
        default=5,
        help_text=_("Po tylu latach od zamknięcia sprawy jej dane osobowe są anonimizowane (kategoria archiwalna)."),
    )
    decision_template = models.TextField(
        _("wzór decyzji / odpowiedzi"),
        blank=True,
        help_text=_(
            "Treść pisma generowanego w sprawie; akapity oddziel pustą linią. Można użyć: {znak_sprawy}, "
            "{wnioskodawca}, {data_wplywu}, {usluga}."
        ),
    )
    categories = ParentalManyToManyField(
        ServiceCategory, blank=True, verbose_name=_("kategorie"), related_name="services"
    )
    life_events = ParentalManyToManyField(
        LifeEvent, blank=True, verbose_name=_("zdarzenia życiowe"), related_name="services"
    )
    popularity = models.PositiveIntegerField(
        _("popularność"), default=0, help_text=_("Większa liczba — wyżej przy sortowaniu „najpopularniejsze”.")
    )
    search_tokens = models.TextField(editable=False, blank=True, default="")

    search_fields = BasePage.search_fields + [
        index.SearchField("keywords"),
        index.SearchField("who_may_apply"),
        index.SearchField("required_documents"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.FilterField("online_form_available"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("keywords"),
        FieldPanel("who_may_apply"),
        FieldPanel("required_documents"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee_amount"), FieldPanel("bank_account")]),
                FieldPanel("fee_description"),
                FieldPanel("payment_method"),
            ],
            heading=_("Opłaty"),
        ),
        MultiFieldPanel([FieldPanel("deadline"), FieldPanel("deadline_details")], heading=_("Termin załatwienia")),
        FieldPanel("appeal_procedure"),
    ]
    apply_panels = [
        MultiFieldPanel(
            [
                FieldPanel("online_form_available"),
                FieldPanel("requires_verified_identity"),
                FieldRowPanel([FieldPanel("epuap_available"), FieldPanel("epuap_url")]),
                FieldPanel("in_person"),
                FieldRowPanel([FieldPanel("room"), FieldPanel("hours")]),
                FieldPanel("how_to_apply"),
            ],
            heading=_("Jak załatwić"),
        ),
        FieldPanel("forms"),
    ]
    classification_panels = [
        FieldRowPanel([FieldPanel("unit"), FieldPanel("jrwa_symbol"), FieldPanel("retention_years")]),
        FieldPanel("decision_template"),
        FieldPanel("categories"),
        FieldPanel("life_events"),
        FieldPanel("related_services"),
        FieldPanel("popularity"),
        FieldPanel("legal_basis"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Karta usługi")),
            ObjectList(apply_panels, heading=_("Jak załatwić")),
            ObjectList(classification_panels, heading=_("Jednostka i podstawa prawna")),
            ObjectList(BasePage.promote_panels, heading=_("Promocja")),
            ObjectList(BasePage.settings_panels, heading=_("Ustawienia")),
        ]
    )

    parent_page_types = ["catalogue.ServiceIndexPage"]
    subpage_types: list[str] = []
    search_kind = "service"  # read by home.sitesearch (duck-typed: home does not import eservices)

    class Meta:
        verbose_name = _("karta usługi")
        verbose_name_plural = _("karty usług")

    def save(self, *args, **kwargs):
        # Derived, not business logic: the folded text the catalogue's ``q`` filter matches.
        self.search_tokens = index_tokens(self.title, self.intro, self.keywords)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_tokens" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_tokens"]
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import service_bank_account, service_related

        context = super().get_context(request, *args, **kwargs)
        context["bank_account"] = service_bank_account(service=self, request=request)
        context["related"] = service_related(service=self)
        return context

    @property
    def is_free(self) -> bool:
        return self.fee_amount in (None, Decimal("0")) and not self.fee_description.strip()

    @property
    def deadline_text(self) -> str:
        if self.deadline == self.Deadline.CUSTOM:
            return self.deadline_details
        return str(self.get_deadline_display())

    @property
    def online(self) -> bool:
        """ "Załatwisz online": a form on this site or a service on ePUAP."""
        return self.online_form_available or self.epuap_available

    @property
    def application_url(self) -> str | None:
        """Where to apply online on this site, or None while the service has no published form.

        The hook for ``eservices.forms`` (issue 4, application forms): it makes this return
        ``/uslugi/<slug>/wniosek/`` for services with a live form; otherwise the card shows no link.
        """
        from django.urls import reverse

        from eservices.forms.selectors import form_for_service

        if form_for_service(service=self) is None:
            return None
        return reverse("eforms:application", kwargs={"slug": self.slug})
