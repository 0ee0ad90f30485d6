"""Public subscription pages (``/ostrzezenia/subskrypcja/``, ``/ostrzezenia/wypisz/…``,
``/ostrzezenia/stop/``) and the resident's ``/konto/powiadomienia/``. Thin: the work is in
``crisis.services.subscriptions``.

Every response is private (``never_cache``): the pages carry CSRF tokens, codes or a person's
contact, which the anonymous page cache must never share. Which SMS subscription a code is for is
kept in the session of the browser that asked, so only that browser can enter the code.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cms.accounts.throttle import client_ip
from crisis.models import Category, Subscription
from crisis.services import subscriptions as services

from . import forms_subscriptions as forms

SESSION_KEY = "crisis_subscription"
STOP_SESSION_KEY = "crisis_stop"
IP_LIMIT = 20  # subscription requests per IP address per hour
T = "crisis/subscriptions/"


def _ip_limited(request) -> bool:
    """Count one request from this IP; ``True`` once it is over ``IP_LIMIT`` this hour."""
    key = f"crisis-sub:ip:{client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > IP_LIMIT
    except ValueError:
        cache.set(key, 1, timeout=3600)
        return False


def _add_errors(form, error: ValidationError) -> None:
    field_by_code = {"no_area": "areas", "no_category": "categories", "no_consent": "consent"}
    for item in error.error_list:
        form.add_error(field_by_code.get(item.code) if field_by_code.get(item.code) in form.fields else None, item)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = forms.SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_bot:
            return redirect("crisis_subscribe:code")  # pretend; nothing stored or sent
        if _ip_limited(request):
            form.add_error(None, _("Zbyt wiele zgłoszeń z tego adresu. Spróbuj ponownie za godzinę."))
        else:
            data = form.cleaned_data
            try:
                pending = services.subscription_request(
                    email=data["email"] or None,
                    phone=data["phone"] or None,
                    areas=data["areas"],
                    all_areas=data["all_areas"],
                    categories=data["categories"],
                    consent_text=forms.consent_text(),
                    user=request.user if request.user.is_authenticated else None,
                    source=Subscription.Source.WEB,
                )
            except ValidationError as error:
                _add_errors(form, error)
            except services.SubscriptionError as error:
                form.add_error(None, error.message)
            else:
                request.session[SESSION_KEY] = _session_state(pending)
                return redirect("crisis_subscribe:code")
    return render(request, T + "subscribe.html", {"form": form, "consent_text": forms.consent_text()})


def _session_state(pending) -> dict:
    state = {"email": "", "sms": None, "sms_address": "", "change": ""}
    for item in pending:
        sub = item.subscription
        if sub.channel == Subscription.Channel.EMAIL:
            state["email"] = services.mask_address(sub.address)
        else:
            state.update(sms=sub.pk, sms_address=services.mask_address(sub.address), change=item.change_token)
    return state


@never_cache
@require_http_methods(["GET", "POST"])
def code(request):
    """ "Check your e-mail" and, for a phone number, the code form (with "send again")."""
    state = request.session.get(SESSION_KEY)
    if not state:
        return render(request, T + "code.html", {"state": None})
    form = forms.CodeForm(request.POST or None) if state.get("sms") else None
    resend_error = ""
    if request.method == "POST" and state.get("sms"):
        subscription = Subscription.objects.filter(pk=state["sms"]).first()
        if subscription is None:
            request.session.pop(SESSION_KEY, None)
            raise Http404
        if "resend" in request.POST:
            form = forms.CodeForm()
            try:
                services.subscription_resend_code(subscription=subscription, change_token=state.get("change", ""))
            except services.SubscriptionError as error:
                resend_error = error.message
            else:
                messages.info(request, _("Wysłaliśmy nowy kod. Poprzedni już nie działa."))
        elif form.is_valid():
            try:
                services.subscription_confirm_sms(
                    subscription=subscription,
                    code=form.cleaned_data["code"],
                    change_token=state.get("change", ""),
                    user=request.user,
                )
            except services.SubscriptionError as error:
                form.add_error("code", error.message)
            else:
                state["sms"] = None
                state["sms_confirmed"] = state["sms_address"]
                request.session[SESSION_KEY] = state
                return redirect("crisis_subscribe:code")
    return render(request, T + "code.html", {"state": state, "form": form, "resend_error": resend_error})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """GET shows a button (mail scanners that open links confirm nothing); POST confirms."""
    if request.method == "GET":
        return render(request, T + "confirm_email.html", {"token": token})
    try:
        result = services.subscription_confirm_email(token, user=request.user)
    except services.SubscriptionError as error:
        return render(request, T + "confirm_failed.html", {"error": error}, status=400)
    return render(request, T + "confirmed.html", {"subscription": result.subscription, "result": result})


@never_cache
@csrf_exempt  # RFC 8058 one-click: the mail client POSTs with no cookie; the signed token authenticates
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = services.subscription_from_unsubscribe_token(token)
    if subscription is None:
        return render(request, T + "unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        services.subscription_unsubscribe(subscription=subscription)
        return render(request, T + "unsubscribed.html", {"masked": services.mask_address(subscription.address)})
    return render(
        request,
        T + "unsubscribe.html",
        {"subscription": subscription, "token": token, "masked": services.mask_address(subscription.address)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def stop(request):
    """Unsubscribe an SMS number: the number → a code by SMS → done. The same answer whether or not
    the number is subscribed."""
    form = forms.StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _ip_limited(request):
            form.add_error(None, _("Zbyt wiele zgłoszeń z tego adresu. Spróbuj ponownie za godzinę."))
        else:
            try:
                subscription = services.sms_stop_request(phone=form.cleaned_data["phone"])
            except services.SubscriptionError as error:
                form.add_error(None, error.message)
            else:
                request.session[STOP_SESSION_KEY] = {
                    "sub": subscription.pk if subscription else None,
                    "masked": services.mask_address(form.cleaned_data["phone"]),
                }
                return redirect("crisis_subscribe:stop_code")
    return render(request, T + "stop.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def stop_code(request):
    state = request.session.get(STOP_SESSION_KEY)
    if not state:
        return redirect("crisis_subscribe:stop")
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sms_stop_confirm(subscription_pk=state.get("sub"), code=form.cleaned_data["code"])
        except services.SubscriptionError as error:
            form.add_error("code", error.message)
        else:
            request.session.pop(STOP_SESSION_KEY, None)
            return render(request, T + "unsubscribed.html", {"masked": state["masked"]})
    return render(request, T + "stop_code.html", {"form": form, "masked": state["masked"]})


# --- /konto/powiadomienia/ -----------------------------------------------------------------------


def _labels(subscription: Subscription) -> dict:
    areas = [_("cała gmina")] if subscription.all_areas else []
    areas += [area.name for area in subscription.areas.all()]
    categories = [Category(value).label for value in Category.from_mask(subscription.categories_mask)]
    return {"subscription": subscription, "areas": areas, "categories": categories}


@never_cache
@login_required
def account(request):
    subscriptions = list(services.subscriptions_for_user(user=request.user))
    has_email = any(
        sub.channel == Subscription.Channel.EMAIL
        and sub.address == request.user.email.lower()
        and sub.state != Subscription.State.UNSUBSCRIBED
        for sub in subscriptions
    )
    form = forms.AccountEmailForm(request.POST or None) if not has_email else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            subscription = services.account_email_subscribe(
                user=request.user,
                areas=data["areas"],
                all_areas=data["all_areas"],
                categories=data["categories"],
                consent_text=forms.consent_text(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        except services.SubscriptionError as error:
            form.add_error(None, error.message)
        else:
            if subscription.state == Subscription.State.CONFIRMED:
                messages.success(
                    request,
                    _("Zapisano. Ostrzeżenia będą przychodzić na adres %(email)s.") % {"email": subscription.address},
                )
            else:
                messages.info(
                    request, _("Wysłaliśmy link potwierdzający na adres %(email)s.") % {"email": subscription.address}
                )
            return redirect("crisis_account:list")
    return render(
        request,
        T + "account.html",
        {
            "page_title": _("Powiadomienia o zagrożeniach"),
            "items": [_labels(sub) for sub in subscriptions],
            "form": form,
            "consent_text": forms.consent_text(),
        },
    )


def _own_subscription(request, pk: int) -> Subscription:
    return get_object_or_404(services.subscriptions_for_user(user=request.user), pk=pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_change(request, pk: int):
    subscription = _own_subscription(request, pk)
    initial = {
        "all_areas": subscription.all_areas,
        "areas": list(subscription.areas.all()),
        "categories": Category.from_mask(subscription.categories_mask),
    }
    form = forms.ChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.subscription_update(
            subscription=subscription, areas=data["areas"], all_areas=data["all_areas"], categories=data["categories"]
        )
        messages.success(request, _("Zapisano zmiany subskrypcji %(address)s.") % {"address": subscription.address})
        return redirect("crisis_account:list")
    return render(
        request,
        T + "account_change.html",
        {"page_title": _("Zmień subskrypcję"), "form": form, "subscription": subscription},
    )


@never_cache
@login_required
@require_POST
def account_unsubscribe(request, pk: int):
    subscription = _own_subscription(request, pk)
    services.subscription_unsubscribe(subscription=subscription)
    messages.success(request, _("Wypisano %(address)s z ostrzeżeń.") % {"address": subscription.address})
    return redirect("crisis_account:list")
