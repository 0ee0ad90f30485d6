"""Template filters of the resident office: money the Polish way ("1 234,56 zł") and grouped NRBs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

from ..accounts import format_nrb

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
