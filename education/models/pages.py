"""Wagtail pages of the schools: ``/szkoly/`` → one SchoolPage per school → its SchoolNoticePages.

A notice's audience is public, the whole school (its parents and students), or chosen classes.
Non-public notices are served only to signed-in guardians and students of that audience (anyone else
gets 404, an anonymous visitor the sign-in page), are left out of the site search and listings, and
their guardians get an e-mail when the notice is first published (``education.signals``).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

RICH_TEXT = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class SchoolIndexPage(Page):
    """``/szkoly/``: the list of the gmina's schools."""

    intro = models.TextField(_("wprowadzenie"), blank=True, max_length=600)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["education.SchoolPage"]
    max_count = 1
    template = "education/school_index_page.html"

    class Meta:
        verbose_name = _("lista szkół")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["schools"] = SchoolPage.objects.child_of(self).live().select_related("school__unit")
        return context


class SchoolPage(Page):
    """A school's page: contact data from the units register, a description and its public notices."""

    school = models.OneToOneField(
        "education.School", verbose_name=_("szkoła"), on_delete=models.PROTECT, related_name="page"
    )
    intro = models.TextField(_("wprowadzenie"), blank=True, max_length=600)
    body = RichTextField(_("o szkole"), blank=True, features=RICH_TEXT)

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("school"), FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["education.SchoolIndexPage"]
    subpage_types = ["education.SchoolNoticePage"]
    template = "education/school_page.html"

    class Meta:
        verbose_name = _("strona szkoły")
        verbose_name_plural = _("strony szkół")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import notices_visible

        context = super().get_context(request, *args, **kwargs)
        context["notices"] = notices_visible(user=request.user, school_page=self)[:20]
        return context


class SchoolNoticePage(Page):
    """An ogłoszenie of a school, written by its teachers in the Wagtail admin."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("wszyscy (publiczne)")
        SCHOOL = "school", _("rodzice i uczniowie całej szkoły")
        CLASSES = "classes", _("rodzice i uczniowie wybranych oddziałów")

    date = models.DateField(_("data ogłoszenia"), default=timezone.localdate)
    audience = models.CharField(_("odbiorcy"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    classes = ParentalManyToManyField("education.SchoolClass", verbose_name=_("oddziały"), blank=True)
    body = RichTextField(_("treść"), features=RICH_TEXT)
    guardians_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    search_fields = Page.search_fields + [index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("audience"),
        FieldPanel("classes", help_text=_("Tylko gdy odbiorcami są wybrane oddziały.")),
        FieldPanel("body"),
    ]
    parent_page_types = ["education.SchoolPage"]
    subpage_types: list[str] = []
    template = "education/school_notice_page.html"

    class Meta:
        verbose_name = _("ogłoszenie szkoły")
        verbose_name_plural = _("ogłoszenia szkół")

    @classmethod
    def get_indexed_objects(cls):
        """Only public notices go into the site search: a search result must not leak a class notice."""
        return super().get_indexed_objects().filter(audience=cls.Audience.PUBLIC)

    def clean(self):
        super().clean()
        if self.audience != self.Audience.CLASSES:
            return
        # ParentalManyToManyField values are on the instance before saving.
        classes = list(self.classes.all())
        if not classes:
            raise ValidationError({"classes": _("Wybierz co najmniej jeden oddział albo innych odbiorców.")})
        parent = self.get_parent()
        school_page = parent.specific if parent else None
        if isinstance(school_page, SchoolPage):
            foreign = [c for c in classes if c.year.school_id != school_page.school_id]
            if foreign:
                raise ValidationError({"classes": _("Oddziały muszą należeć do tej szkoły.")})

    def serve(self, request, *args, **kwargs):
        from ..selectors import notice_visible_to

        if self.audience != self.Audience.PUBLIC:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
            if not notice_visible_to(notice=self, user=request.user):
                raise Http404
        return super().serve(request, *args, **kwargs)
