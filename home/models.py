"""Page types of the public website and the office's site settings.

The tree an editor can build is fixed by ``parent_page_types``/``subpage_types``::

    HomePage
    ├── NewsIndexPage (/aktualnosci/) ── NewsPage
    ├── StandardPage ── StandardPage …
    │   └── UnitIndexPage (/urzad/jednostki/) ── UnitPage ── StandardPage …
    └── AccessibilityStatementPage (/deklaracja-dostepnosci/)
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BodyBlock, QuickLinkBlock

NEWS_PER_PAGE = 10


def paginate(items, page_param, per_page: int):
    """The requested page of ``items``; past the end gives the last page, a non-number the first.

    A page number past the end or not a number must never give a 500 (issue #2, bad input).
    """
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(page_param or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


@register_setting(icon="home")
class OfficeSettings(BaseSiteSetting):
    """The office's details shown in every page's footer and used on receipts and payment slips."""

    name = models.CharField(_("nazwa urzędu"), max_length=200, default="Urząd Miejski w Głogowie Małopolskim")
    street = models.CharField(_("ulica i numer"), max_length=200, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    city = models.CharField(_("miejscowość"), max_length=120, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    fax = models.CharField(_("faks"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    nip = models.CharField(_("NIP"), max_length=13, blank=True)
    regon = models.CharField(_("REGON"), max_length=14, blank=True)
    bank_name = models.CharField(_("bank"), max_length=120, blank=True)
    bank_account = models.CharField(_("numer rachunku bankowego (NRB)"), max_length=32, blank=True)
    epuap_address = models.CharField(_("adres skrytki ePUAP"), max_length=120, blank=True)
    opening_hours = models.TextField(
        _("godziny pracy"), blank=True, help_text=_("Jedna linia na dzień lub zakres dni.")
    )
    bip_url = models.URLField(_("adres BIP"), blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("deklaracja dostępności"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")])],
            heading=_("Adres"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]), FieldPanel("email"), FieldPanel("epuap_address")],
            heading=_("Kontakt"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("nip"), FieldPanel("regon")]),
                FieldPanel("bank_name"),
                FieldPanel("bank_account"),
            ],
            heading=_("Dane rejestrowe i rachunek"),
        ),
        FieldPanel("opening_hours"),
        FieldPanel("bip_url"),
        FieldPanel("accessibility_page"),
    ]

    class Meta:
        verbose_name = _("dane urzędu")
        verbose_name_plural = _("dane urzędu")

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    @property
    def bank_account_display(self) -> str:
        """NRB grouped as printed on Polish forms: ``12 3456 7890 …``."""
        digits = "".join(ch for ch in self.bank_account if ch.isdigit())
        if len(digits) != 26:
            return self.bank_account
        return " ".join([digits[:2]] + [digits[i : i + 4] for i in range(2, 26, 4)])


class BasePage(Page):
    """Fields every content page shares: a short lead shown in listings and search results."""

    intro = models.TextField(_("wprowadzenie"), blank=True, max_length=600)

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True


class BipFieldsMixin(models.Model):
    """The metryczka fields of a BIP page (ustawa o dostępie do informacji publicznej, art. 8 ust. 3).

    The act requires, for every published piece of public information: who produced it
    (``bip_author``, typed by the editor because it is often not the person who enters it), when,
    who entered it, when it was published, and a register of changes. Who entered and published it
    and when come from the page's revisions and publishing log, not from typed fields;
    ``bip_change_note`` is the editor's note for the change being published and is copied into the
    append-only change register at publication.
    """

    is_bip = models.BooleanField(
        _("strona Biuletynu Informacji Publicznej"),
        default=False,
        help_text=_("Pokaż metryczkę i rejestr zmian. Strony w dziale BIP mają je zawsze."),
    )
    bip_author = models.CharField(
        _("informację wytworzył(a)"),
        max_length=200,
        blank=True,
        help_text=_("Osoba lub komórka, która przygotowała informację, np. „Anna Nowak, Referat Podatków”."),
    )
    bip_produced_on = models.DateField(_("data wytworzenia informacji"), null=True, blank=True)
    bip_change_note = models.CharField(
        _("opis zmiany"),
        max_length=300,
        blank=True,
        help_text=_("Krótko: co zmieniono w tej wersji. Trafia do publicznego rejestru zmian przy publikacji."),
    )

    bip_panels = [
        MultiFieldPanel(
            [
                FieldPanel("is_bip"),
                FieldRowPanel([FieldPanel("bip_author"), FieldPanel("bip_produced_on")]),
                FieldPanel("bip_change_note"),
            ],
            heading=_("Metryczka BIP"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def in_bip(self) -> bool:
        """Marked as BIP by the editor, or placed anywhere under the BIP section."""
        return self.is_bip or BipIndexPage.objects.filter(path__in=self._ancestor_paths()).exists()

    def _ancestor_paths(self) -> list[str]:
        return [self.path[: i * self.steplen] for i in range(1, self.depth)]


class HomePage(BasePage):
    """The site root: alert banner slot, featured services, latest news and quick links."""

    featured_services = StreamField(
        [("link", QuickLinkBlock())], blank=True, verbose_name=_("najczęściej wybierane usługi")
    )
    quick_links = StreamField([("link", QuickLinkBlock())], blank=True, verbose_name=_("szybkie odnośniki"))
    news_count = models.PositiveSmallIntegerField(_("liczba aktualności"), default=4)

    content_panels = BasePage.content_panels + [
        FieldPanel("featured_services"),
        FieldPanel("quick_links"),
        FieldPanel("news_count"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.NewsIndexPage",
        "home.StandardPage",
        "home.BipIndexPage",
        "home.AccessibilityStatementPage",
        "intranet.IntranetPage",
        "catalogue.ServiceIndexPage",
        "education.SchoolIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("strona główna")

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_latest

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = news_latest(within=self, limit=self.news_count)
        return context


class StandardPage(BipFieldsMixin, BasePage):
    """An ordinary content page: o gminie, kontakt, RODO, sołectwa, BIP pages …"""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body")] + BipFieldsMixin.bip_panels

    parent_page_types = ["home.HomePage", "home.StandardPage", "home.UnitPage", "home.BipIndexPage"]
    subpage_types = ["home.StandardPage", "home.UnitIndexPage"]

    class Meta:
        verbose_name = _("strona standardowa")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsIndexPage(RoutablePageMixin, BasePage):
    """News listing, paginated, filterable by tag; its RSS feed is ``home.views.news_rss``.

    The feed is a plain Django URL (``/aktualnosci/rss.xml``) because Wagtail serves only paths that
    end in a slash.
    """

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("lista aktualności")

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_list

        context = super().get_context(request, *args, **kwargs)
        tag = kwargs.get("tag")
        context["tag"] = tag
        # The gmina's news index lists the news of the office and of every unit's section.
        context["news_page"] = paginate(
            news_list(within=self.get_parent(), tag=tag), request.GET.get("page"), NEWS_PER_PAGE
        )
        context["tags"] = Tag.objects.filter(home_newspagetag_items__isnull=False).distinct().order_by("name")
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("tag/<str:tag_slug>/", name="tag")
    def tag_route(self, request, tag_slug):
        tag = get_object_or_404(Tag, slug=tag_slug)
        return self.render(request, tag=tag)


class NewsPage(BipFieldsMixin, BasePage):
    """A news item (aktualność)."""

    date = models.DateField(_("data publikacji"), default=timezone.localdate)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("zdjęcie wiodące"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("tekst alternatywny zdjęcia"), max_length=250, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tagi"))

    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    content_panels = (
        BasePage.content_panels
        + [
            FieldRowPanel([FieldPanel("date"), FieldPanel("tags")]),
            MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Zdjęcie")),
            FieldPanel("body"),
        ]
        + BipFieldsMixin.bip_panels
    )

    parent_page_types = ["home.NewsIndexPage", "home.UnitPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("aktualność")
        verbose_name_plural = _("aktualności")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Podaj tekst alternatywny zdjęcia wiodącego.")})


class UnitIndexPage(BasePage):
    """The list of the office and its subordinate units (/urzad/jednostki/)."""

    parent_page_types = ["home.StandardPage"]
    subpage_types = ["home.UnitPage"]
    max_count = 1

    class Meta:
        verbose_name = _("lista jednostek")

    def get_context(self, request, *args, **kwargs):
        from .selectors import unit_pages

        context = super().get_context(request, *args, **kwargs)
        context["unit_pages"] = unit_pages(index=self)
        return context


class UnitPage(BipFieldsMixin, BasePage):
    """The page of one unit; its address and contact data come from the units register."""

    unit = models.OneToOneField(
        "units.OrgUnit",
        verbose_name=_("jednostka"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.RelatedFields(
            "unit", [index.SearchField("name"), index.SearchField("street"), index.SearchField("head_name")]
        ),
    ]
    content_panels = BasePage.content_panels + [FieldPanel("unit"), FieldPanel("body")] + BipFieldsMixin.bip_panels

    parent_page_types = ["home.UnitIndexPage"]
    subpage_types = ["home.StandardPage", "home.NewsPage"]

    class Meta:
        verbose_name = _("strona jednostki")
        verbose_name_plural = _("strony jednostek")

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_list

        context = super().get_context(request, *args, **kwargs)
        context["unit_news"] = news_list(within=self)[:5]
        return context


class BipIndexPage(BasePage):
    """The Public Information Bulletin section (/bip/): every page under it shows its metryczka."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("treść"))

    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Biuletyn Informacji Publicznej")


class AccessibilityStatementPage(Page):
    """Deklaracja dostępności with the sections required by the act of 4 April 2019 (art. 10).

    The HTML ids follow the minister's template (``a11y-…``) so that the national monitoring
    tools can read the statement automatically.
    """

    class Compliance(models.TextChoices):
        FULL = "full", _("zgodna")
        PARTIAL = "partial", _("częściowo zgodna")
        NONE = "none", _("niezgodna")

    class Method(models.TextChoices):
        SELF = "self", _("samoocena przeprowadzona przez podmiot publiczny")
        EXTERNAL = "external", _("badanie przeprowadzone przez podmiot zewnętrzny")

    entity_name = models.CharField(_("nazwa podmiotu"), max_length=200)
    site_url = models.URLField(_("adres strony"))
    published_on = models.DateField(_("data publikacji strony internetowej"))
    updated_on = models.DateField(_("data ostatniej istotnej aktualizacji"))
    compliance = models.CharField(_("status zgodności"), max_length=10, choices=Compliance.choices)
    non_accessible = RichTextField(_("treści niedostępne i wyłączenia"), blank=True, features=RICH_TEXT_FEATURES)
    prepared_on = models.DateField(_("data sporządzenia deklaracji"))
    reviewed_on = models.DateField(_("data ostatniego przeglądu deklaracji"))
    method = models.CharField(_("sposób oceny"), max_length=10, choices=Method.choices, default=Method.SELF)
    keyboard_shortcuts = RichTextField(_("skróty klawiaturowe"), blank=True, features=RICH_TEXT_FEATURES)
    contact_person = models.CharField(_("osoba kontaktowa"), max_length=120)
    contact_email = models.EmailField(_("e-mail kontaktowy"))
    contact_phone = models.CharField(_("telefon kontaktowy"), max_length=40)
    complaints_procedure = RichTextField(_("procedura wnioskowo-skargowa"), features=RICH_TEXT_FEATURES)
    architectural = RichTextField(_("dostępność architektoniczna"), features=RICH_TEXT_FEATURES)
    communication = RichTextField(_("dostępność komunikacyjno-informacyjna"), features=RICH_TEXT_FEATURES)
    mobile_apps = RichTextField(_("aplikacje mobilne"), blank=True, features=RICH_TEXT_FEATURES)

    search_fields = Page.search_fields + [index.SearchField("non_accessible"), index.SearchField("architectural")]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("entity_name"),
                FieldPanel("site_url"),
                FieldRowPanel([FieldPanel("published_on"), FieldPanel("updated_on")]),
            ],
            heading=_("Wstęp"),
        ),
        MultiFieldPanel([FieldPanel("compliance"), FieldPanel("non_accessible")], heading=_("Stan dostępności")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("prepared_on"), FieldPanel("reviewed_on")]), FieldPanel("method")],
            heading=_("Przygotowanie deklaracji"),
        ),
        FieldPanel("keyboard_shortcuts"),
        MultiFieldPanel(
            [FieldPanel("contact_person"), FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")])],
            heading=_("Informacje zwrotne i dane kontaktowe"),
        ),
        FieldPanel("complaints_procedure"),
        FieldPanel("architectural"),
        FieldPanel("communication"),
        FieldPanel("mobile_apps"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("deklaracja dostępności")
