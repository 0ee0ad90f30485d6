"""Instalment schedules: when each kind of liability is due (ustawa o podatkach i opłatach lokalnych,
ustawy o podatku rolnym / leśnym, the council's resolutions).

* property, agricultural and forest tax of a person, and the joint liability (łączne zobowiązanie
  pieniężne): four instalments by 15 III, 15 V, 15 IX, 15 XI; at most 100 zł is paid at once by the
  first term (art. 6 ust. 7 u.p.o.l., art. 6a ust. 6 u.p.r., art. 6 ust. 7 u.p.l.);
* property tax of a business (legal person): monthly by the 15th, January by 31 I (art. 6 ust. 9
  pkt 2 u.p.o.l.); forest tax of a business: monthly by the 15th (art. 6 ust. 7 pkt 2 u.p.l.);
  agricultural tax of a business: the four terms of a person (art. 6a ust. 7 u.p.r.);
* vehicle tax: two halves by 15 II and 15 IX (art. 11 ust. 1 u.p.o.l.);
* waste fee: as the council decided (``FINANCE_WASTE_SCHEDULE``); dog fee: at once by 15 III;
* lease / rent: the dates of the contract (``dates``).

Every term falling on a Saturday, Sunday or public holiday moves to the next working day
(Ordynacja podatkowa art. 12 § 5). Amounts are split evenly to the grosz; the remainder goes to the
first instalment, so the instalments always add up to the total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.conf import settings

from cms.calendar_pl import next_working_day

QUARTER_TERMS = [(3, 15), (5, 15), (9, 15), (11, 15)]
VEHICLE_TERMS = [(2, 15), (9, 15)]
DOG_TERMS = [(3, 15)]
ONE_PAYMENT_LIMIT = Decimal("100.00")
GROSZ = Decimal("0.01")

# kinds that follow the four quarterly terms and the ≤ 100 zł rule for persons
_QUARTERLY_KINDS = {"property", "agricultural", "forest", "joint"}


@dataclass(frozen=True)
class ScheduledInstalment:
    number: int
    due_date: dt.date
    amount: Decimal


def split_amount(total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` equal instalments to the grosz; the remainder goes to the first."""
    total = Decimal(total).quantize(GROSZ)
    share = (total / parts).quantize(GROSZ, rounding=ROUND_DOWN)
    return [total - share * (parts - 1)] + [share] * (parts - 1)


def _terms(kind: str, year: int, total: Decimal, taxpayer_kind: str, waste_schedule: dict | None) -> list[dt.date]:
    business = taxpayer_kind == "business"
    if kind == "property" and business:
        return [dt.date(year, 1, 31)] + [dt.date(year, month, 15) for month in range(2, 13)]
    if kind == "forest" and business:
        return [dt.date(year, month, 15) for month in range(1, 13)]
    if kind in _QUARTERLY_KINDS:
        if total <= ONE_PAYMENT_LIMIT and not business:
            return [dt.date(year, 3, 15)]
        return [dt.date(year, month, day) for month, day in QUARTER_TERMS]
    if kind == "vehicle":
        return [dt.date(year, month, day) for month, day in VEHICLE_TERMS]
    if kind == "dog":
        return [dt.date(year, month, day) for month, day in DOG_TERMS]
    if kind == "waste":
        return waste_terms(year, waste_schedule)
    raise ValueError(f"no statutory schedule for {kind!r}: pass the contract's dates")


def waste_terms(year: int, waste_schedule: dict | None = None) -> list[dt.date]:
    """Waste fee terms from ``{"period": "monthly", "day": 10}`` or ``{"dates": [[month, day], ...]}``."""
    config = waste_schedule or settings.FINANCE_WASTE_SCHEDULE
    if config.get("dates"):
        return [dt.date(year, int(month), int(day)) for month, day in config["dates"]]
    if config.get("period", "monthly") == "monthly":
        return [dt.date(year, month, int(config.get("day", 10))) for month in range(1, 13)]
    raise ValueError(f"unknown waste schedule {config!r}")


def instalment_schedule(
    *,
    kind: str,
    year: int,
    total: Decimal,
    taxpayer_kind: str = "person",
    dates: list[dt.date] | None = None,
    waste_schedule: dict | None = None,
) -> list[ScheduledInstalment]:
    """The instalments of a liability of ``kind`` for ``year``: numbers from 1, legal due dates on
    working days, amounts adding up to ``total``. ``dates`` overrides the statutory terms (a decision
    issued late in the year, a lease contract)."""
    total = Decimal(total).quantize(GROSZ)
    terms = list(dates) if dates else _terms(kind, year, total, taxpayer_kind, waste_schedule)
    amounts = split_amount(total, len(terms))
    return [
        ScheduledInstalment(number=i, due_date=next_working_day(term), amount=amount)
        for i, (term, amount) in enumerate(zip(terms, amounts, strict=True), start=1)
    ]
