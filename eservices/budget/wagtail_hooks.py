"""The "Budżet obywatelski" menu of the Wagtail admin: Projekty (verification), Karty papierowe,
Wyniki (custom views in ``admin_views``), Rejestr mieszkańców (``admin_register``), Edycje (with
their pools) and Kategorie (model viewsets)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_register, admin_views
from .models import Category, Edition


class _Item(MenuItem):
    check = staticmethod(admin_views.has_budget_access)

    def is_shown(self, request):
        return self.check(request.user)


class ProposalsItem(_Item):
    pass


class PaperItem(_Item):
    check = staticmethod(lambda user: user.has_perm("budget.enter_paper_ballot"))


class ResultsItem(_Item):
    check = staticmethod(admin_views.is_coordinator)


class ProposalsViewSet(ViewSet):
    name = "budget_admin"
    url_prefix = "budzet"
    icon = "doc-full"
    menu_label = _("Projekty")
    menu_name = "budzet-projekty"
    menu_item_class = ProposalsItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.proposals_index, name="index"),
            path("projekty/<int:pk>/", admin_views.proposal_review, name="proposal"),
            path("wyniki/<int:pk>/<str:fmt>/", admin_views.result_download, name="result_download"),
        ]


class PaperViewSet(ViewSet):
    name = "budget_paper"
    url_prefix = "budzet/karty"
    icon = "form"
    menu_label = _("Karty papierowe")
    menu_name = "budzet-karty"
    menu_item_class = PaperItem

    def get_urlpatterns(self):
        return [path("", admin_views.paper_ballots, name="index")]


class ResultsViewSet(ViewSet):
    name = "budget_results"
    url_prefix = "budzet/wyniki"
    icon = "table"
    menu_label = _("Wyniki")
    menu_name = "budzet-wyniki"
    menu_item_class = ResultsItem

    def get_urlpatterns(self):
        return [path("", admin_views.results_admin, name="index")]


class RegisterViewSet(ViewSet):
    name = "budget_register"
    url_prefix = "budzet/rejestr"
    icon = "upload"
    menu_label = _("Rejestr mieszkańców")
    menu_name = "budzet-rejestr"
    menu_item_class = ResultsItem  # coordinators only

    def get_urlpatterns(self):
        return [path("", admin_register.register_admin, name="index")]


class EditionViewSet(ModelViewSet):
    model = Edition
    icon = "date"
    menu_label = _("Edycje")
    menu_name = "budzet-edycje"
    url_prefix = "budzet/edycje"
    list_display = ["name", "year", "voting_start", "voting_end", "voting_method"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("year"), FieldPanel("slug")]),
        FieldPanel("description"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("proposals_start"), FieldPanel("proposals_end")]),
            FieldRowPanel([FieldPanel("verification_end"), FieldPanel("appeal_days")]),
            FieldRowPanel([FieldPanel("voting_start"), FieldPanel("voting_end"), FieldPanel("results_date")]),
        ], heading=_("Etapy")),
        MultiFieldPanel([
            FieldPanel("voting_method"),
            FieldRowPanel([FieldPanel("max_projects"), FieldPanel("points"), FieldPanel("min_votes")]),
            FieldRowPanel([FieldPanel("min_age"), FieldPanel("require_pesel"), FieldPanel("allow_email_voting")]),
            FieldRowPanel([FieldPanel("duplicate_rule"), FieldPanel("required_endorsements")]),
        ], heading=_("Zasady głosowania")),
        InlinePanel("pools", heading=_("Pule"), label=_("pula")),
    ]  # fmt: skip


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Kategorie")
    menu_name = "budzet-kategorie"
    url_prefix = "budzet/kategorie"
    list_display = ["name", "slug"]
    form_fields = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None


class BudgetGroup(ViewSetGroup):
    items = (ProposalsViewSet, PaperViewSet, ResultsViewSet, RegisterViewSet, EditionViewSet, CategoryViewSet)
    menu_icon = "group"
    menu_label = _("Budżet obywatelski")
    menu_name = "budzet-obywatelski"
    menu_order = 260


@hooks.register("register_admin_viewset")
def register_budget_viewsets():
    return BudgetGroup()
