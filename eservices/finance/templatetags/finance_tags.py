"""Template filters of the resident office: money the Polish way ("1 234,56 zł"), grouped NRBs and the
rows of the balances page's instalment and payment tables."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..accounts import format_nrb
from ..models import Payment

register = template.Library()

NBSP = "\u00a0"  # keeps "1 234,56 zł" on one line, also on a 320 px screen


def format_pln(value, *, currency: bool = True, separator: str = NBSP) -> str:
    """``Decimal("1234.5")`` → ``"1 234,50 zł"`` (thousands grouped with a no-break space, decimal comma).

    Anything that is not a number is returned as an empty string rather than a wrong amount.
    """
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    whole, _dot, fraction = f"{abs(amount):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{separator.join(groups)},{fraction}"
    return f"{text}{separator}zł" if currency else text


@register.filter
def zl(value) -> str:
    """``{{ amount|zl }}`` → ``1 234,56 zł``."""
    return format_pln(value)


@register.filter
def nrb(value) -> str:
    """``{{ taxpayer.account_number|nrb }}`` → ``12 3456 7890 …``."""
    return format_nrb(value) if value else ""


# The balances page lists up to ten years of instalments and payments: a few hundred table rows, each
# a dozen template variables. Django's template engine spends ~0.1 ms per variable (lookups, auto-
# escaping, localisation); built here with ``format_html`` a row costs a tenth of that, which keeps
# the page under its 100 ms budget (docs/benchmarks.md, issue #6). The markup is the same as the
# template's was, cell for cell.


_WORDS: dict[str, dict[str, str]] = {}  # per language: translated once per process, not once per table


def _words() -> dict[str, str]:
    language = get_language()
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = {
            "overdue": _("po terminie"),
            "of_interest": _("odsetek"),
            "pay_online": _("Zapłać online"),
            "instalment": _("rata"),
            "slip": _("Blankiet (PDF)"),
            "paid": _("zapłacona"),
            "fees": _("Koszty upomnienia"),
        }
    return words


@register.simple_tag
def instalment_rows(rows, pay_url: str = "", slip_url: str = "") -> str:
    """The ``<tr>`` of each ``balances.InstalmentBalance`` of one liability's table."""
    words = _words()
    html = []
    for row in rows:
        instalment = row.instalment
        hidden = format_html('<span class="visually-hidden"> — {} {}</span>', words["instalment"], instalment.number)
        if row.outstanding > 0:
            links = []
            if pay_url:
                links.append(format_html('<a href="{}?raty={}">{}{}</a><br>', pay_url, instalment.pk,
                                         words["pay_online"], hidden))  # fmt: skip
            links.append(format_html('<a href="{}?raty={}">{}{}</a>', slip_url, instalment.pk, words["slip"], hidden))
            action = mark_safe("".join(links))  # noqa: S308 - parts built with format_html
        else:
            action = words["paid"]
        html.append(
            format_html(
                '<tr><th scope="row">{}</th><td>{}{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td></tr>",
                instalment.number,
                instalment.due_date.strftime("%d.%m.%Y"),
                format_html(' <span class="badge">{}</span>', words["overdue"]) if row.is_overdue else "",
                format_pln(instalment.amount),
                format_pln(row.paid_principal),
                format_html(" + {} {}", format_pln(row.paid_interest), words["of_interest"])
                if row.paid_interest
                else "",
                format_pln(row.outstanding),
                format_pln(row.interest),
                action,
            )
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every row built with format_html


@register.simple_tag
def payment_rows(payments, restricted: bool = False) -> str:
    """The ``<tr>`` of each ``balances.PaymentView``: date, amount, channel, what it paid and (to
    those who see everything) the overpayment."""
    words = _words()
    # a label's lazy string costs a gettext on every use (``get_channel_display`` even one per choice):
    # each kind's and channel's label once per table
    channels = {value: capfirst(str(label)) for value, label in Payment.Channel.choices}
    kinds = {}
    html = []
    for view in payments:
        payment = view.payment
        parts = []
        if payment.allocated_fees:
            parts.append(format_html("{}: {}", words["fees"], format_pln(payment.allocated_fees)))
        for allocation in view.allocations:
            instalment = allocation.instalment
            kind = instalment.liability.kind
            if kind not in kinds:
                kinds[kind] = capfirst(str(instalment.liability.kind_label))
            parts.append(
                format_html(
                    "{} {}, {} {}: {}{}",
                    kinds[kind],
                    instalment.liability.year,
                    words["instalment"],
                    instalment.number,
                    format_pln(allocation.principal),
                    format_html(" + {} {}", format_pln(allocation.interest), words["of_interest"])
                    if allocation.interest
                    else "",
                )
            )
        html.append(
            format_html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>",
                payment.paid_on.strftime("%d.%m.%Y"),
                format_pln(payment.amount),
                channels.get(payment.channel, payment.channel),
                mark_safe("<br>".join(parts)) if parts else "—",  # noqa: S308 - parts built with format_html
                "" if restricted else format_html("<td>{}</td>", format_pln(view.overpayment)),
            )
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every row built with format_html
