"""The admin's "Upomnienia" (``/admin/finanse-upomnienia/``): issue upomnienia for overdue instalments.

Criteria (minimum arrears, optionally one taxpayer) → the list of what would be issued, nothing
written yet → confirm → one upomnienie per taxpayer (``notices.notices_issue``) → back to the list
of recent upomnienia, each with its PDF. The confirmation posts the listed ``taxpayer:instalment``
pairs, so exactly what was shown is issued; a pair naming another taxpayer's instalment refuses the
whole batch. Confirming twice the same day issues nothing the second time. Finance officers and
superusers only (``import_views.user_can_import``); anyone else with admin access gets 403.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.models import OfficeSettings

from .import_views import user_can_import
from .models import Reminder, Taxpayer
from .notices import notices_issue, office_lines, overdue_for_notices, render_notice
from .services import FinanceError

PAIR_RE = re.compile(r"^(\d{1,18}):(\d{1,18})$")
RECENT = 50


class NoticeCriteriaForm(forms.Form):
    min_amount = forms.DecimalField(
        label=gettext_lazy("Zaległość co najmniej (zł)"),
        min_value=Decimal("0.00"),
        max_digits=12,
        decimal_places=2,
        localize=True,  # "150,00" as well as "150.00"
        initial=Decimal("100.00"),
        help_text=gettext_lazy("Suma zaległych rat podatnika (bez odsetek), od której wystawić upomnienie."),
    )
    taxpayer = forms.CharField(
        label=gettext_lazy("Tylko podatnik (opcjonalnie)"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("Identyfikator z systemu finansowego, PESEL, NIP lub numer rachunku."),
    )

    def clean_taxpayer(self) -> Taxpayer | None:
        value = "".join((self.cleaned_data.get("taxpayer") or "").split())
        if not value:
            return None
        digits = value.replace("-", "").upper().removeprefix("PL")
        found = list(
            Taxpayer.objects.filter(
                Q(external_id=value) | Q(pesel=digits) | Q(nip=digits) | Q(account_number=digits)
            ).distinct()[:2]
        )
        if not found:
            raise forms.ValidationError(_("Nie znaleziono podatnika „%(value)s”.") % {"value": value})
        if len(found) > 1:
            raise forms.ValidationError(
                _("Identyfikator „%(value)s” pasuje do kilku podatników — podaj identyfikator z systemu finansowego.")
                % {"value": value}
            )
        return found[0]


class NoticeIssueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "finance/notices/index.html"
    page_title = gettext_lazy("Upomnienia")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", NoticeCriteriaForm())
        context["today"] = timezone.localdate()
        context["fee"] = Decimal(str(settings.FINANCE_REMINDER_FEE))
        context["recent"] = Reminder.objects.select_related("taxpayer").order_by("-issued_on", "-pk")[:RECENT]
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "issue":
            return self._issue(request)
        form = NoticeCriteriaForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        today = timezone.localdate()
        candidates, cut = overdue_for_notices(
            today=today, min_amount=form.cleaned_data["min_amount"], taxpayer=form.cleaned_data["taxpayer"]
        )
        if not candidates:
            messages.warning(
                request,
                _("Brak zaległych rat spełniających kryteria (lub upomnienia wystawiono już dziś).")
                + " "
                + _("Nic nie wystawiono."),
            )
        return self.render_to_response(self.get_context_data(form=form, candidates=candidates, cut=cut))

    def _issue(self, request):
        selection: dict[int, list[int]] = {}
        for value in request.POST.getlist("rata"):
            match = PAIR_RE.match(value)
            if not match:
                messages.error(request, _("Niepoprawna lista rat — nic nie wystawiono. Wybierz raty ponownie."))
                return redirect("finance_notices")
            selection.setdefault(int(match[1]), []).append(int(match[2]))
        try:
            result = notices_issue(selection=selection, issued_on=timezone.localdate(), issued_by=request.user)
        except FinanceError as error:
            messages.error(request, str(error))
            return redirect("finance_notices")
        if result.reminders:
            messages.success(request, _("Wystawiono upomnienia: %(n)d.") % {"n": len(result.reminders)})
        if result.skipped:
            messages.info(
                request,
                _("Pominięto raty, dla których dziś wystawiono już upomnienie: %(n)d.") % {"n": result.skipped},
            )
        return redirect("finance_notices")


def notice_pdf(request, pk: int):
    """The upomnienie PDF for the finance officer."""
    if not user_can_import(request.user):
        raise PermissionDenied
    reminder = get_object_or_404(Reminder.objects.select_related("taxpayer"), pk=pk)
    return notice_response(reminder, OfficeSettings.for_request(request))


def notice_response(reminder: Reminder, office) -> HttpResponse:
    name, address = office_lines(office)
    response = HttpResponse(
        render_notice(reminder, office_name=name, office_address=address), content_type="application/pdf"
    )
    filename = "upomnienie-" + re.sub(r"[^0-9A-Za-z]+", "-", reminder.number or str(reminder.pk)).strip("-")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
