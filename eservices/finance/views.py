"""The resident's balances (``/konto/naleznosci/``), payment slips and the due-dates calendar.

Thin: reads through ``access`` and ``balances``, PDF and iCal through ``slips`` and ``ical``.
Another person's taxpayer is a 404 (``access.taxpayer_for_user``), never a 403. Bad query input
(a year or instalment list that makes no sense) is a Polish message on the balances page.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from home.models import OfficeSettings

from . import ical, slips
from .access import taxpayer_for_user, taxpayers_for_user, visible_kinds
from .balances import balance_for_taxpayer
from .models import Reminder, TaxpayerAccess
from .notice_views import notice_response
from .preferences import ReminderPreferenceForm, preference_for, preference_save
from .reminders import reminder_days

MIN_YEAR, MAX_YEAR = 2000, 2100
ALL_YEARS = "wszystkie"  # ?rok=wszystkie: the whole history; no ?rok: this year and arrears


def _parse_year(value: str | None) -> tuple[int | str | None, str | None]:
    """(a year, ``ALL_YEARS`` or None for the current view; error message or None)."""
    value = (value or "").strip()
    if not value:
        return None, None
    if value == ALL_YEARS:
        return ALL_YEARS, None
    if value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value), None
    return None, _("Nieprawidłowy rok „%(value)s” — pokazujemy należności bieżące i zaległe.") % {"value": value[:20]}


def _parse_ids(value: str | None) -> list[int] | None:
    """``"12,13"`` → ``[12, 13]``; ``None`` when empty or not a list of numbers."""
    parts = [part.strip() for part in (value or "").split(",") if part.strip()]
    if not parts or len(parts) > 100 or not all(part.isdigit() for part in parts):
        return None
    return list(dict.fromkeys(int(part) for part in parts))


@never_cache
@login_required
@require_GET
def balances(request):
    """By default this year's liabilities and older ones still unpaid (what the resident has to pay);
    ``?rok=<year>`` one year, ``?rok=wszystkie`` the whole history. Ten years of paid instalments on
    every visit made the page slow and long; the history is one choice of the year filter away."""
    choice, year_error = _parse_year(request.GET.get("rok"))
    if year_error:
        messages.error(request, year_error)
    year = choice if isinstance(choice, int) else None
    today = timezone.localdate()
    accounts, years = [], set()
    for taxpayer in taxpayers_for_user(request.user):
        kinds = visible_kinds(taxpayer.relation)
        balance = balance_for_taxpayer(taxpayer=taxpayer, year=year, today=today, kinds=kinds, current=choice is None)
        years.update(balance.years)
        rows = [row for item in balance.liabilities for row in item.instalments]
        accounts.append(
            {
                "taxpayer": taxpayer,
                "balance": balance,
                "is_restricted": kinds is not None,
                "relation_label": TaxpayerAccess.Relation(taxpayer.relation).label,
                "overdue_ids": ",".join(str(row.instalment.pk) for row in rows if row.is_overdue),
                "unpaid_ids": ",".join(str(row.instalment.pk) for row in rows if row.outstanding > 0),
            }
        )
    context = {
        "accounts": accounts,
        "years": sorted(years, reverse=True),
        "year": year,
        "all_years": choice == ALL_YEARS,
        "all_years_value": ALL_YEARS,
        "today": today,
        "calendar_url": request.build_absolute_uri(
            reverse("finance:calendar_token", kwargs={"token": ical.calendar_token(request.user)})
        ),
        "preference_form": ReminderPreferenceForm(instance=preference_for(request.user)) if accounts else None,
        "reminder_days": reminder_days(),
    }
    return render(request, "finance/balances.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reminder_preferences(request):
    """E-mail and SMS reminders before due dates: the form on the balances page posts here; with an
    error the form is shown again on its own page with the error summary."""
    if not taxpayers_for_user(request.user).exists():
        raise Http404
    form = ReminderPreferenceForm(request.POST or None, instance=preference_for(request.user))
    if request.method == "POST" and form.is_valid():
        preference_save(form=form)
        messages.success(request, _("Zapisano ustawienia przypomnień o terminach płatności."))
        return redirect(reverse("finance:balances") + "#reminders-heading")
    return render(request, "finance/reminder_preferences.html", {"preference_form": form})


@never_cache
@login_required
@require_GET
def notice(request, taxpayer_pk: int, reminder_pk: int):
    """The upomnienie PDF for the resident: only their taxpayer's, and to a spouse only one that
    concerns nothing but the joint liability (as on the page); anything else 404."""
    taxpayer = taxpayer_for_user(request.user, taxpayer_pk)
    try:
        reminder = Reminder.objects.select_related("taxpayer").get(pk=reminder_pk, taxpayer=taxpayer)
    except Reminder.DoesNotExist:
        raise Http404 from None
    kinds = taxpayer.visible_kinds
    if kinds is not None and reminder.instalments.exclude(liability__kind__in=kinds).exists():
        raise Http404
    return notice_response(reminder, OfficeSettings.for_request(request))


@never_cache
@login_required
@require_GET
def slip(request, taxpayer_pk: int):
    """The payment slip PDF for the instalments in ``?raty=<id>,<id>`` (with interest to today)."""
    taxpayer = taxpayer_for_user(request.user, taxpayer_pk)
    ids = _parse_ids(request.GET.get("raty"))
    if ids is None:
        messages.error(request, _("Wybierz raty, za które chcesz wydrukować blankiet."))
        return redirect("finance:balances")
    today = timezone.localdate()
    balance = balance_for_taxpayer(taxpayer=taxpayer, today=today, kinds=taxpayer.visible_kinds)
    by_id = {row.instalment.pk: row for item in balance.liabilities for row in item.instalments}
    if not all(pk in by_id for pk in ids):
        messages.error(request, _("Nie znaleziono wskazanych rat. Wybierz raty z listy poniżej."))
        return redirect("finance:balances")
    rows = [by_id[pk] for pk in ids if by_id[pk].outstanding > 0]
    if not rows:
        messages.error(request, _("Wskazane raty są już zapłacone — blankiet nie jest potrzebny."))
        return redirect("finance:balances")
    rows.sort(key=lambda row: (row.instalment.due_date, row.instalment.number))
    amount = sum((row.outstanding + row.interest for row in rows), start=Decimal("0.00"))
    interest = sum((row.interest for row in rows), start=Decimal("0.00"))
    if balance.fees > 0:  # a payment covers the costs of upomnienia first (art. 55 § 1): on the slip too
        amount += balance.fees
    note = _("Termin płatności: %(dates)s.") % {
        "dates": ", ".join(sorted({f"{row.instalment.due_date:%d.%m.%Y}" for row in rows}))
    }
    if interest:
        note += " " + _("Kwota obejmuje odsetki za zwłokę naliczone na dzień %(day)s: %(interest)s.") % {
            "day": f"{today:%d.%m.%Y}",
            "interest": slips.format_pln(interest, separator=" "),
        }
    if balance.fees > 0:
        note += " " + _("Kwota obejmuje koszty upomnienia: %(fees)s.") % {
            "fees": slips.format_pln(balance.fees, separator=" ")
        }
    recipient, nip = slips.recipient_from_office(OfficeSettings.for_request(request))
    address = ", ".join(
        part for part in [taxpayer.address, f"{taxpayer.postal_code} {taxpayer.locality}".strip()] if part
    )
    data = slips.SlipData(
        recipient_name=recipient,
        recipient_nip=nip,
        account=taxpayer.account_number,
        amount=amount,
        title=slips.slip_title(instalments=[row.instalment for row in rows], identifier=taxpayer.identifier),
        payer_name=taxpayer.name,
        payer_address=address,
        due_note=note,
    )
    response = HttpResponse(slips.render_slip(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="blankiet-{taxpayer.pk}-{today:%Y%m%d}.pdf"'
    return response


def _calendar_response(user) -> HttpResponse:
    body = ical.render_calendar(ical.events_for_user(user=user))
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="terminy-platnosci.ics"'
    return response


@never_cache
@login_required
@require_GET
def calendar_feed(request):
    return _calendar_response(request.user)


@never_cache
@require_GET
def calendar_token_feed(request, token: str):
    """The private address for calendar apps (no session): a signed token, revoked by a password change."""
    user = ical.user_for_token(token)
    if user is None:
        raise Http404
    return _calendar_response(user)
