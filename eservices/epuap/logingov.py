"""login.gov.pl sign-in: configuration, the one-time request record, and the resident's account.

``account_for_identity`` maps what the node proved to an account: the account with that PESEL (names
updated), else the signed-in account without a PESEL (linked), else a new account. Each ends
*zweryfikowane* (``identity_level``). The birth date is checked against the PESEL in ``saml``; the
User model has no field of its own for it (it is derivable from the PESEL).
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid

import requests
from cryptography import x509
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cms.accounts.models import User

from .keys import load_keypair
from .models import SamlRequest
from .saml import Identity, SamlError, SpConfig, build_artifact_resolve, read_artifact_response

REQUEST_MAX_AGE = dt.timedelta(minutes=15)
PLACEHOLDER_DOMAIN = "@login-gov-pl.invalid"


def needs_email(user) -> bool:
    """An account created by login.gov.pl still has the placeholder address (the node gives none)."""
    return user.email.endswith(PLACEHOLDER_DOMAIN)


@transaction.atomic
def account_email_set(*, user, email: str, request=None) -> None:
    """Give the account its real address; it is confirmed by the usual link (``accounts:confirm``)."""
    from cms.accounts.services import confirmation_email_send

    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.email, locked.email_confirmed_at = email.strip().lower(), None
    locked.save(update_fields=["email", "email_confirmed_at"])
    user.email, user.email_confirmed_at = locked.email, None
    transaction.on_commit(lambda: confirmation_email_send(user=locked, request=request), robust=True)


@functools.lru_cache(maxsize=4)
def _sp_keypair(key_file: str, cert_file: str, generate: bool):
    return load_keypair(key_file, cert_file, common_name="Ratusz — login.gov.pl SP (dev)", generate=generate)


@functools.lru_cache(maxsize=4)
def _idp_cert(path: str) -> x509.Certificate:
    """The node's certificate; in development a missing one is the test IdP's, generated here (the
    ``logingov_test_idp`` command loads the same pair)."""
    from pathlib import Path

    cert_path = Path(path)
    if not cert_path.exists() and settings.LOGINGOV_GENERATE_DEV_KEYS:
        return load_keypair(
            cert_path.with_name("test-idp-key.pem"), cert_path, common_name="login.gov.pl — test", generate=True
        ).certificate
    try:
        return x509.load_pem_x509_certificate(cert_path.read_bytes())
    except (OSError, ValueError):
        raise SamlError("Logowanie przez login.gov.pl nie jest skonfigurowane (brak certyfikatu węzła).") from None


def sp_keypair():
    return _sp_keypair(
        str(settings.LOGINGOV_SP_KEY_FILE),
        str(settings.LOGINGOV_SP_CERT_FILE),
        bool(settings.LOGINGOV_GENERATE_DEV_KEYS),
    )


def sp_config(request=None) -> SpConfig:
    """The SP's configuration from settings; the ACS address from ``LOGINGOV_SP_ACS_URL`` or the request."""
    acs = getattr(settings, "LOGINGOV_SP_ACS_URL", "") or (
        request.build_absolute_uri(reverse("logingov:acs")) if request is not None else ""
    )
    return SpConfig(
        entity_id=settings.LOGINGOV_SP_ENTITY_ID,
        acs_url=acs,
        keypair=sp_keypair(),
        idp_entity_id=settings.LOGINGOV_IDP_ENTITY_ID,
        idp_sso_url=settings.LOGINGOV_IDP_SSO_URL,
        idp_artifact_url=settings.LOGINGOV_IDP_ARTIFACT_URL,
        idp_cert=_idp_cert(str(settings.LOGINGOV_IDP_CERT_FILE)),
    )


def resolve_artifact(*, config: SpConfig, artifact: str) -> Identity:
    """ArtifactResolve over SOAP (back channel), then every check of ``saml.read_artifact_response``."""
    try:
        answer = requests.post(
            config.idp_artifact_url,
            data=build_artifact_resolve(config=config, artifact=artifact),
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"ArtifactResolve"'},
            timeout=10,
        )
    except requests.RequestException:
        raise SamlError("Brak połączenia z login.gov.pl. Spróbuj za chwilę.") from None
    if answer.status_code != 200:
        raise SamlError("login.gov.pl odrzucił zapytanie o artefakt.")
    return read_artifact_response(config=config, soap=answer.content)


def saml_request_create(*, next_url: str = "") -> SamlRequest:
    return SamlRequest.objects.create(request_id="ID-" + uuid.uuid4().hex, next_url=next_url[:500])


@transaction.atomic
def saml_request_consume(*, request_id: str) -> SamlRequest:
    """Use the request once: a replayed artifact or response for it is refused."""
    record = SamlRequest.objects.select_for_update().filter(request_id=request_id).first()
    if record is None:
        raise SamlError("Nie rozpoczęto logowania w tym serwisie. Zaloguj się ponownie.")
    if record.consumed_at is not None:
        raise SamlError("Ta odpowiedź logowania została już użyta. Zaloguj się ponownie.")
    if timezone.now() - record.created_at > REQUEST_MAX_AGE:
        raise SamlError("Logowanie trwało zbyt długo. Zaloguj się ponownie.")
    record.consumed_at = timezone.now()
    record.save(update_fields=["consumed_at"])
    return record


@transaction.atomic
def account_for_identity(*, identity: Identity, current_user=None) -> User:
    """The verified account of the person; created or linked. ``SamlError`` on a PESEL conflict."""
    now = timezone.now()
    user = User.objects.select_for_update().filter(pesel=identity.pesel).first()
    if user is None and current_user is not None and current_user.is_authenticated:
        user = User.objects.select_for_update().get(pk=current_user.pk)
        if user.pesel and user.pesel != identity.pesel:
            raise SamlError("Jesteś zalogowany(-a) na konto z innym numerem PESEL. Wyloguj się i spróbuj ponownie.")
    if user is None:
        user = User(
            email=f"{uuid.uuid4().hex}{PLACEHOLDER_DOMAIN}",
            is_active=True,
            email_confirmed_at=None,
        )
        user.set_unusable_password()
    if user.is_staff:
        raise SamlError("Konta pracowników nie logują się przez login.gov.pl w części dla mieszkańców.")
    user.pesel, user.first_name, user.last_name = identity.pesel, identity.first_name, identity.last_name
    user.identity_level = User.IdentityLevel.VERIFIED
    user.identity_verified_at, user.identity_verified_by = now, None
    user.save()
    return user
