"""Demo data of the resident office: taxpayers of the demo residents, liabilities for 2025 and 2026,
payments, one overdue instalment with interest and an overpayment; a finance officer's account.

* mieszkaniec@ratusz.local (Jan Mieszkański) — his own taxpayer: property tax, waste fee, dog fee;
  everything of 2025 paid, with a 37.00 zł overpayment;
* zweryfikowany@ratusz.local (Maria Zweryfikowana) — her own taxpayer (property tax, waste fee,
  vehicle tax: the 15 IX 2025 instalment unpaid, so overdue with interest), her husband Piotr's
  (she sees only their joint liability) and her company's (property tax paid monthly).

Idempotent: rows are found by their ``external_id`` (``DEMO-…``); a second run adds nothing.
Run after ``seed_accounts``. Returns (e-mail, password, description) of the staff account.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .access import finance_group
from .models import Liability, Payment, Taxpayer, TaxpayerAccess

OFFICER = ("ksiegowosc@ratusz.local", "ratusz-ksiegowosc-demo", "Halina", "Księgowa")

TAXPAYERS = [
    # external id, kind, name, pesel, nip, regon, address, user e-mail, relation
    ("DEMO-P-1", "person", "Jan Mieszkański", "44051401359", "", "", "ul. Rzeszowska 12",
     "mieszkaniec@ratusz.local", "own"),
    ("DEMO-P-2", "person", "Maria Zweryfikowana", "85030512345", "", "", "ul. Kościuszki 5/2",
     "zweryfikowany@ratusz.local", "own"),
    ("DEMO-P-3", "person", "Piotr Zweryfikowany", "88061200007", "", "", "ul. Kościuszki 5/2",
     "zweryfikowany@ratusz.local", "spouse"),
    ("DEMO-B-1", "business", "Zweryfikowana Usługi sp. z o.o.", "", "8130000008", "180000003", "ul. Fabryczna 3",
     "zweryfikowany@ratusz.local", "company"),
]  # fmt: skip

LIABILITIES = [
    # external id, taxpayer, kind, year, total, legal basis
    ("DEMO-L-1", "DEMO-P-1", "property", 2025, "412.00", "FN.3120.101.2025"),
    ("DEMO-L-2", "DEMO-P-1", "waste", 2025, "444.00", "deklaracja DO-1/2023/118"),
    ("DEMO-L-3", "DEMO-P-1", "dog", 2025, "60.00", "uchwała XII/98/2024"),
    ("DEMO-L-4", "DEMO-P-1", "property", 2026, "428.00", "FN.3120.101.2026"),
    ("DEMO-L-5", "DEMO-P-1", "waste", 2026, "480.00", "deklaracja DO-1/2023/118"),
    ("DEMO-L-6", "DEMO-P-1", "dog", 2026, "60.00", "uchwała XII/98/2024"),
    ("DEMO-L-7", "DEMO-P-2", "property", 2025, "96.00", "FN.3120.102.2025"),
    ("DEMO-L-8", "DEMO-P-2", "vehicle", 2025, "2400.00", "deklaracja DT-1/2025/7"),
    ("DEMO-L-9", "DEMO-P-2", "waste", 2026, "480.00", "deklaracja DO-1/2024/311"),
    ("DEMO-L-10", "DEMO-P-2", "vehicle", 2026, "2460.00", "deklaracja DT-1/2026/7"),
    ("DEMO-L-11", "DEMO-P-3", "joint", 2025, "1136.00", "FN.3125.17.2025"),
    ("DEMO-L-12", "DEMO-P-3", "joint", 2026, "1184.00", "FN.3125.17.2026"),
    ("DEMO-L-13", "DEMO-P-3", "vehicle", 2026, "900.00", "deklaracja DT-1/2026/8"),
    ("DEMO-L-14", "DEMO-B-1", "property", 2026, "18000.00", "deklaracja DN-1/2026/44"),
]

PAYMENTS = [
    # external id, taxpayer, paid on, amount, channel, bank reference
    ("DEMO-W-1", "DEMO-P-1", dt.date(2025, 3, 10), "523.00", "bank", "DEMO/2025/0001"),  # property I + dog + waste I–…
    ("DEMO-W-2", "DEMO-P-1", dt.date(2025, 9, 12), "300.00", "bank", "DEMO/2025/0002"),
    ("DEMO-W-3", "DEMO-P-1", dt.date(2025, 11, 14), "-", "online", "DEMO/2025/0003"),  # the rest + 37.00 overpaid
    ("DEMO-W-4", "DEMO-P-2", dt.date(2025, 2, 14), "1200.00", "bank", "DEMO/2025/0101"),  # vehicle I; II unpaid
    ("DEMO-W-5", "DEMO-P-2", dt.date(2025, 3, 14), "96.00", "cash", ""),
    ("DEMO-W-6", "DEMO-P-3", dt.date(2025, 3, 14), "1136.00", "bank", "DEMO/2025/0201"),
    ("DEMO-W-7", "DEMO-B-1", dt.date(2026, 1, 30), "3000.00", "bank", "DEMO/2026/0301"),
]


@transaction.atomic
def seed_finance() -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    users = {u.email: u for u in get_user_model().objects.filter(email__in={row[7] for row in TAXPAYERS})}
    payers = {t.external_id: t for t in Taxpayer.objects.filter(external_id__in=[row[0] for row in TAXPAYERS])}
    for ext, kind, name, pesel, nip, regon, address, email, relation in TAXPAYERS:
        if ext not in payers:
            payers[ext] = services.taxpayer_create(
                name=name, kind=kind, pesel=pesel, nip=nip, regon=regon, address=address,
                postal_code="36-060", locality="Głogów Małopolski", external_id=ext,
            )  # fmt: skip
        if email in users and not TaxpayerAccess.objects.filter(user=users[email], taxpayer=payers[ext]).exists():
            services.taxpayer_grant_access(user=users[email], taxpayer=payers[ext], relation=relation)
    existing = set(Liability.objects.filter(external_id__startswith="DEMO-L-").values_list("external_id", flat=True))
    for ext, payer, kind, year, total, basis in LIABILITIES:
        if ext not in existing:
            services.liability_create(
                taxpayer=payers[payer], kind=kind, year=year, total=Decimal(total), legal_basis=basis, external_id=ext
            )
    booked = set(Payment.objects.filter(external_id__startswith="DEMO-W-").values_list("external_id", flat=True))
    for ext, payer, paid_on, amount, channel, reference in PAYMENTS:
        if ext in booked or paid_on > today:
            continue
        if amount == "-":  # Jan pays all that is left of 2025 and 37 zł more
            from .balances import balance_for_taxpayer

            left = balance_for_taxpayer(taxpayer=payers[payer], year=2025, today=paid_on)
            amount = left.overdue + left.interest + left.upcoming + Decimal("37.00")
        services.payment_create(
            taxpayer=payers[payer], paid_on=paid_on, amount=Decimal(amount), channel=channel,
            bank_reference=reference, title="Demo", external_id=ext,
        )  # fmt: skip
    return [_officer()]


def _officer() -> tuple[str, str, str]:
    email, password, first, last = OFFICER
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, "is_staff": True}
    )
    if created or not user.has_usable_password():
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(finance_group())
    return email, password, "finanse — księgowość (Należności: podatnicy, stawki odsetek)"
