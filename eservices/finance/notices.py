"""Upomnienia (formal reminders before enforcement): which overdue instalments get one, issuing them
in a batch from the admin, and the upomnienie as a PDF.

An upomnienie (ustawa o postępowaniu egzekucyjnym w administracji, art. 15 § 1) calls the taxpayer to
pay the arrears with the late interest within 7 days of delivery, or enforcement follows; it carries
its costs (``FINANCE_REMINDER_FEE``, 16 zł), which a later payment covers first (Ordynacja podatkowa
art. 55 § 1, ``allocation.allocate_fees``).

* ``overdue_for_notices`` — the candidates: per taxpayer, the instalments overdue and unpaid on a day
  and not reminded that day yet, when their arrears reach a minimum amount;
* ``notices_issue`` — one upomnienie per taxpayer for the instalments the officer confirmed, all or
  nothing; an instalment already reminded that day is skipped (a repeated confirm issues nothing);
* ``render_notice`` — the PDF (the slips' fonts and helpers): the amounts as they stood on the day
  of issue, so the document does not change when payments arrive later.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from django.db import transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cms.pdf import MONO, SANS, SANS_BOLD, register_fonts

from .accounts import format_nrb
from .interest import interest_threshold, late_interest, load_rates
from .models import Allocation, Instalment, Reminder, Taxpayer
from .services import FinanceError, reminder_issue
from .templatetags.finance_tags import format_pln

ZERO = Decimal("0.00")
MAX_TAXPAYERS = 500  # per batch: the confirmation page lists them all


@dataclass
class NoticeItem:
    instalment: Instalment
    outstanding: Decimal
    interest: Decimal


@dataclass
class NoticeCandidate:
    taxpayer: Taxpayer
    items: list[NoticeItem] = field(default_factory=list)

    @property
    def arrears(self) -> Decimal:
        return sum((item.outstanding for item in self.items), ZERO)

    @property
    def interest(self) -> Decimal:
        return sum((item.interest for item in self.items), ZERO)


def _already_reminded(on: dt.date):
    through = Reminder.instalments.through
    return Exists(through.objects.filter(instalment_id=OuterRef("pk"), reminder__issued_on=on))


def overdue_for_notices(
    *, today: dt.date, min_amount: Decimal = ZERO, taxpayer: Taxpayer | None = None
) -> tuple[list[NoticeCandidate], bool]:
    """Taxpayers whose arrears on ``today`` (unpaid principal of instalments due before it, not yet in
    an upomnienie issued ``today``) are at least ``min_amount``, by name; optionally one ``taxpayer``.
    Returns (candidates, whether the list was cut at ``MAX_TAXPAYERS``). Two queries."""
    instalments = Instalment.objects.filter(due_date__lt=today)
    if taxpayer is not None:
        instalments = instalments.filter(liability__taxpayer=taxpayer)
    rows = (
        instalments.annotate(paid=Sum("allocations__principal"), reminded=_already_reminded(today))
        .filter(reminded=False)
        .values_list("pk", "liability__taxpayer_id", "amount", "paid")
        .order_by()
    )
    open_by_taxpayer: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, taxpayer_id, amount, paid in rows.iterator(chunk_size=5000):
        if amount - (paid or ZERO) > 0:
            open_by_taxpayer[taxpayer_id][pk] = amount - (paid or ZERO)
    chosen = {t: items for t, items in open_by_taxpayer.items() if sum(items.values(), ZERO) >= min_amount}
    taxpayers = list(Taxpayer.objects.filter(pk__in=chosen).order_by("name", "pk")[: MAX_TAXPAYERS + 1])
    cut = len(taxpayers) > MAX_TAXPAYERS
    taxpayers = taxpayers[:MAX_TAXPAYERS]
    ids = [pk for t in taxpayers for pk in chosen[t.pk]]
    by_pk = Instalment.objects.select_related("liability").in_bulk(ids)
    rates, threshold = load_rates(), interest_threshold()
    candidates = []
    for payer in taxpayers:
        candidate = NoticeCandidate(taxpayer=payer)
        for pk, outstanding in chosen[payer.pk].items():
            instalment = by_pk[pk]
            interest = late_interest(
                amount=outstanding, due_date=instalment.due_date, on=today, rates=rates, threshold=threshold
            )
            candidate.items.append(NoticeItem(instalment, outstanding, interest))
        candidate.items.sort(key=lambda item: (item.instalment.due_date, item.instalment.pk))
        candidates.append(candidate)
    return candidates, cut


@dataclass
class IssueResult:
    reminders: list[Reminder]
    skipped: int  # instalments already reminded that day


@transaction.atomic
def notices_issue(*, selection: dict[int, list[int]], issued_on: dt.date, issued_by=None) -> IssueResult:
    """Issue one upomnienie per taxpayer of ``selection`` (taxpayer id → instalment ids), all or
    nothing: an instalment that is not that taxpayer's, or no longer overdue, refuses the whole batch
    with ``FinanceError``. Instalments already in an upomnienie of ``issued_on`` are skipped."""
    wanted = {pk for ids in selection.values() for pk in ids}
    if not wanted:
        raise FinanceError(_("Nie wskazano żadnej zaległej raty — nie wystawiono upomnień."))
    owners = dict(Instalment.objects.filter(pk__in=wanted).values_list("pk", "liability__taxpayer_id"))
    for taxpayer_id, ids in selection.items():
        for pk in ids:
            if owners.get(pk) != taxpayer_id:
                raise FinanceError(
                    _("Rata nr %(instalment)s nie należy do wskazanego podatnika — nie wystawiono upomnień.")
                    % {"instalment": pk}
                )
    through = Reminder.instalments.through
    reminders, skipped = [], 0
    for taxpayer in Taxpayer.objects.select_for_update().filter(pk__in=selection).order_by("pk"):
        done = set(
            through.objects.filter(instalment_id__in=selection[taxpayer.pk], reminder__issued_on=issued_on).values_list(
                "instalment_id", flat=True
            )
        )
        ids = [pk for pk in dict.fromkeys(selection[taxpayer.pk]) if pk not in done]
        skipped += len(selection[taxpayer.pk]) - len(ids)
        if ids:
            instalments = Instalment.objects.filter(pk__in=ids)
            reminders.append(
                reminder_issue(taxpayer=taxpayer, instalments=instalments, issued_on=issued_on, issued_by=issued_by)
            )
    return IssueResult(reminders=reminders, skipped=skipped)


# --- the PDF ---------------------------------------------------------------------------------------


def office_lines(office) -> tuple[str, str]:
    """(name, address) of the issuing office from ``home.OfficeSettings`` (or anything alike)."""
    name = getattr(office, "name", "") or ""
    street, postal, city = (getattr(office, attr, "") or "" for attr in ("street", "postal_code", "city"))
    return name, ", ".join(part for part in [street, f"{postal} {city}".strip()] if part)


def notice_items(reminder: Reminder) -> list[NoticeItem]:
    """The reminder's instalments with the arrears and interest as they stood on its day of issue
    (payments made after it are not counted)."""
    instalments = list(reminder.instalments.select_related("liability").order_by("due_date", "pk"))
    paid = dict(
        Allocation.objects.filter(instalment__in=instalments, payment__paid_on__lte=reminder.issued_on)
        .values("instalment_id")
        .annotate(total=Sum("principal"))
        .values_list("instalment_id", "total")
        .order_by()
    )
    rates, threshold = load_rates(), interest_threshold()
    items = []
    for instalment in instalments:
        outstanding = instalment.amount - (paid.get(instalment.pk) or ZERO)
        interest = late_interest(
            amount=max(outstanding, ZERO),
            due_date=instalment.due_date,
            on=reminder.issued_on,
            rates=rates,
            threshold=threshold,
        )
        items.append(NoticeItem(instalment, outstanding, interest))
    return items


def render_notice(reminder: Reminder, *, office_name: str = "", office_address: str = "") -> bytes:
    """The upomnienie as PDF bytes (A4, DejaVu fonts for Polish letters)."""
    register_fonts()
    taxpayer = reminder.taxpayer
    items = notice_items(reminder)
    base = ParagraphStyle("notice", fontName=SANS, fontSize=10, leading=13)
    small = ParagraphStyle("small", base, fontSize=8.5, leading=11)
    bold = ParagraphStyle("bold", base, fontName=SANS_BOLD)
    mono = ParagraphStyle("mono", bold, fontName=MONO)
    heading = ParagraphStyle("heading", base, fontName=SANS_BOLD, fontSize=15, leading=19, alignment=1)

    def p(text: str, style=base) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    address = "\n".join(
        part for part in [taxpayer.address, f"{taxpayer.postal_code} {taxpayer.locality}".strip()] if part
    )
    story = [
        p(f"{office_name}\n{office_address}".strip(), small),
        Spacer(1, 6 * mm),
        p(f"{taxpayer.name}\n{address}\n{taxpayer.identifier}".strip(), bold),
        Spacer(1, 8 * mm),
        p(f"UPOMNIENIE nr {reminder.number}", heading),
        p(f"z dnia {reminder.issued_on:%d.%m.%Y}", ParagraphStyle("sub", base, alignment=1)),
        Spacer(1, 6 * mm),
        p(
            "Na podstawie art. 15 § 1 ustawy z dnia 17 czerwca 1966 r. o postępowaniu egzekucyjnym "
            "w administracji wzywa się do zapłaty w terminie 7 dni od dnia doręczenia niniejszego "
            "upomnienia zaległości wymienionych poniżej wraz z odsetkami za zwłokę naliczonymi do dnia "
            "zapłaty oraz kosztami upomnienia."
        ),
        Spacer(1, 4 * mm),
    ]
    header = ["Należność", "Rata", "Termin płatności", "Zaległość", f"Odsetki na {reminder.issued_on:%d.%m.%Y}"]
    rows = [[p(text, small) for text in header]]
    for item in items:
        liability = item.instalment.liability
        rows.append(
            [
                p(f"{liability.get_kind_display()} {liability.year}", small),
                p(str(item.instalment.number), small),
                p(f"{item.instalment.due_date:%d.%m.%Y}", small),
                p(format_pln(item.outstanding, separator=" "), small),
                p(format_pln(item.interest, separator=" "), small),
            ]
        )
    arrears = sum((item.outstanding for item in items), ZERO)
    interest = sum((item.interest for item in items), ZERO)
    rows.append(
        [p("Razem", bold), "", "", p(format_pln(arrears, separator=" "), bold), p(format_pln(interest, separator=" "))]
    )
    table = Table(rows, colWidths=[60 * mm, 14 * mm, 30 * mm, 30 * mm, 36 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    total = arrears + interest + reminder.fee
    story += [
        table,
        Spacer(1, 4 * mm),
        p(f"Koszty upomnienia: {format_pln(reminder.fee, separator=' ')}", bold),
        p(f"Do zapłaty na dzień wystawienia: {format_pln(total, separator=' ')}", bold),
        Spacer(1, 4 * mm),
        p("Wpłaty należy dokonać na indywidualny rachunek:"),
        p(format_nrb(taxpayer.account_number), mono),
        Spacer(1, 4 * mm),
        p(
            "Wpłata jest zaliczana w pierwszej kolejności na koszty upomnienia, a następnie proporcjonalnie "
            "na zaległość i odsetki za zwłokę (art. 55 Ordynacji podatkowej). Niezapłacenie w terminie "
            "spowoduje wszczęcie postępowania egzekucyjnego i obciążenie kosztami egzekucyjnymi.",
            small,
        ),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Upomnienie {reminder.number}",
        author=office_name,
        subject=f"Upomnienie {reminder.number}",
    ).build(story)
    return buffer.getvalue()
