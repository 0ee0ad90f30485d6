"""``/konto/login-gov-pl/``: sign in with login.gov.pl (SAML 2.0, HTTP-Artifact binding).

``start`` shows a small page whose form POSTs the signed AuthnRequest to the node (HTTP-POST binding
for the request; it works without JavaScript — the person presses "Przejdź do login.gov.pl"). The
node sends the browser back to ``acs`` with an artifact; we resolve it over the back channel, check
it belongs to the request this browser started (session) and was not used before, then sign in.
"""

from __future__ import annotations

import base64
import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cms.accounts.redirects import safe_next

from . import logingov
from .saml import SamlError, artifact_source_ok, build_authn_request

SESSION_KEY = "logingov_request"


def _enabled():
    from django.conf import settings

    if not settings.LOGINGOV_ENABLED:
        raise Http404


@never_cache
@require_GET
def start(request):
    _enabled()
    try:
        config = logingov.sp_config(request)
    except SamlError as error:
        return _failure(request, str(error))
    record = logingov.saml_request_create(next_url=safe_next(request))
    relay = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {"id": record.request_id, "relay": relay}
    saml_request = base64.b64encode(build_authn_request(config=config, request_id=record.request_id)).decode()
    response = render(
        request,
        "epuap/logingov_start.html",
        {"sso_url": config.idp_sso_url, "saml_request": saml_request, "relay_state": relay},
    )
    response["Content-Security-Policy"] = _policy_allowing_form_to(config.idp_sso_url)
    return response


def _policy_allowing_form_to(url: str) -> str:
    """The site's CSP with the node's origin added to ``form-action`` (this one page posts there)."""
    from urllib.parse import urlsplit

    from django.conf import settings

    from cms.security.csp import build_policy

    parts = urlsplit(url)
    directives = {k: list(v) for k, v in (getattr(settings, "RATUSZ_CSP", None) or {}).items()}
    directives["form-action"] = [*directives.get("form-action", ["'self'"]), f"{parts.scheme}://{parts.netloc}"]
    return build_policy(directives)


def _failure(request, message: str):
    return render(request, "epuap/logingov_error.html", {"message": message}, status=400)


@never_cache
@require_GET
def acs(request):
    _enabled()
    pending = request.session.pop(SESSION_KEY, None)
    artifact = request.GET.get("SAMLart", "")
    try:
        if not pending or request.GET.get("RelayState") != pending.get("relay"):
            raise SamlError("Logowanie nie zostało rozpoczęte w tej przeglądarce lub sesja wygasła. Spróbuj ponownie.")
        config = logingov.sp_config(request)
        if not artifact_source_ok(artifact, config.idp_entity_id):
            raise SamlError("Nieprawidłowy artefakt logowania.")
        identity = logingov.resolve_artifact(config=config, artifact=artifact)
        if identity.request_id != pending["id"]:
            raise SamlError("Odpowiedź nie odpowiada na żądanie logowania z tej przeglądarki.")
        record = logingov.saml_request_consume(request_id=identity.request_id)
        user = logingov.account_for_identity(identity=identity, current_user=request.user)
    except SamlError as error:
        return _failure(request, str(error))
    login(request, user, backend="cms.accounts.backends.ThrottledModelBackend")
    if logingov.needs_email(user):
        request.session[EMAIL_NEXT_KEY] = record.next_url
        return redirect("logingov:email")
    return redirect(record.next_url or "accounts:dashboard")


EMAIL_NEXT_KEY = "logingov_next"


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Adres e-mail"),
        help_text=_("Na ten adres wyślemy potwierdzenia złożenia wniosków i wiadomości w sprawach."),
        error_messages={"required": _("Podaj adres e-mail."), "invalid": _("Podaj poprawny adres e-mail.")},
    )

    def clean_email(self):
        from cms.accounts.models import User

        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Ten adres należy do innego konta. Zaloguj się nim i połącz je z login.gov.pl z poziomu logowania.")
            )
        return email


@never_cache
@login_required
def email(request):
    """After the first login.gov.pl sign-in: the address for receipts and messages (confirmed by link)."""
    if not logingov.needs_email(request.user):
        return redirect("accounts:dashboard")
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        logingov.account_email_set(user=request.user, email=form.cleaned_data["email"], request=request)
        messages.success(request, _("Wysłaliśmy link potwierdzający na podany adres."))
        return redirect(request.session.pop(EMAIL_NEXT_KEY, "") or "accounts:dashboard")
    return render(request, "epuap/logingov_email.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def metadata(request):
    """The SP's SAML metadata (entity id, ACS with the artifact binding, signing/encryption certificate)."""
    _enabled()
    from .metadata import sp_metadata

    return HttpResponse(sp_metadata(logingov.sp_config(request)), content_type="application/samlmetadata+xml")
