"""The resident office (eBOM): taxpayers, liabilities, instalments, payments and their allocations.

Money is ``Decimal`` with two places everywhere (``MoneyField``); legal dates are plain ``date``s in
Europe/Warsaw. The finance department's system stays the book of record: rows it exported carry its
``external_id``. Writes go through ``services``; reads through ``selectors``/``balances``; the legal
rules live in ``schedules``, ``interest`` and ``allocation``, each in one place.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .accounts import validate_nrb

ZERO = Decimal("0.00")


def MoneyField(verbose_name, **kwargs):  # noqa: N802  (reads like a field class)
    """Every amount of money: ``DecimalField(max_digits=12, decimal_places=2)``."""
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs)


def _external_id_unique(model: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["external_id"], condition=~Q(external_id=""), name=f"finance_{model}_external_id_unique"
    )


class Taxpayer(models.Model):
    """A person (PESEL), a business (NIP/REGON) or co-owners/spouses liable jointly.

    ``account_number`` is the taxpayer's individual bank account (NRB, 26 digits, no spaces): every
    payment to it is theirs. Built by ``accounts.nrb_for`` from ``FINANCE_BANK_PREFIX`` and the
    taxpayer's identifier, or taken from the finance system's export.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("osoba fizyczna")
        BUSINESS = "business", _("przedsiębiorca / osoba prawna")
        JOINT = "joint", _("małżonkowie / współwłaściciele")

    kind = models.CharField(_("rodzaj"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("nazwa / imię i nazwisko"), max_length=255)
    pesel = models.CharField(_("PESEL"), max_length=11, blank=True, db_index=True)
    nip = models.CharField(_("NIP"), max_length=10, blank=True, db_index=True)
    regon = models.CharField(_("REGON"), max_length=14, blank=True)
    address = models.CharField(_("adres"), max_length=255, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    locality = models.CharField(_("miejscowość"), max_length=100, blank=True)
    account_number = models.CharField(
        _("indywidualny rachunek bankowy"), max_length=26, blank=True, validators=[validate_nrb]
    )
    external_id = models.CharField(_("identyfikator w systemie finansowym"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("podatnik")
        verbose_name_plural = _("podatnicy")
        ordering = ["name", "pk"]
        constraints = [
            _external_id_unique("taxpayer"),
            models.UniqueConstraint(
                fields=["account_number"], condition=~Q(account_number=""), name="finance_taxpayer_account_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def identifier(self) -> str:
        """The identifier shown to people: PESEL for persons, NIP (else REGON) for businesses."""
        return self.pesel if self.kind != self.Kind.BUSINESS and self.pesel else (self.nip or self.regon or self.pesel)


class TaxpayerAccess(models.Model):
    """Which user account may see which taxpayer, and as whom.

    * ``own`` — the taxpayer is the user; ``company`` — a business the user represents by law (owner,
      board); ``representative`` — a proxy (pełnomocnik): all three see everything of the taxpayer;
    * ``spouse`` — the user's spouse: sees only the joint liability (łączne zobowiązanie pieniężne),
      see ``access.SPOUSE_KINDS``.
    """

    class Relation(models.TextChoices):
        OWN = "own", _("własne")
        SPOUSE = "spouse", _("małżonek")
        COMPANY = "company", _("firma")
        REPRESENTATIVE = "representative", _("pełnomocnik")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("konto"), on_delete=models.CASCADE, related_name="taxpayer_access"
    )
    taxpayer = models.ForeignKey(Taxpayer, verbose_name=_("podatnik"), on_delete=models.CASCADE, related_name="access")
    relation = models.CharField(_("relacja"), max_length=20, choices=Relation.choices, default=Relation.OWN)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    class Meta:
        verbose_name = _("dostęp do należności")
        verbose_name_plural = _("dostępy do należności")
        constraints = [models.UniqueConstraint(fields=["user", "taxpayer"], name="finance_access_user_taxpayer")]

    def __str__(self) -> str:
        return f"{self.user} → {self.taxpayer} ({self.get_relation_display()})"


class Liability(models.Model):
    """A liability for one year: a decision (property, agricultural, forest tax, the joint liability) or
    a declaration (vehicle tax, waste fee), a dog fee, a lease. ``total`` = the sum of its instalments."""

    class Kind(models.TextChoices):
        PROPERTY = "property", _("podatek od nieruchomości")
        AGRICULTURAL = "agricultural", _("podatek rolny")
        FOREST = "forest", _("podatek leśny")
        JOINT = "joint", _("łączne zobowiązanie pieniężne")
        VEHICLE = "vehicle", _("podatek od środków transportowych")
        WASTE = "waste", _("opłata za gospodarowanie odpadami komunalnymi")
        DOG = "dog", _("opłata od posiadania psów")
        LEASE = "lease", _("dzierżawa / najem")

    # db_index=False on this and three more foreign keys: a composite index starting with the column
    # serves its look-ups, and the ledger import fills one index less for each of a million rows.
    taxpayer = models.ForeignKey(
        Taxpayer, verbose_name=_("podatnik"), on_delete=models.PROTECT, related_name="liabilities", db_index=False
    )  # indexed by finance_liab_taxpayer_year (taxpayer, year)
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("rok"))
    legal_basis = models.CharField(_("podstawa (decyzja / deklaracja)"), max_length=100, blank=True)
    description = models.CharField(_("opis"), max_length=255, blank=True)
    total = MoneyField(_("kwota"), validators=[MinValueValidator(ZERO)])
    external_id = models.CharField(_("identyfikator w systemie finansowym"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    class Meta:
        verbose_name = _("zobowiązanie")
        verbose_name_plural = _("zobowiązania")
        ordering = ["-year", "kind", "pk"]
        indexes = [models.Index(fields=["taxpayer", "year"], name="finance_liab_taxpayer_year")]
        constraints = [_external_id_unique("liability")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.legal_basis or self.pk})"

    @property
    def kind_label(self) -> str:
        """The kind's name, cheaply: ``get_kind_display`` hashes every lazy label of the field's choices
        on each call (~10 gettext calls), which adds up on a page listing ten years of liabilities."""
        return self.Kind(self.kind).label if self.kind in self.Kind.values else self.kind


class Instalment(models.Model):
    """One instalment (rata). ``due_date`` is the legal term, already moved off a non-working day
    (Ordynacja podatkowa art. 12 § 5); interest runs from the day after it."""

    liability = models.ForeignKey(
        Liability, verbose_name=_("zobowiązanie"), on_delete=models.CASCADE, related_name="instalments", db_index=False
    )  # indexed by finance_instalment_number (liability, number)
    number = models.PositiveSmallIntegerField(_("numer raty"))
    due_date = models.DateField(_("termin płatności"))
    amount = MoneyField(_("kwota raty"), validators=[MinValueValidator(ZERO)])

    class Meta:
        verbose_name = _("rata")
        verbose_name_plural = _("raty")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["due_date"], name="finance_instalment_due")]
        constraints = [models.UniqueConstraint(fields=["liability", "number"], name="finance_instalment_number")]

    def __str__(self) -> str:
        return f"{self.liability} — rata {self.number} ({self.due_date:%d.%m.%Y})"


class Payment(models.Model):
    """Money received on the taxpayer's account (or at the cash desk, or online).

    ``bank_reference`` (the bank's transaction id) is unique per taxpayer, so a statement imported twice
    books nothing twice. What is not allocated to instalments is an overpayment (nadpłata).
    """

    class Channel(models.TextChoices):
        BANK = "bank", _("przelew")
        CASH = "cash", _("kasa")
        ONLINE = "online", _("płatność online")

    taxpayer = models.ForeignKey(
        Taxpayer, verbose_name=_("podatnik"), on_delete=models.PROTECT, related_name="payments", db_index=False
    )  # indexed by finance_payment_taxpayer_day (taxpayer, paid_on)
    paid_on = models.DateField(_("data wpłaty"))
    amount = MoneyField(_("kwota"), validators=[MinValueValidator(Decimal("0.01"))])
    channel = models.CharField(_("kanał"), max_length=10, choices=Channel.choices, default=Channel.BANK)
    bank_reference = models.CharField(_("referencja bankowa"), max_length=64, blank=True)
    title = models.CharField(_("tytuł"), max_length=255, blank=True)
    external_id = models.CharField(_("identyfikator w systemie finansowym"), max_length=64, blank=True)
    booked_at = models.DateTimeField(_("zaksięgowano"), null=True, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    class Meta:
        verbose_name = _("wpłata")
        verbose_name_plural = _("wpłaty")
        ordering = ["paid_on", "pk"]
        indexes = [models.Index(fields=["taxpayer", "paid_on"], name="finance_payment_taxpayer_day")]
        constraints = [
            _external_id_unique("payment"),
            models.UniqueConstraint(
                fields=["taxpayer", "bank_reference"],
                condition=~Q(bank_reference=""),
                name="finance_payment_reference_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on:%d.%m.%Y} {self.amount} zł ({self.get_channel_display()})"


class Allocation(models.Model):
    """The part of a payment that paid an instalment: ``principal`` (arrears) and ``interest``
    (late interest due on the payment day), art. 55 § 2 Ordynacji podatkowej."""

    payment = models.ForeignKey(
        Payment, verbose_name=_("wpłata"), on_delete=models.CASCADE, related_name="allocations", db_index=False
    )  # indexed by finance_allocation_once (payment, instalment)
    instalment = models.ForeignKey(
        Instalment, verbose_name=_("rata"), on_delete=models.PROTECT, related_name="allocations"
    )
    principal = MoneyField(_("na należność główną"), default=ZERO)
    interest = MoneyField(_("na odsetki"), default=ZERO)

    class Meta:
        verbose_name = _("zaliczenie wpłaty")
        verbose_name_plural = _("zaliczenia wpłat")
        constraints = [
            models.UniqueConstraint(fields=["payment", "instalment"], name="finance_allocation_once"),
            models.CheckConstraint(condition=Q(principal__gte=0, interest__gte=0), name="finance_allocation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.payment} → {self.instalment}: {self.principal} + {self.interest}"


class Reminder(models.Model):
    """An upomnienie: a formal reminder before enforcement, carrying a fee (16 zł by default,
    ``FINANCE_REMINDER_FEE``)."""

    taxpayer = models.ForeignKey(
        Taxpayer, verbose_name=_("podatnik"), on_delete=models.PROTECT, related_name="reminders"
    )
    instalments = models.ManyToManyField(Instalment, verbose_name=_("raty"), related_name="reminders")
    number = models.CharField(_("numer"), max_length=64, blank=True)
    issued_on = models.DateField(_("data wystawienia"))
    fee = MoneyField(_("koszty upomnienia"), default=Decimal("16.00"), validators=[MinValueValidator(ZERO)])
    fee_paid_on = models.DateField(_("koszty opłacono"), null=True, blank=True)
    external_id = models.CharField(_("identyfikator w systemie finansowym"), max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wystawił(a)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("upomnienie")
        verbose_name_plural = _("upomnienia")
        ordering = ["-issued_on", "pk"]
        constraints = [_external_id_unique("reminder")]

    def __str__(self) -> str:
        return f"{self.number or self.pk} ({self.issued_on:%d.%m.%Y})"


class ReminderFeeAllocation(models.Model):
    """The part of a payment that paid the costs of an upomnienie — before any arrears or interest
    (Ordynacja podatkowa art. 55 § 1; ``allocation.allocate_fees``)."""

    payment = models.ForeignKey(
        Payment, verbose_name=_("wpłata"), on_delete=models.CASCADE, related_name="fee_allocations"
    )
    reminder = models.ForeignKey(
        Reminder, verbose_name=_("upomnienie"), on_delete=models.PROTECT, related_name="fee_allocations"
    )
    amount = MoneyField(_("na koszty upomnienia"), validators=[MinValueValidator(ZERO)])

    class Meta:
        verbose_name = _("zaliczenie wpłaty na koszty upomnienia")
        verbose_name_plural = _("zaliczenia wpłat na koszty upomnień")
        constraints = [
            models.UniqueConstraint(fields=["payment", "reminder"], name="finance_fee_allocation_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_fee_allocation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.payment} → {self.reminder}: {self.amount}"


class ReminderPreference(models.Model):
    """How a person wants to hear about due dates (``reminders.send_due_reminders``): e-mail (on
    unless turned off) and SMS (off unless turned on, to ``phone``, +48 and nine digits)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.CASCADE,
        related_name="finance_reminder_preference",
    )
    email = models.BooleanField(_("przypomnienia e-mailem"), default=True)
    sms = models.BooleanField(_("przypomnienia SMS-em"), default=False)
    phone = models.CharField(_("numer telefonu komórkowego"), max_length=12, blank=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("powiadomienia o terminach płatności")
        verbose_name_plural = _("powiadomienia o terminach płatności")
        constraints = [
            models.CheckConstraint(condition=Q(sms=False) | ~Q(phone=""), name="finance_reminder_sms_needs_phone")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: e-mail {self.email}, SMS {self.sms}"


class InterestRate(models.Model):
    """The annual rate of late interest on tax arrears (stawka odsetek za zwłokę od zaległości
    podatkowych, art. 56 § 1 Ordynacji: 200 % of the NBP lombard rate + 2 points, at least 8 %) in
    force from ``valid_from`` until the next row. Maintained by the finance officer."""

    valid_from = models.DateField(_("obowiązuje od"), unique=True)
    annual_rate = models.DecimalField(
        _("stawka roczna (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    legal_basis = models.CharField(_("podstawa"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("stawka odsetek za zwłokę")
        verbose_name_plural = _("stawki odsetek za zwłokę")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.annual_rate} % od {self.valid_from:%d.%m.%Y}"


from .payments.models import *  # noqa: E402, F403 — online payments (sub-package, same app)
