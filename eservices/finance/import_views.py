"""The admin upload of the ledger export, "Import księgi" (``/admin/finanse-import/``).

Upload → dry run with the report (counts, or every error with its line number) → confirm → import.
The uploaded file is kept between the two steps in a private directory (``FINANCE_IMPORT_ROOT``,
never under ``MEDIA_ROOT``: it holds PESELs) under a random token, and validated again on confirm,
so a file changed in between cannot slip through. Only finance officers (group "Finanse —
księgowość") and superusers may use it; anyone else with admin access gets 403.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.audit.services import access_log_record

from .access import FINANCE_GROUP
from .ledger_import import import_ledger

TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def user_can_import(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.groups.filter(name=FINANCE_GROUP).exists()


def import_root() -> Path:
    root = getattr(settings, "FINANCE_IMPORT_ROOT", None) or Path(settings.VAR_DIR) / "private" / "finance-import"
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    return root


def _remove_stale_uploads(max_age: float = 24 * 3600) -> None:
    """Files uploaded for a dry run and never confirmed go after a day."""
    limit = time.time() - max_age
    for path in import_root().glob("*.csv"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plik CSV z systemu finansowo-księgowego"),
        help_text=_("UTF-8, separator średnik, wiersz nagłówka; format opisano w dokumentacji (docs/finance.md)."),
    )


class LedgerImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "finance/import/index.html"
    page_title = _("Import księgi")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=LedgerUploadForm()))

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self._confirm(request)
        form = LedgerUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        _remove_stale_uploads()
        token = uuid.uuid4().hex
        path = import_root() / f"{token}.csv"
        with path.open("wb") as target:
            for chunk in form.cleaned_data["file"].chunks():
                target.write(chunk)
        report = import_ledger(path, dry_run=True)
        if not report.ok:
            path.unlink(missing_ok=True)
        context = {"form": LedgerUploadForm(), "report": report, "token": token if report.ok else ""}
        context["filename"] = form.cleaned_data["file"].name
        return self.render_to_response(self.get_context_data(**context))

    def _confirm(self, request):
        token = request.POST.get("token", "")
        path = import_root() / f"{token}.csv"
        if not TOKEN_RE.match(token) or not path.exists():
            return self.render_to_response(self.get_context_data(form=LedgerUploadForm(), expired=True))
        try:
            report = import_ledger(path)
        finally:
            path.unlink(missing_ok=True)
        if report.ok and report.changed:  # who changed the balances, and how many (issue 11, cms.audit)
            label = _("import księgi: %(n)d zmienionych pozycji") % {"n": report.changed}
            access_log_record(
                request=request, action="change", subject_type="ledger", subject_id=token, subject_label=label
            )
        return self.render_to_response(self.get_context_data(form=LedgerUploadForm(), report=report, done=True))
