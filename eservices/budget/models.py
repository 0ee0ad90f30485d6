"""Participatory budget (budżet obywatelski, art. 5a of the municipal government act).

An ``Edition`` (one year) has ``Pool``s — the city-wide pool and one per district (sołectwo or
osiedle) — with an amount each, its phase dates and its voting rules. Residents submit
``Proposal``s; every step of their verification is a ``Decision`` (kept forever, public reasons).
A ``Ballot`` carries no name: the voter's identity is only an HMAC keyed hash (``identity.py``) and
one ``IdentityClaim`` row per person and edition makes "one person, one ballot" hold under
concurrency (a unique constraint, not a read-then-write check). ``ResultRun`` keeps every computed
result with the seed of its tie draw, so anyone can recompute it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class Edition(ClusterableModel):
    """One year's participatory budget with its phases and rules."""

    class VotingMethod(models.TextChoices):
        APPROVAL = "approval", _("wybór do N projektów w każdej puli")
        POINTS = "points", _("punkty (np. 3/2/1)")
        KNAPSACK = "knapsack", _("wybór do kwoty puli (koszyk)")

    class DuplicateRule(models.TextChoices):
        REFUSE_LATER = "refuse_later", _("późniejszy głos odrzucony")
        INVALIDATE_BOTH = "invalidate_both", _("oba głosy nieważne")

    year = models.PositiveIntegerField(_("rok"), unique=True)
    name = models.CharField(_("nazwa"), max_length=200)
    slug = models.SlugField(_("adres"), max_length=60, unique=True)
    description = models.TextField(_("opis"), blank=True)

    proposals_start = models.DateTimeField(_("zgłaszanie projektów od"))
    proposals_end = models.DateTimeField(_("zgłaszanie projektów do"))
    verification_end = models.DateTimeField(_("weryfikacja do"))
    appeal_days = models.PositiveSmallIntegerField(_("dni na odwołanie"), default=7)
    voting_start = models.DateTimeField(_("głosowanie od"))
    voting_end = models.DateTimeField(_("głosowanie do"))
    results_date = models.DateTimeField(_("ogłoszenie wyników"))

    voting_method = models.CharField(
        _("sposób głosowania"), max_length=12, choices=VotingMethod.choices, default=VotingMethod.APPROVAL
    )
    max_projects = models.PositiveSmallIntegerField(
        _("najwięcej projektów w puli"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Dla głosowania „wybór do N projektów”."),
    )
    points = models.CharField(
        _("punkty"),
        max_length=40,
        blank=True,
        default="3,2,1",
        help_text=_("Dla głosowania punktowego: wartości oddzielone przecinkami, np. 3,2,1."),
    )
    min_votes = models.PositiveIntegerField(
        _("próg głosów"), default=0, help_text=_("Projekt z mniejszą liczbą głosów (punktów) nie jest finansowany.")
    )
    min_age = models.PositiveSmallIntegerField(_("minimalny wiek głosującego"), null=True, blank=True)
    require_pesel = models.BooleanField(
        _("PESEL obowiązkowy"),
        default=False,
        help_text=_("Rzecznik Praw Obywatelskich: PESEL nie powinien być jedyną drogą do głosowania."),
    )
    allow_email_voting = models.BooleanField(_("głosowanie bez konta (potwierdzenie e-mailem)"), default=True)
    duplicate_rule = models.CharField(
        _("gdy ta sama osoba zagłosuje drugi raz"),
        max_length=16,
        choices=DuplicateRule.choices,
        default=DuplicateRule.REFUSE_LATER,
    )
    required_endorsements = models.PositiveSmallIntegerField(_("wymagana liczba poparć"), default=15)

    class Meta:
        verbose_name = _("edycja budżetu obywatelskiego")
        verbose_name_plural = _("edycje budżetu obywatelskiego")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name

    def point_values(self) -> list[int]:
        """The point values a voter hands out in one pool, highest first (``"3,2,1"`` → ``[3, 2, 1]``)."""
        values = []
        for part in (self.points or "").split(","):
            part = part.strip()
            if part.isdigit() and int(part) > 0:
                values.append(int(part))
        return sorted(values, reverse=True)

    def phase(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.proposals_start:
            return "before"
        if now <= self.proposals_end:
            return "proposals"
        if now < self.voting_start:
            return "verification"
        if now <= self.voting_end:
            return "voting"
        return "after"

    def is_voting_open(self, now=None) -> bool:
        return self.phase(now) == "voting"

    def is_proposals_open(self, now=None) -> bool:
        return self.phase(now) == "proposals"


class Pool(models.Model):
    """A pool of money: the city-wide one or a district's (sołectwo/osiedle)."""

    class Kind(models.TextChoices):
        CITY = "city", _("ogólnogminna")
        DISTRICT = "district", _("dzielnicowa (sołectwo/osiedle)")

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="pools", verbose_name=_("edycja"))
    kind = models.CharField(_("rodzaj"), max_length=10, choices=Kind.choices, default=Kind.DISTRICT)
    name = models.CharField(_("nazwa"), max_length=120)
    slug = models.SlugField(_("adres"), max_length=80)
    amount = models.DecimalField(
        _("kwota (zł)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    sort_order = models.PositiveSmallIntegerField(_("kolejność"), default=0)

    class Meta:
        verbose_name = _("pula")
        verbose_name_plural = _("pule")
        ordering = ["edition", "-kind", "sort_order", "name"]  # district pools first, the city pool last
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="budget_pool_unique_slug")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_city(self) -> bool:
        return self.kind == self.Kind.CITY


class Category(models.Model):
    name = models.CharField(_("nazwa"), max_length=80, unique=True)
    slug = models.SlugField(_("adres"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("kategoria projektu")
        verbose_name_plural = _("kategorie projektów")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Proposal(models.Model):
    """A project proposed by a resident; ``status`` moves only through ``services``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("szkic")
        SUBMITTED = "submitted", _("zgłoszony")
        FORMAL = "formal", _("ocena formalna")
        MERIT = "merit", _("ocena merytoryczna")
        REJECTED = "rejected", _("odrzucony")
        APPEALED = "appealed", _("odwołanie")
        ACCEPTED = "accepted", _("dopuszczony do głosowania")
        WITHDRAWN = "withdrawn", _("wycofany")

    PUBLIC_EXCLUDED = ("draft",)

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("edycja"))
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("obszar"))
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("kategoria")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="budget_proposals", verbose_name=_("autor")
    )
    number = models.PositiveIntegerField(_("numer na karcie"), null=True, blank=True)
    title = models.CharField(_("tytuł"), max_length=200)
    description = models.TextField(_("opis"))
    justification = models.TextField(_("uzasadnienie"))
    location = models.CharField(_("lokalizacja"), max_length=255, blank=True)
    latitude = models.DecimalField(_("szerokość geograficzna"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("długość geograficzna"), max_digits=9, decimal_places=6, null=True, blank=True)
    cost_items = models.JSONField(_("pozycje kosztorysu"), default=list, blank=True)
    cost = models.DecimalField(_("szacunkowy koszt (zł)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    corrected_cost = models.DecimalField(
        _("koszt po weryfikacji (zł)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    endorsements = models.TextField(
        _("lista poparcia"), blank=True, help_text=_("Jedna osoba w linii: imię i nazwisko, adres.")
    )
    attachment = models.FileField(_("załącznik"), upload_to="budzet/zalaczniki/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    public_reason = models.TextField(_("uzasadnienie decyzji (publiczne)"), blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oceniający"),
    )
    submitted_at = models.DateTimeField(_("zgłoszony"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("odrzucony"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("projekt")
        verbose_name_plural = _("projekty")
        ordering = ["edition", "pool", "number", "title"]
        permissions = [
            ("coordinate_budget", _("Koordynuje budżet obywatelski (przydziały, odwołania, wyniki)")),
            ("evaluate_proposal", _("Ocenia przydzielone projekty budżetu obywatelskiego")),
        ]
        indexes = [models.Index(fields=["edition", "status"], name="budget_proposal_ed_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def final_cost(self) -> Decimal:
        return self.corrected_cost if self.corrected_cost is not None else self.cost

    def endorsement_lines(self) -> list[str]:
        return [line.strip() for line in self.endorsements.splitlines() if line.strip()]


class Decision(models.Model):
    """One step of a proposal's verification; the history is never edited."""

    class Step(models.TextChoices):
        SUBMIT = "submit", _("zgłoszenie")
        ASSIGN = "assign", _("przydział oceniającego")
        FORMAL = "formal", _("ocena formalna")
        MERIT = "merit", _("ocena merytoryczna")
        APPEAL = "appeal", _("odwołanie autora")
        APPEAL_DECISION = "appeal_decision", _("rozstrzygnięcie odwołania")
        WITHDRAW = "withdraw", _("wycofanie")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField(_("krok"), max_length=16, choices=Step.choices)
    positive = models.BooleanField(_("pozytywna"), null=True)
    reason = models.TextField(_("uzasadnienie"), blank=True)
    details = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decyzja")
        verbose_name_plural = _("decyzje")
        ordering = ["proposal", "at", "pk"]


class Ballot(models.Model):
    """A voting card: the chosen projects and nothing that names the voter.

    ``identity_hash`` is HMAC-SHA256 of the voter's identity under a secret key (``identity.py``);
    ``confirm_token_hash`` is SHA-256 of the e-mailed link's token, so a database copy cannot confirm.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("internetowy")
        PAPER = "paper", _("papierowy")

    class Status(models.TextChoices):
        PENDING = "pending", _("czeka na potwierdzenie")
        TO_ACCEPT = "to_accept", _("czeka na akceptację drugiej osoby")
        COUNTED = "counted", _("ważny")
        INVALID = "invalid", _("nieważny (duplikat)")
        REFUSED = "refused", _("odrzucony (duplikat)")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="ballots")
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("obszar"))
    channel = models.CharField(_("forma"), max_length=6, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    identity_hash = models.CharField(max_length=64, db_index=True)
    confirm_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    paper_number = models.CharField(_("numer karty"), max_length=30, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wprowadził(a)"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zaakceptował(a)"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("karta do głosowania")
        verbose_name_plural = _("karty do głosowania")
        permissions = [("enter_paper_ballot", _("Wprowadza i akceptuje karty papierowe"))]
        indexes = [models.Index(fields=["edition", "status", "pool"], name="budget_ballot_ed_status")]


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "proposal"], name="budget_choice_unique")]


class IdentityClaim(models.Model):
    """One row per person who voted in an edition: the unique key is what stops a second ballot,
    whichever channel (online, paper) and however many requests arrive at once."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    identity_hash = models.CharField(max_length=64)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="+")
    duplicates = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "identity_hash"], name="budget_claim_unique_identity")
        ]


class RegisterEntry(models.Model):
    """The optional imported resident register: keyed hashes only (no PESEL stored)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="register_entries")
    identity_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "identity_hash"], name="budget_register_unique")]


class ResultRun(models.Model):
    """A computed result: the tie-draw seed and the per-pool outcome, so it can be recomputed."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="result_runs")
    seed = models.CharField(_("ziarno losowania"), max_length=40)
    outcome = models.JSONField(_("wynik"), default=dict)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    computed_at = models.DateTimeField(default=timezone.now)
    published = models.BooleanField(_("opublikowany"), default=False)

    class Meta:
        verbose_name = _("wynik")
        verbose_name_plural = _("wyniki")
        ordering = ["-computed_at", "-pk"]
