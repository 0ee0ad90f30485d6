"""The admin view behind "Import subskrypcji" (see ``crisis.admin_subscription_import``)."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_subscription_import import user_can_import
from .forms_subscriptions import ImportForm
from .services.subscriptions import subscriptions_import

PENDING_SECONDS = 3600


def _pending_key(user, token: str) -> str:
    return f"crisis-sub-import:{user.pk}:{token}"


class SubscriptionImportView(WagtailAdminTemplateMixin, TemplateView):
    """Upload → dry run → confirm. The dry run writes nothing; the confirm re-validates everything."""

    template_name = "crisis/admin_subscriptions/import.html"
    page_title = _("Import subskrypcji")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self._confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        params = {
            "csv_text": data["file"],
            "areas": [area.pk for area in data["areas"]],
            "all_areas": data["all_areas"],
            "categories": list(data["categories"]),
            "consent_note": data["consent_note"],
        }
        report = subscriptions_import(**params, user=request.user, dry_run=True)
        token = ""
        if report.ok:
            token = secrets.token_hex(16)
            cache.set(_pending_key(request.user, token), params, PENDING_SECONDS)
        context = {"form": form, "report": report, "token": token, "filename": request.FILES["file"].name}
        return self.render_to_response(self.get_context_data(**context))

    def _confirm(self, request):
        key = _pending_key(request.user, request.POST.get("token", "")[:64])
        params = cache.get(key)
        if params is None:
            return self.render_to_response(self.get_context_data(form=ImportForm(), expired=True))
        cache.delete(key)
        report = subscriptions_import(**params, user=request.user)
        return self.render_to_response(self.get_context_data(form=ImportForm(), report=report, done=report.ok))
