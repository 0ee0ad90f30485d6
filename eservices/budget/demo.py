"""Demo of the participatory budget: the roles and two staff accounts, the categories, the current
edition in its voting phase (a pool per sołectwo/osiedle of the demo register and the city-wide pool,
15 proposals in every status) and last year's edition with ~300 ballots and published results.

Idempotent: editions are keyed by year, accounts by e-mail, categories by slug. Bulk writes, so it
takes well under a second. Run after ``seed_places`` and the resident accounts.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cms.units.places import Locality

from .identity import identity_hash, person_key
from .models import Ballot, BallotChoice, Category, Decision, Edition, IdentityClaim, Pool, Proposal
from .results import result_run_create
from .roles import COORDINATORS, EVALUATORS, budget_roles_setup

STAFF = [
    ("budzet@ratusz.local", "ratusz-budzet-demo", "Beata", "Budżetowa", COORDINATORS,
     "koordynatorka budżetu obywatelskiego (przydziały, odwołania, karty papierowe, wyniki)"),
    ("ocena@ratusz.local", "ratusz-ocena-demo", "Olgierd", "Oceniający", EVALUATORS,
     "oceniający projekty budżetu obywatelskiego"),
]  # fmt: skip
AUTHOR_EMAIL = "mieszkaniec@ratusz.local"
CATEGORIES = ["Zieleń", "Sport i rekreacja", "Drogi i chodniki", "Edukacja i kultura", "Bezpieczeństwo"]
TOWN = "Głogów Małopolski"

S = Proposal.Status
# title, pool ("*" = city-wide, TOWN or a sołectwo), category, cost, status, public reason
PROPOSALS = [
    ("Zielony Rynek — nasadzenia i ławki", "*", "Zieleń", "180000", S.ACCEPTED, ""),
    ("Ścieżka rowerowa Głogów – Rudna Wielka", "*", "Drogi i chodniki", "420000", S.ACCEPTED, ""),
    ("Letnie kino plenerowe", "*", "Edukacja i kultura", "45000", S.ACCEPTED, ""),
    ("Monitoring przy szkołach", "*", "Bezpieczeństwo", "95000", S.ACCEPTED, ""),
    ("Plac zabaw na osiedlu Kościuszki", TOWN, "Sport i rekreacja", "120000", S.ACCEPTED, ""),
    ("Siłownia plenerowa przy ul. Sportowej", TOWN, "Sport i rekreacja", "60000", S.ACCEPTED, ""),
    ("Oświetlenie boiska w Rogoźnicy", "Rogoźnica", "Sport i rekreacja", "40000", S.ACCEPTED, ""),
    ("Wiata rekreacyjna w Rogoźnicy", "Rogoźnica", "Zieleń", "35000", S.ACCEPTED, ""),
    ("Chodnik przy szkole w Przewrotnem", "Przewrotne", "Drogi i chodniki", "48000", S.ACCEPTED, ""),
    ("Doposażenie świetlicy w Lipiu", "Lipie", "Edukacja i kultura", "25000", S.ACCEPTED, ""),
    ("Park kieszonkowy przy ul. Polnej", TOWN, "Zieleń", "70000", S.MERIT, ""),
    ("Skatepark w Stykowie", "Styków", "Sport i rekreacja", "90000", S.FORMAL, ""),
    ("Fontanna na Rynku", "*", "Zieleń", "800000", S.REJECTED,
     "Koszt przekracza kwotę puli ogólnogminnej (600 000 zł)."),
    ("Parking przy kościele w Budach Głogowskich", "Budy Głogowskie", "Drogi i chodniki", "60000", S.APPEALED,
     "Działka nie należy do gminy (własność parafii)."),
    ("Ławki wzdłuż ul. Leśnej w Woli Cichej", "Wola Cicha", "Zieleń", "15000", S.DRAFT, ""),
]  # fmt: skip


def _slug(name: str) -> str:
    return slugify(name.replace("ł", "l").replace("Ł", "L"))[:80]


def _account(email, password, first, last, group) -> None:
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, "is_staff": True}
    )
    if created or not user.has_usable_password():
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=group))


def _district_names() -> list[str]:
    names = set(Locality.objects.exclude(solectwo="").values_list("solectwo", flat=True))
    return [TOWN, *sorted(names)]


def _pools(edition: Edition, city_amount: str, town_amount: str, village_amount: str) -> dict[str, Pool]:
    pools = [Pool(edition=edition, kind=Pool.Kind.CITY, name="Cała gmina", slug="cala-gmina",
                  amount=Decimal(city_amount))]  # fmt: skip
    for order, name in enumerate(_district_names()):
        amount = town_amount if name == TOWN else village_amount
        label = f"{name} — miasto" if name == TOWN else name
        pools.append(Pool(edition=edition, kind=Pool.Kind.DISTRICT, name=label, slug=_slug(name),
                          amount=Decimal(amount), sort_order=order))  # fmt: skip
    Pool.objects.bulk_create(pools)
    by_name = {p.name: p for p in pools}
    by_name["*"] = pools[0]
    by_name[TOWN] = by_name[f"{TOWN} — miasto"]
    return by_name


def _edition(year: int, now, *, voting: bool) -> Edition:
    day = dt.timedelta(days=1)
    if voting:  # proposals two months ago, voting from yesterday for two weeks
        start = now - 70 * day
        dates = {
            "proposals_start": start,
            "proposals_end": start + 30 * day,
            "verification_end": start + 55 * day,
            "voting_start": now - day,
            "voting_end": now + 14 * day,
            "results_date": now + 16 * day,
        }
    else:
        start = now - 400 * day
        dates = {
            "proposals_start": start,
            "proposals_end": start + 30 * day,
            "verification_end": start + 60 * day,
            "voting_start": start + 70 * day,
            "voting_end": start + 84 * day,
            "results_date": start + 86 * day,
        }
    return Edition.objects.create(
        year=year,
        name=f"Budżet obywatelski {year}",
        slug=f"bo-{year}",
        required_endorsements=15,
        description="Mieszkańcy gminy decydują, na co wydać część budżetu: projekty ogólnogminne i projekty "
        "sołectw oraz osiedli.",
        max_projects=3,
        min_votes=10,
        min_age=16,
        **dates,
    )


def _endorsements(n: int) -> str:
    return "\n".join(f"Osoba Popierająca {i}, Głogów Małopolski" for i in range(1, n + 1))


def _current(now, author, coordinator, evaluator, categories) -> None:
    edition = _edition(now.year + 1, now, voting=True)
    pools = _pools(edition, "600000", "150000", "50000")
    proposals, number = [], 0
    for title, pool, category, cost, status, reason in PROPOSALS:
        number += status == S.ACCEPTED
        proposals.append(Proposal(
            edition=edition, pool=pools[pool], category=categories[category], author=author, title=title,
            description=f"{title}: opis projektu zgłoszonego przez mieszkańców.", justification="Służy mieszkańcom.",
            location=f"{pool if pool != '*' else TOWN}", cost=Decimal(cost),
            cost_items=[{"name": "Wykonanie", "amount": cost}], endorsements=_endorsements(15), status=status,
            public_reason=reason, number=number if status == S.ACCEPTED else None,
            evaluator=evaluator if status not in (S.DRAFT, S.SUBMITTED) else None,
            submitted_at=None if status == S.DRAFT else edition.proposals_start + dt.timedelta(days=5),
            rejected_at=now - dt.timedelta(days=2) if reason else None,
        ))  # fmt: skip
    Proposal.objects.bulk_create(proposals)
    decisions = []
    for proposal in proposals:
        if proposal.status == S.DRAFT:
            continue
        at = proposal.submitted_at
        decisions.append(Decision(proposal=proposal, step="submit", positive=True, by=author, at=at))
        decisions.append(Decision(proposal=proposal, step="assign", by=coordinator, at=at + dt.timedelta(days=1)))
        if proposal.status in (S.MERIT, S.ACCEPTED, S.REJECTED, S.APPEALED):
            decisions.append(Decision(proposal=proposal, step="formal", positive=True, by=evaluator,
                                      at=at + dt.timedelta(days=10)))  # fmt: skip
        if proposal.status in (S.ACCEPTED, S.REJECTED, S.APPEALED):
            decisions.append(
                Decision(
                    proposal=proposal,
                    step="merit",
                    positive=proposal.status == S.ACCEPTED,
                    reason=proposal.public_reason,
                    by=evaluator,
                    at=at + dt.timedelta(days=20),
                )
            )
        if proposal.status == S.APPEALED:
            decisions.append(
                Decision(
                    proposal=proposal,
                    step="appeal",
                    by=author,
                    at=now - dt.timedelta(days=1),
                    reason="Parafia zgodziła się użyczyć działkę — dołączam porozumienie.",
                )
            )
    Decision.objects.bulk_create(decisions)


def _past(now, author, categories) -> None:
    """Last year's edition: accepted projects, ~300 counted ballots and published results."""
    edition = _edition(now.year, now, voting=False)
    pools = _pools(edition, "500000", "120000", "40000")
    specs = [("Remont ogródka jordanowskiego", TOWN, "90000"), ("Tężnia solankowa w parku", TOWN, "110000"),
             ("Boisko wielofunkcyjne w Hucisku", "Hucisko", "39000"), ("Wiata dla OSP w Hucisku", "Hucisko", "20000"),
             ("Zakup książek i czytnika dla biblioteki", "*", "60000"), ("Kompleks rekreacyjny nad zalewem", "*",
             "450000"), ("Defibrylatory AED w sołectwach", "*", "80000")]  # fmt: skip
    proposals = [
        Proposal(edition=edition, pool=pools[pool], author=author, title=title, description=title,
                 justification="Służy mieszkańcom.", cost=Decimal(cost), status=S.ACCEPTED, number=number,
                 cost_items=[{"name": "Wykonanie", "amount": cost}], category=categories["Zieleń"])
        for number, (title, pool, cost) in enumerate(specs, start=1)
    ]  # fmt: skip
    Proposal.objects.bulk_create(proposals)
    rng = random.Random(2025)
    ballots, picks = [], []
    for i in range(300):
        district = pools[TOWN] if i % 3 else pools["Hucisko"]
        ballots.append(Ballot(edition=edition, pool=district, channel="paper" if i % 7 == 0 else "online",
                              status=Ballot.Status.COUNTED, identity_hash=identity_hash(
                                  edition_id=edition.pk, key=person_key(pesel=f"demo{i}")),
                              created_at=edition.voting_start, confirmed_at=edition.voting_start))  # fmt: skip
        own = [p for p in proposals if p.pool_id == district.pk]
        city = [p for p in proposals if p.pool_id == pools["*"].pk]
        picks.append(rng.sample(own, k=rng.randint(1, len(own))) + rng.sample(city, k=rng.randint(0, 2)))
    Ballot.objects.bulk_create(ballots)
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=b, proposal=p) for b, chosen in zip(ballots, picks, strict=True) for p in chosen]
    )
    IdentityClaim.objects.bulk_create(
        [IdentityClaim(edition=edition, identity_hash=b.identity_hash, ballot=b) for b in ballots]
    )
    run = result_run_create(edition=edition, seed="demo2025")
    run.published = True
    run.save(update_fields=["published"])


@transaction.atomic
def seed_budget() -> list[tuple[str, str, str]]:
    """Seed the budget demo once; returns the staff accounts for the seed summary."""
    budget_roles_setup()
    for email, password, first, last, group, _description in STAFF:
        _account(email, password, first, last, group)
    categories = {}
    for name in CATEGORIES:
        categories[name], _created = Category.objects.get_or_create(slug=_slug(name), defaults={"name": name})
    User = get_user_model()
    author = User.objects.filter(email=AUTHOR_EMAIL).first() or User.objects.filter(is_staff=False).first()
    coordinator, evaluator = (User.objects.get(email=row[0]) for row in STAFF)
    if author is None:
        author = coordinator
    now = timezone.now()
    if not Edition.objects.filter(year=now.year).exists():
        _past(now, author, categories)
    if not Edition.objects.filter(year=now.year + 1).exists():
        _current(now, author, coordinator, evaluator, categories)
    return [(email, password, description) for email, password, *_rest, description in STAFF]
