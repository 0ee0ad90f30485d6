"""The resident's side of online payment: confirm and start (``/konto/naleznosci/<pk>/zaplac/``), the
return page (``/platnosci/<id>/``) and the gateway's notification endpoint. Thin: access through
``eservices.finance.access``, everything else through ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..access import taxpayer_for_user, taxpayers_for_user
from . import services
from .models import PaymentTransaction


def _base_url(request) -> str:
    """The portal's address as the gateway must call it: ``FINANCE_PAYMENT_BASE_URL`` or this request's."""
    return getattr(settings, "FINANCE_PAYMENT_BASE_URL", "") or request.build_absolute_uri("/")


def _refused(request, taxpayer, message: str, *, status: int = 400):
    return render(
        request,
        "finance/payments/refused.html",
        {"taxpayer": taxpayer, "message": message, "page_title": _("Nie można rozpocząć płatności")},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pay_start(request, taxpayer_pk: int):
    """GET: the amount of the selected instalments (``?raty=1,2``) to confirm; POST: start and go to
    the gateway. Someone else's taxpayer is a 404; someone else's or a paid instalment a message."""
    taxpayer = taxpayer_for_user(request.user, taxpayer_pk)
    raw = request.POST.get("raty") if request.method == "POST" else request.GET.get("raty")
    try:
        quote = services.payment_quote(taxpayer=taxpayer, instalment_ids=services.parse_instalment_ids(raw))
    except services.PaymentRefused as error:
        return _refused(request, taxpayer, str(error))
    context = {"taxpayer": taxpayer, "quote": quote, "raty": ",".join(map(str, quote.instalment_ids))}
    context["page_title"] = _("Zapłać online")
    if request.method == "POST":
        if request.POST.get("kwota") != f"{quote.amount:.2f}":
            # The amount changed since the page was shown (interest of a new day, a payment booked).
            context["amount_changed"] = True
            return render(request, "finance/payments/confirm.html", context, status=409)
        try:
            tx = services.transaction_start(user=request.user, quote=quote, base_url=_base_url(request))
        except services.PaymentRefused as error:
            return _refused(request, taxpayer, str(error), status=503)
        return redirect(tx.redirect_url)
    return render(request, "finance/payments/confirm.html", context)


@never_cache
@login_required
def transaction_status(request, external_id: str):
    """Where the gateway sends the payer back: the transaction's status (pending until the gateway's
    notification is booked). Only for someone who may see the taxpayer."""
    tx = (
        PaymentTransaction.objects.select_related("taxpayer", "payment")
        .filter(external_id=external_id, taxpayer__in=taxpayers_for_user(request.user).values("pk"))
        .first()
    )
    if tx is None:
        raise Http404
    return render(
        request,
        "finance/payments/status.html",
        {"tx": tx, "Status": PaymentTransaction.Status, "page_title": _("Płatność online")},
    )


@csrf_exempt
@require_POST
def notify(request, provider: str):
    """The gateway's server-to-server notification. 200 (the provider's expected answer) when accepted or
    a repeat; 400 when forged or not matching — logged with the reason, nothing booked."""
    outcome, active = services.notification_receive(
        provider_name=provider, body=request.body, headers=request.headers, remote_addr=request.META.get("REMOTE_ADDR")
    )
    if active is None:
        raise Http404
    if not outcome.accepted:
        return HttpResponse("REJECTED", status=400, content_type="text/plain")
    return active.notification_response()
