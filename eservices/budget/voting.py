"""Casting ballots: online with a verified account, online with an e-mailed link, on paper.

One person, one ballot: a ballot counts only once its ``IdentityClaim`` row is inserted, and the
unique key (edition, identity hash) lets exactly one insert win however many requests race — the
losers block on the index until the winner commits and then see the duplicate. What follows a
duplicate is the edition's rule: the later ballot refused, or both ballots invalid. A counted ballot
is never changed.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.accounts.validators import pesel_birth_date, pesel_is_valid
from cms.messaging.services import queue_email

from .identity import identity_hash, person_key, token_hash
from .models import Ballot, BallotChoice, Edition, IdentityClaim, Pool, RegisterEntry
from .rules import BudgetError, validate_choices


def _fmt(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def check_voting_open(edition: Edition, now) -> None:
    if not edition.is_voting_open(now):
        raise BudgetError(
            _("Głosowanie w edycji „%(edition)s” trwa od %(start)s do %(end)s. Karta nie została przyjęta.")
            % {"edition": edition.name, "start": _fmt(edition.voting_start), "end": _fmt(edition.voting_end)}
        )


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def check_eligibility(*, edition: Edition, pesel: str, age_declared: bool, now) -> None:
    """PESEL (when given) valid; the minimum age, from the PESEL or the voter's declaration."""
    pesel = (pesel or "").strip()
    if pesel and not pesel_is_valid(pesel):
        raise BudgetError(
            _("Ten numer PESEL jest nieprawidłowy: sprawdź, czy ma 11 cyfr i czy nie ma literówki."), field="pesel"
        )
    if edition.require_pesel and not pesel:
        raise BudgetError(_("W tej edycji do głosowania potrzebny jest numer PESEL."), field="pesel")
    if edition.min_age:
        if pesel:
            if _age(pesel_birth_date(pesel), timezone.localdate(now)) < edition.min_age:
                raise BudgetError(
                    _("Głosować mogą osoby, które ukończyły %(age)d lat.") % {"age": edition.min_age}, field="pesel"
                )
        elif not age_declared:
            raise BudgetError(
                _("Potwierdź, że masz ukończone %(age)d lat.") % {"age": edition.min_age}, field="age_declared"
            )


def _check_register(edition: Edition, ident: str) -> None:
    """When the edition has an imported register, the voter must be in it."""
    entries = RegisterEntry.objects.filter(edition_id=edition.pk).order_by()
    loaded = entries.exists()  # one cheap query when, as usual, no register was imported
    listed = loaded and entries.filter(identity_hash=ident).exists()
    if loaded and not listed:
        raise BudgetError(
            _(
                "Nie znaleźliśmy tych danych w rejestrze mieszkańców. Sprawdź PESEL lub zagłosuj w urzędzie na karcie "
                "papierowej."
            )
        )


def _duplicate_refused() -> BudgetError:
    return BudgetError(_("Ta osoba już oddała głos w tej edycji. Każdy może zagłosować tylko raz."))


def _create(*, edition, district, pairs, channel, status, ident, now, **extra) -> Ballot:
    ballot = Ballot.objects.create(
        edition=edition, pool=district, channel=channel, status=status, identity_hash=ident, created_at=now, **extra
    )
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, proposal=proposal, points=points) for proposal, points in pairs]
    )
    return ballot


def _insert_claim(ballot: Ballot) -> bool:
    """Insert the person's claim; False when another ballot of theirs holds it.

    ``ON CONFLICT DO NOTHING`` waits for a concurrent insert of the same key to commit or roll back, so
    exactly one of any number of racing ballots gets True — without an error, hence no savepoint."""
    table = connection.ops.quote_name(IdentityClaim._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (edition_id, identity_hash, ballot_id, duplicates) VALUES (%s, %s, %s, 0) "
            "ON CONFLICT (edition_id, identity_hash) DO NOTHING RETURNING id",
            [ballot.edition_id, ballot.identity_hash, ballot.pk],
        )
        return cursor.fetchone() is not None


def _claim(ballot: Ballot, *, now, record_refusal: bool) -> Ballot:
    """Count ``ballot`` unless its person already has a ballot; then apply the edition's rule."""
    if _insert_claim(ballot):
        status = Ballot.Status.COUNTED
    else:
        claim = IdentityClaim.objects.select_for_update().get(
            edition_id=ballot.edition_id, identity_hash=ballot.identity_hash
        )
        if ballot.edition.duplicate_rule == Edition.DuplicateRule.INVALIDATE_BOTH:
            Ballot.objects.filter(pk=claim.ballot_id).update(status=Ballot.Status.INVALID)
            status = Ballot.Status.INVALID
        elif record_refusal:
            status = Ballot.Status.REFUSED
        else:
            raise _duplicate_refused()
        claim.duplicates += 1
        claim.save(update_fields=["duplicates"])
    if (ballot.status, ballot.confirmed_at) != (status, now):
        ballot.status, ballot.confirmed_at = status, now
        ballot.save(update_fields=["status", "confirmed_at"])
    return ballot


def _declared_ballot(
    *, edition, district, choices, pesel, first_name, last_name, address, age_declared, now
) -> tuple[list, str]:
    """The checks a ballot with declared identity passes (an e-mailed one or a paper card), and the
    voter's identity hash: (validated choices, hash)."""
    pairs = validate_choices(edition=edition, district=district, choices=choices)
    check_eligibility(edition=edition, pesel=pesel, age_declared=age_declared, now=now)
    key = person_key(pesel=pesel, first_name=first_name, last_name=last_name, address=address)
    return pairs, identity_hash(edition_id=edition.pk, key=key)


@transaction.atomic
def ballot_cast_verified(*, edition: Edition, district: Pool, choices: dict[int, int], user, now=None) -> Ballot:
    """A signed-in voter whose identity (PESEL) a trusted profile proved: counted at once."""
    now = now or timezone.now()
    check_voting_open(edition, now)
    if not (getattr(user, "is_identity_verified", False) and user.pesel):
        raise BudgetError(_("Twoje konto nie ma potwierdzonej tożsamości. Zagłosuj z potwierdzeniem e-mailem."))
    pairs = validate_choices(edition=edition, district=district, choices=choices)
    check_eligibility(edition=edition, pesel=user.pesel, age_declared=False, now=now)
    ident = identity_hash(edition_id=edition.pk, key=person_key(pesel=user.pesel))
    _check_register(edition, ident)
    ballot = _create(
        edition=edition,
        district=district,
        pairs=pairs,
        channel=Ballot.Channel.ONLINE,
        status=Ballot.Status.COUNTED,
        ident=ident,
        now=now,
        confirmed_at=now,
    )
    return _claim(ballot, now=now, record_refusal=False)


@transaction.atomic
def ballot_cast_declared(
    *,
    edition: Edition,
    district: Pool,
    choices: dict[int, int],
    first_name: str,
    last_name: str,
    address: str,
    pesel: str,
    email: str,
    age_declared: bool = False,
    now=None,
) -> tuple[Ballot, str]:
    """A voter who declares name, address (and maybe PESEL): the ballot waits for the e-mailed link."""
    now = now or timezone.now()
    check_voting_open(edition, now)
    if not edition.allow_email_voting:
        raise BudgetError(_("W tej edycji głosuje się kontem z potwierdzoną tożsamością lub na karcie papierowej."))
    pairs, ident = _declared_ballot(
        edition=edition, district=district, choices=choices, pesel=pesel, first_name=first_name,
        last_name=last_name, address=address, age_declared=age_declared, now=now,
    )  # fmt: skip
    _check_register(edition, ident)
    if (
        edition.duplicate_rule == Edition.DuplicateRule.REFUSE_LATER
        and IdentityClaim.objects.filter(edition=edition, identity_hash=ident).exists()
    ):
        raise _duplicate_refused()
    token = secrets.token_urlsafe(32)
    ballot = _create(
        edition=edition,
        district=district,
        pairs=pairs,
        channel=Ballot.Channel.ONLINE,
        status=Ballot.Status.PENDING,
        ident=ident,
        now=now,
        confirm_token_hash=token_hash(token),
    )
    link = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + reverse("budget:confirm", args=[token])
    queue_email(
        to=email,
        subject=_("Potwierdź swój głos w budżecie obywatelskim"),
        body=_(
            "Aby Twój głos w edycji „%(edition)s” został policzony, otwórz link do %(end)s:\n\n%(link)s\n\n"
            "Jeśli to nie Ty głosowałeś(-aś), zignoruj tę wiadomość."
        )
        % {"edition": edition.name, "end": _fmt(edition.voting_end), "link": link},
        key=f"budget-ballot-{ballot.pk}",
        topic="budget",
    )
    return ballot, token


@transaction.atomic
def ballot_confirm(*, token: str, now=None) -> Ballot:
    """The e-mailed link: counts the pending ballot (or applies the duplicate rule). Idempotent."""
    now = now or timezone.now()
    ballot = (
        Ballot.objects.select_for_update(of=("self",))
        .select_related("edition")
        .filter(confirm_token_hash=token_hash(token or ""))
        .first()
    )
    if ballot is None:
        raise BudgetError(_("Ten link jest nieprawidłowy. Sprawdź, czy skopiowano go w całości."))
    if ballot.status != Ballot.Status.PENDING:
        return ballot  # already confirmed: a confirmed ballot cannot be changed
    check_voting_open(ballot.edition, now)
    return _claim(ballot, now=now, record_refusal=True)


@transaction.atomic
def paper_ballot_enter(
    *,
    edition: Edition,
    district: Pool,
    choices: dict[int, int],
    first_name: str,
    last_name: str,
    address: str,
    pesel: str,
    by,
    paper_number: str = "",
    age_declared: bool = True,
    now=None,
) -> Ballot:
    """Staff type in a paper ballot; it counts only after a second person accepts it."""
    now = now or timezone.now()
    if now < edition.voting_start:
        raise BudgetError(_("Głosowanie jeszcze się nie zaczęło."))
    pairs, ident = _declared_ballot(
        edition=edition, district=district, choices=choices, pesel=pesel, first_name=first_name,
        last_name=last_name, address=address, age_declared=age_declared, now=now,
    )  # fmt: skip
    return _create(
        edition=edition,
        district=district,
        pairs=pairs,
        channel=Ballot.Channel.PAPER,
        status=Ballot.Status.TO_ACCEPT,
        ident=ident,
        now=now,
        entered_by=by,
        paper_number=paper_number.strip(),
    )


@transaction.atomic
def paper_ballot_accept(*, ballot: Ballot, by, now=None) -> Ballot:
    now = now or timezone.now()
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("edition").get(pk=ballot.pk)
    if ballot.status != Ballot.Status.TO_ACCEPT:
        raise BudgetError(_("Ta karta nie czeka na akceptację."))
    if ballot.entered_by_id == by.pk:
        raise BudgetError(_("Kartę musi zaakceptować inna osoba niż ta, która ją wprowadziła."))
    ballot.accepted_by = by
    ballot.save(update_fields=["accepted_by"])
    return _claim(ballot, now=now, record_refusal=True)


@transaction.atomic
def paper_ballot_discard(*, ballot: Ballot, by) -> None:
    """The second person found a typing error: the entry is removed and typed again."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != Ballot.Status.TO_ACCEPT:
        raise BudgetError(_("Usunąć można tylko kartę, która czeka na akceptację."))
    ballot.delete()


@transaction.atomic
def register_import(*, edition: Edition, pesels: list[str]) -> int:
    """Load the resident register as keyed hashes (no PESEL is stored); returns the number added."""
    hashes = {identity_hash(edition_id=edition.pk, key=person_key(pesel=p.strip())) for p in pesels if p.strip()}
    RegisterEntry.objects.bulk_create(
        [RegisterEntry(edition=edition, identity_hash=h) for h in hashes], ignore_conflicts=True
    )
    return len(hashes)
