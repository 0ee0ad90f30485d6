"""*Admin → Budżet obywatelski → Rejestr mieszkańców*: loading an edition's resident register.

Upload → dry run (how many residents, every bad line with its number; nothing stored) → confirm →
the register's size. Between the two steps only the keyed hashes are kept, in the cache under a
random token for an hour — the uploaded file (PESELs) is never written anywhere. The register of an
edition can be cleared. Coordinators (and superusers) only; anyone else gets 403.
"""

from __future__ import annotations

import re
import uuid

from django import forms
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from .admin_views import _edition, _forbidden, _render, is_coordinator
from .models import Edition
from .register import register_check, register_clear, register_entries_add

MAX_FILE_BYTES = 20 * 1024 * 1024
CACHE_TTL = 3600
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


class RegisterUploadForm(forms.Form):
    edycja = forms.ModelChoiceField(
        label=gettext_lazy("Edycja"), queryset=Edition.objects.all(), empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Wybierz edycję z listy.")},
    )  # fmt: skip
    file = forms.FileField(
        label=gettext_lazy("Plik rejestru (CSV lub TXT)"),
        help_text=gettext_lazy(
            "UTF-8, jeden mieszkaniec w wierszu, numer PESEL w pierwszej kolumnie (pozostałe kolumny, oddzielone "
            "średnikiem lub przecinkiem, są pomijane); wiersz nagłówka „pesel” jest dozwolony."
        ),
        error_messages={
            "required": gettext_lazy("Wybierz plik rejestru."),
            "empty": gettext_lazy("Wgrany plik jest pusty."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Plik jest za duży (najwięcej 20 MB)."))
        return upload


def _cache_key(token: str) -> str:
    return f"budget:register-preview:{token}"


def register_admin(request):
    if not is_coordinator(request.user):
        return _forbidden(request)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "confirm":
        return _confirm(request)
    if action == "clear":
        return _clear(request)
    report = token = None
    if action == "check":
        form = RegisterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            edition = form.cleaned_data["edycja"]
            report = register_check(edition=edition, data=form.cleaned_data["file"].read())
            if report.ok:
                token = uuid.uuid4().hex
                cache.set(_cache_key(token), {"edition": edition.pk, "hashes": report.hashes}, CACHE_TTL)
        else:
            edition = _edition(request)
    else:
        edition = _edition(request)
        form = RegisterUploadForm(initial={"edycja": edition.pk})
    return _render(request, "budget/admin/register.html", _("Rejestr mieszkańców"), {
        "edition": edition, "form": form, "report": report, "token": token,
        "count": edition.register_entries.count(),
    }, status=200 if report is None or report.ok else 400)  # fmt: skip


def _url() -> str:
    return reverse("budget_register:index")


def _back(edition_pk):
    return redirect(f"{_url()}?edycja={edition_pk}")


def _confirm(request):
    token = request.POST.get("token", "")
    preview = cache.get(_cache_key(token)) if TOKEN_RE.match(token) else None
    if not preview:
        messages.error(request, _("Podgląd wygasł lub plik już wczytano. Wgraj plik ponownie."))
        return redirect(_url())
    cache.delete(_cache_key(token))
    edition = Edition.objects.get(pk=preview["edition"])
    total = register_entries_add(edition=edition, hashes=preview["hashes"])
    messages.success(
        request,
        _("Wczytano rejestr. W rejestrze edycji „%(edition)s” jest teraz %(count)d mieszkańców.")
        % {"edition": edition.name, "count": total},
    )
    return _back(edition.pk)


def _clear(request):
    edition = _edition(request)
    if request.POST.get("confirm_clear") != "1":
        messages.error(request, _("Zaznacz „Tak, usuń cały rejestr tej edycji”, aby go wyczyścić."))
        return _back(edition.pk)
    deleted = register_clear(edition=edition)
    messages.success(
        request,
        _("Usunięto rejestr edycji „%(edition)s” (%(count)d wpisów). Głosować może każdy uprawniony mieszkaniec.")
        % {"edition": edition.name, "count": deleted},
    )
    return _back(edition.pk)
