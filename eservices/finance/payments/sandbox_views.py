"""The sandbox gateway's pages: what Przelewy24's or PayU's servers would serve. 404 unless the sandbox
is the configured provider. The tester's decision is recorded, the signed notification POSTed to the
portal over HTTP (``SandboxProvider.send_notification``), and the payer sent back to the return page.
"""

from __future__ import annotations

from django.db import transaction as db_transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .models import SandboxPayment
from .providers import get_provider
from .providers.sandbox import SIGNATURE_HEADER, SandboxProvider, sign

DECISIONS = {
    "pay": SandboxPayment.Status.PAID,
    "reject": SandboxPayment.Status.REJECTED,
    "cancel": SandboxPayment.Status.CANCELLED,
}


def _sandbox() -> SandboxProvider:
    provider = get_provider(SandboxProvider.name)
    if provider is None:
        raise Http404
    return provider


@never_cache
@require_http_methods(["GET", "POST"])
def sandbox_page(request, token: str):
    provider = _sandbox()
    payment = get_object_or_404(SandboxPayment, token=token)
    if request.method == "POST":
        decision = DECISIONS.get(request.POST.get("decision", ""))
        if decision is None:
            raise Http404
        with db_transaction.atomic():
            locked = SandboxPayment.objects.select_for_update().get(pk=payment.pk)
            decided = locked.status == SandboxPayment.Status.NEW and locked.expires_at > timezone.now()
            if decided:
                locked.status, locked.decided_at = decision, timezone.now()
                locked.save(update_fields=["status", "decided_at"])
        if not decided:
            payment.refresh_from_db()
            return _page(request, payment, status=409)
        # Outside any database transaction: the portal books the notification in its own request.
        if provider.send_notification(locked):
            SandboxPayment.objects.filter(pk=locked.pk).update(notified=True)
        return redirect(locked.return_url)
    return _page(request, payment)


def _page(request, payment: SandboxPayment, *, status: int = 200):
    return render(
        request,
        "finance/payments/sandbox.html",
        {
            "payment": payment,
            "expired": payment.status == SandboxPayment.Status.NEW and payment.expires_at <= timezone.now(),
            "page_title": _("Bramka testowa płatności"),
        },
        status=status,
    )


@never_cache
@require_GET
def sandbox_status(request, token: str):
    """The gateway's status of a payment, signed like a notification (``X-Sandbox-Signature``)."""
    provider = _sandbox()
    payment = get_object_or_404(SandboxPayment, token=token)
    body = provider.payload(payment)
    response = HttpResponse(body, content_type="application/json")
    response[SIGNATURE_HEADER] = sign(body, provider.options)
    return response
