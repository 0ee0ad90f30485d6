"""Writes on proposals: drafts, submission, verification (formal, merit), appeals.

Every step writes a ``Decision`` (the public history) and e-mails the author after commit through
``cms.messaging``. A refused step raises ``BudgetError`` with a Polish message and writes nothing.
Voting is in ``voting.py``, results in ``results.py``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.messaging.services import queue_email

from .models import Decision, Edition, Pool, Proposal
from .rules import BudgetError, money

EDITABLE_FIELDS = (
    "pool", "category", "title", "description", "justification", "location", "latitude", "longitude",
    "endorsements", "attachment",
)  # fmt: skip


def parse_cost_items(text: str) -> tuple[list[dict], Decimal]:
    """``"Ławki; 12000"`` per line → items and their total. A bad line raises ``BudgetError``."""
    items, total = [], Decimal("0")
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, amount = line.rpartition(";")
        try:
            value = Decimal(amount.strip().replace(" ", "").replace(",", ".")) if sep else None
        except InvalidOperation:
            value = None
        if not sep or not name.strip() or value is None or value <= 0 or value.as_tuple().exponent < -2:
            raise BudgetError(
                _("Wiersz %(n)d kosztorysu: wpisz nazwę pozycji, średnik i kwotę w złotych, np. „Ławki; 12000”.")
                % {"n": number},
                field="cost_items_text",
            )
        items.append({"name": name.strip(), "amount": str(value.quantize(Decimal("0.01")))})
        total += value
    return items, total.quantize(Decimal("0.01"))


def cost_items_text(proposal: Proposal) -> str:
    return "\n".join(f"{item['name']}; {item['amount']}" for item in proposal.cost_items)


def _check_proposals_open(edition: Edition, now) -> None:
    if not edition.is_proposals_open(now):
        raise BudgetError(
            _("Projekty w edycji „%(edition)s” można było zgłaszać do %(end)s. Termin minął.")
            % {"edition": edition.name, "end": timezone.localtime(edition.proposals_end).strftime("%d.%m.%Y %H:%M")}
            if now > edition.proposals_end
            else _("Zgłaszanie projektów jeszcze się nie zaczęło.")
        )


@transaction.atomic
def proposal_save_draft(
    *, author, edition: Edition, data: dict, cost_text: str, proposal: Proposal | None = None, now=None
) -> Proposal:
    """Create or change a draft (or a submitted proposal, before the deadline) of ``author``."""
    now = now or timezone.now()
    _check_proposals_open(edition, now)
    if proposal is not None and (
        proposal.author_id != author.pk or proposal.status not in (Proposal.Status.DRAFT, Proposal.Status.SUBMITTED)
    ):
        raise BudgetError(_("Tego projektu nie można już zmienić."))
    pool: Pool = data["pool"]
    if pool.edition_id != edition.pk:
        raise BudgetError(_("Wybrany obszar nie należy do tej edycji."), field="pool")
    items, total = parse_cost_items(cost_text)
    if proposal is None:
        proposal = Proposal(author=author, edition=edition)
    for name in EDITABLE_FIELDS:
        if name in data and not (name == "attachment" and not data[name]):
            setattr(proposal, name, data[name])
    proposal.cost_items, proposal.cost = items, total
    proposal.save()
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by, now=None) -> Proposal:
    """Submit a draft: needs cost items and the edition's number of endorsements, before the deadline."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("edition").get(pk=proposal.pk)
    if proposal.author_id != by.pk:
        raise BudgetError(_("Tylko autor może zgłosić projekt."))
    _check_proposals_open(proposal.edition, now)
    if proposal.status != Proposal.Status.DRAFT:
        raise BudgetError(_("Ten projekt już zgłoszono."))
    if not proposal.cost_items:
        raise BudgetError(_("Dodaj kosztorys: co najmniej jedną pozycję z kwotą."), field="cost_items_text")
    needed = proposal.edition.required_endorsements
    if len(proposal.endorsement_lines()) < needed:
        raise BudgetError(
            _("Lista poparcia ma %(n)d osób, a potrzeba co najmniej %(needed)d.")
            % {"n": len(proposal.endorsement_lines()), "needed": needed},
            field="endorsements",
        )
    proposal.status, proposal.submitted_at = Proposal.Status.SUBMITTED, now
    proposal.save(update_fields=["status", "submitted_at", "updated_at"])
    Decision.objects.create(proposal=proposal, step=Decision.Step.SUBMIT, positive=True, by=by, at=now)
    _notify(proposal, _("Projekt zgłoszony"), _("Twój projekt „%(title)s” został zgłoszony do budżetu obywatelskiego."))
    return proposal


@transaction.atomic
def proposal_assign(*, proposal: Proposal, evaluator, by) -> Proposal:
    """The coordinator hands a proposal to an evaluator of the responsible unit (formal check next)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (Proposal.Status.SUBMITTED, Proposal.Status.FORMAL, Proposal.Status.MERIT):
        raise BudgetError(_("Ten projekt nie czeka na ocenę."))
    proposal.evaluator = evaluator
    if proposal.status == Proposal.Status.SUBMITTED:
        proposal.status = Proposal.Status.FORMAL
    proposal.save(update_fields=["evaluator", "status", "updated_at"])
    Decision.objects.create(proposal=proposal, step=Decision.Step.ASSIGN, by=by, details={"evaluator": str(evaluator)})
    return proposal


def _require_reason(positive: bool, reason: str) -> None:
    if not positive and not (reason or "").strip():
        raise BudgetError(_("Ocena negatywna wymaga publicznego uzasadnienia."), field="reason")


def _reject(proposal: Proposal, reason: str, now) -> None:
    proposal.status, proposal.public_reason, proposal.rejected_at = Proposal.Status.REJECTED, reason.strip(), now
    proposal.save(update_fields=["status", "public_reason", "rejected_at", "updated_at"])


def _accept(proposal: Proposal) -> None:
    if proposal.number is None:
        last = Proposal.objects.filter(edition_id=proposal.edition_id).aggregate(n=Max("number"))["n"] or 0
        proposal.number = last + 1
    proposal.status = Proposal.Status.ACCEPTED
    proposal.save(update_fields=["status", "number", "public_reason", "corrected_cost", "updated_at"])


@transaction.atomic
def proposal_formal_check(*, proposal: Proposal, positive: bool, reason: str, by, now=None) -> Proposal:
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.FORMAL:
        raise BudgetError(_("Ten projekt nie czeka na ocenę formalną."))
    _require_reason(positive, reason)
    Decision.objects.create(
        proposal=proposal, step=Decision.Step.FORMAL, positive=positive, reason=reason.strip(), by=by, at=now
    )
    if positive:
        proposal.status = Proposal.Status.MERIT
        proposal.save(update_fields=["status", "updated_at"])
        _notify(
            proposal,
            _("Ocena formalna pozytywna"),
            _("Projekt „%(title)s” przeszedł ocenę formalną i czeka na ocenę merytoryczną."),
        )
    else:
        _reject(proposal, reason, now)
        _notify_rejected(proposal)
    return proposal


@transaction.atomic
def proposal_merit_check(
    *, proposal: Proposal, positive: bool, reason: str, by, corrected_cost: Decimal | None = None, now=None
) -> Proposal:
    """Legality, land ownership, feasibility and cost; a positive check puts the project on the ballot."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.MERIT:
        raise BudgetError(_("Ten projekt nie czeka na ocenę merytoryczną."))
    _require_reason(positive, reason)
    if corrected_cost is not None and corrected_cost <= 0:
        raise BudgetError(_("Koszt po weryfikacji musi być większy od zera."), field="corrected_cost")
    Decision.objects.create(
        proposal=proposal,
        step=Decision.Step.MERIT,
        positive=positive,
        reason=reason.strip(),
        by=by,
        at=now,
        details={"corrected_cost": str(corrected_cost)} if corrected_cost is not None else {},
    )
    if corrected_cost is not None:
        proposal.corrected_cost = corrected_cost
    if positive:
        proposal.public_reason = reason.strip()
        _accept(proposal)
        _notify(
            proposal,
            _("Projekt dopuszczony do głosowania"),
            _("Projekt „%(title)s” przeszedł ocenę i będzie na karcie do głosowania."),
        )
    else:
        proposal.save(update_fields=["corrected_cost", "updated_at"])
        _reject(proposal, reason, now)
        _notify_rejected(proposal)
    return proposal


def appeal_deadline(proposal: Proposal) -> dt.datetime | None:
    if proposal.rejected_at is None:
        return None
    return proposal.rejected_at + dt.timedelta(days=proposal.edition.appeal_days)


@transaction.atomic
def proposal_appeal(*, proposal: Proposal, text: str, by, now=None) -> Proposal:
    """The author appeals a rejection within the edition's number of days (once)."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("edition").get(pk=proposal.pk)
    if proposal.author_id != by.pk:
        raise BudgetError(_("Odwołanie może złożyć tylko autor projektu."))
    if proposal.status != Proposal.Status.REJECTED:
        raise BudgetError(_("Odwołać się można tylko od odrzucenia projektu."))
    if proposal.decisions.filter(step=Decision.Step.APPEAL).exists():
        raise BudgetError(_("Odwołanie od tej decyzji już złożono."))
    deadline = appeal_deadline(proposal)
    if deadline is None or now > deadline:
        raise BudgetError(
            _("Termin na odwołanie minął %(date)s.")
            % {"date": timezone.localtime(deadline).strftime("%d.%m.%Y %H:%M") if deadline else "—"},
            field="text",
        )
    if not (text or "").strip():
        raise BudgetError(_("Napisz, dlaczego nie zgadzasz się z decyzją."), field="text")
    proposal.status = Proposal.Status.APPEALED
    proposal.save(update_fields=["status", "updated_at"])
    Decision.objects.create(proposal=proposal, step=Decision.Step.APPEAL, reason=text.strip(), by=by, at=now)
    return proposal


@transaction.atomic
def proposal_appeal_decide(*, proposal: Proposal, granted: bool, reason: str, by, now=None) -> Proposal:
    """The coordinator decides: granted puts the project on the ballot, refused keeps it rejected."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.APPEALED:
        raise BudgetError(_("Ten projekt nie ma odwołania do rozstrzygnięcia."))
    if not (reason or "").strip():
        raise BudgetError(_("Rozstrzygnięcie odwołania wymaga uzasadnienia."), field="reason")
    Decision.objects.create(
        proposal=proposal, step=Decision.Step.APPEAL_DECISION, positive=granted, reason=reason.strip(), by=by, at=now
    )
    if granted:
        proposal.public_reason = reason.strip()
        _accept(proposal)
    else:
        proposal.status, proposal.public_reason = Proposal.Status.REJECTED, reason.strip()
        proposal.save(update_fields=["status", "public_reason", "updated_at"])
    _notify(
        proposal,
        _("Rozstrzygnięcie odwołania"),
        _("Odwołanie w sprawie projektu „%(title)s” zostało rozpatrzone: ")
        + (_("uwzględnione.") if granted else _("nieuwzględnione."))
        + "\n\n"
        + reason.strip(),
    )
    return proposal


def _notify_rejected(proposal: Proposal) -> None:
    _notify(
        proposal,
        _("Projekt odrzucony"),
        _("Projekt „%(title)s” nie przeszedł oceny.")
        + "\n\n"
        + proposal.public_reason
        + "\n\n"
        + _("Możesz się odwołać w ciągu %(days)d dni na stronie projektu.") % {"days": proposal.edition.appeal_days},
    )


def _notify(proposal: Proposal, subject: str, body: str) -> None:
    email = getattr(proposal.author, "email", "")
    if not email:
        return
    count = Decision.objects.filter(proposal=proposal).count()
    queue_email(
        to=email,
        subject=_("Budżet obywatelski: %(subject)s") % {"subject": subject},
        body=body.replace("%(title)s", proposal.title),
        key=f"budget-proposal-{proposal.pk}-{count}",
        topic="budget",
    )


__all__ = ["BudgetError", "money"]
