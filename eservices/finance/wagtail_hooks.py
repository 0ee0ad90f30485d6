"""The "Należności" menu of the admin (finance officers, group "Finanse — księgowość"):
taxpayers with a read-only view of their liabilities and the rate table of late interest."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.audit.services import access_log_record

from .models import InterestRate, Taxpayer


class LiabilitiesPanel(Panel):
    """Read-only: the taxpayer's liabilities and instalments with what is paid and overdue today.
    The ledger itself comes from the finance system (import), so it is not edited here."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "finance/admin/liabilities_panel.html"

        def get_context_data(self, parent_context=None):
            from .balances import balance_for_taxpayer

            context = super().get_context_data(parent_context)
            context["balance"] = balance_for_taxpayer(taxpayer=self.instance) if self.instance.pk else None
            if self.instance.pk and self.request is not None:  # accountability (issue 11, cms.audit)
                access_log_record(request=self.request, action="view", subject_type="taxpayer",
                                  subject_id=self.instance.pk, subject_label=self.instance.name)  # fmt: skip
            return context


class TaxpayerViewSet(SnippetViewSet):
    model = Taxpayer
    icon = "user"
    menu_label = _("Podatnicy")
    menu_name = "podatnicy"
    list_display = ["name", "kind", "identifier", "account_number", "external_id"]
    list_filter = ["kind"]
    search_fields = ["name", "pesel", "nip", "account_number", "external_id"]
    search_backend_name = None  # plain database lookups: the model is not in the search index
    ordering = ["name"]
    panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("pesel"), FieldPanel("nip"), FieldPanel("regon")]),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("postal_code"), FieldPanel("locality")], heading=_("Adres")),
        FieldPanel("account_number"),
        FieldPanel("external_id"),
        LiabilitiesPanel(heading=_("Zobowiązania")),
    ]


class InterestRateViewSet(SnippetViewSet):
    model = InterestRate
    icon = "calendar"
    menu_label = _("Stawki odsetek")
    menu_name = "stawki-odsetek"
    list_display = ["valid_from", "annual_rate", "legal_basis"]
    search_backend_name = None
    ordering = ["-valid_from"]
    panels = [FieldPanel("valid_from"), FieldPanel("annual_rate"), FieldPanel("legal_basis")]


class FinanceGroup(SnippetViewSetGroup):
    items = (TaxpayerViewSet, InterestRateViewSet)
    menu_icon = "table"
    menu_label = _("Należności")
    menu_name = "naleznosci"
    menu_order = 250


register_snippet(FinanceGroup)
from . import import_hooks, notice_hooks  # noqa: E402, F401
from .payments import wagtail_hooks as _payments_hooks  # noqa: E402, F401
