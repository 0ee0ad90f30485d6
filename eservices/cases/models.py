"""Cases (sprawy): a submitted application with its reference, workflow, timeline and documents.

A ``Case`` keeps everything it needs on its own row (answers, the form as it was, file hashes and a
snapshot of the applicant), so it survives a change of the form, the service card or the account.
Its timeline (``CaseEvent``) is append-only: the model refuses to update or delete an event; the one
sanctioned rewrite is :meth:`CaseEventQuerySet.redact` used by anonymisation.

Writes go through ``services``; reads through ``selectors``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import case_storage
from .workflow import FINAL_STATUSES, SUSPENDED_STATUSES, Status


class CaseWorker(models.Model):
    """Which member of staff works in which unit, and as what.

    * ``clerk`` (urzędnik) handles the cases of the unit: sees all of them, takes unassigned ones,
      acts on the ones assigned to them;
    * ``head`` (kierownik) sees and acts on every case of the unit and assigns them to its clerks;
    * ``secretary`` (sekretariat / kancelaria) registers counter applications and routes any case to
      another unit; sees every case of every unit.

    A person may work in several units (one row per unit). Superusers see everything.
    """

    class Role(models.TextChoices):
        CLERK = "clerk", _("urzędnik")
        HEAD = "head", _("kierownik jednostki")
        SECRETARY = "secretary", _("sekretariat")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pracownik"), on_delete=models.CASCADE, related_name="case_roles"
    )
    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name=_("jednostka"), on_delete=models.CASCADE, related_name="case_workers"
    )
    role = models.CharField(_("rola"), max_length=20, choices=Role.choices, default=Role.CLERK)

    class Meta:
        verbose_name = _("pracownik prowadzący sprawy")
        verbose_name_plural = _("pracownicy prowadzący sprawy")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="cases_worker_one_role_per_unit")]

    def __str__(self) -> str:
        return f"{self.user} — {self.unit} ({self.get_role_display()})"


class CaseCounter(models.Model):
    """The last number given per unit, JRWA symbol and year.

    The row is locked (``SELECT … FOR UPDATE``) in the transaction that creates the case, so numbers
    are gapless and unique under concurrency: a rolled-back case rolls its number back too.
    """

    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+")
    symbol = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "symbol", "year"], name="cases_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}.{self.symbol}.{self.year}: {self.last_number}"


class Case(models.Model):
    """A case (sprawa) with its reference ``<unit code>.<JRWA symbol>.<number>.<year>`` (znak sprawy).

    Deadline (KPA art. 35): ``due_date`` = the day of receipt + ``handling_months`` calendar months
    + ``suspended_days_total``, moved to the next working day (art. 57 § 4). While the case awaits a
    supplement (``suspended_since`` set) the clock is stopped: it is neither overdue nor due soon, and
    the days are added to ``suspended_days_total`` when it resumes.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("formularz na stronie")
        COUNTER = "counter", _("w urzędzie (papierowo)")
        EPUAP = "epuap", _("ePUAP")

    reference = models.CharField(_("znak sprawy"), max_length=60, unique=True)
    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name=_("jednostka"), on_delete=models.PROTECT, related_name="cases"
    )
    jrwa_symbol = models.CharField(_("symbol JRWA"), max_length=4)
    number = models.PositiveIntegerField(_("numer"))
    year = models.PositiveSmallIntegerField(_("rok"))
    service = models.ForeignKey(
        "catalogue.ServicePage",
        verbose_name=_("usługa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    title = models.CharField(_("tytuł sprawy"), max_length=255)
    submission = models.OneToOneField(
        "eforms.Submission",
        verbose_name=_("wniosek"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    channel = models.CharField(_("kanał"), max_length=10, choices=Channel.choices, default=Channel.WEB)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wnioskodawca (konto)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    applicant_name = models.CharField(_("wnioskodawca"), max_length=200)
    applicant_email = models.EmailField(_("e-mail wnioskodawcy"), blank=True)
    applicant_phone = models.CharField(_("telefon wnioskodawcy"), max_length=25, blank=True)
    applicant_pesel = models.CharField(_("PESEL wnioskodawcy"), max_length=11, blank=True)
    applicant_address = models.TextField(_("adres wnioskodawcy"), blank=True)

    answers = models.JSONField(_("odpowiedzi"), default=dict, blank=True)
    form_snapshot = models.JSONField(_("formularz w chwili złożenia"), default=dict, blank=True)
    files = models.JSONField(_("załączniki wniosku"), default=dict, blank=True)  # name -> {path,name,size,sha256}

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prowadzący"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("przyjął(ęła) w urzędzie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    received_at = models.DateTimeField(_("wpłynęła"), default=timezone.now)
    registered_at = models.DateTimeField(_("zarejestrowana"), null=True, blank=True)
    handling_months = models.PositiveSmallIntegerField(_("termin (miesiące)"), default=1)
    due_date = models.DateField(_("termin załatwienia"))
    suspended_since = models.DateField(_("wstrzymana od"), null=True, blank=True)
    suspended_days_total = models.PositiveIntegerField(_("dni wstrzymania"), default=0)
    closed_at = models.DateTimeField(_("zamknięta"), null=True, blank=True)
    verification_code = models.CharField(_("kod weryfikacyjny"), max_length=20, unique=True)
    anonymised_at = models.DateTimeField(_("zanonimizowana"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sprawa")
        verbose_name_plural = _("sprawy")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "jrwa_symbol", "year", "number"], name="cases_case_number_unique")
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"], name="cases_unit_status_due"),
            models.Index(fields=["applicant", "-received_at"], name="cases_applicant_received"),
            models.Index(fields=["assigned_to", "status"], name="cases_assigned_status"),
            models.Index(fields=["status", "due_date"], name="cases_status_due"),
            models.Index(fields=["service", "received_at"], name="cases_service_received"),
            # the back office's list: newest first, the id as tiebreak (all units; one unit)
            models.Index(fields=["-received_at", "-id"], name="cases_received"),
            models.Index(fields=["unit", "-received_at", "-id"], name="cases_unit_received"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def is_suspended(self) -> bool:
        return self.status in SUSPENDED_STATUSES

    def effective_due_date(self, *, today: dt.date | None = None) -> dt.date:
        """The due date as it stands today: a stopped clock pushes it by the days stopped so far."""
        from .deadlines import shift_to_working_day

        if self.suspended_since is None:
            return self.due_date
        today = today or timezone.localdate()
        return shift_to_working_day(self.due_date + dt.timedelta(days=max((today - self.suspended_since).days, 0)))

    def is_overdue(self, *, today: dt.date | None = None) -> bool:
        if self.is_final or self.is_suspended:
            return False
        return self.due_date < (today or timezone.localdate())

    def is_due_soon(self, *, today: dt.date | None = None) -> bool:
        from .deadlines import working_days_between

        if self.is_final or self.is_suspended:
            return False
        today = today or timezone.localdate()
        return today <= self.due_date and working_days_between(today, self.due_date) <= settings_due_soon_days()


def settings_due_soon_days() -> int:
    return int(getattr(settings, "RATUSZ_CASES_DUE_SOON_WORKING_DAYS", 3))


class CaseEventQuerySet(models.QuerySet):
    """Events are never edited or deleted; ``update``/``delete`` refuse (anonymisation uses ``redact``)."""

    def update(self, **kwargs):
        raise TypeError("case events are append-only")

    def delete(self):
        raise TypeError("case events are append-only")

    def redact(self) -> int:
        """Blank the free text of these events (anonymisation); who, when and what stays."""
        return super().update(comment="", data={})


class CaseEvent(models.Model):
    """One entry of a case's timeline: who did what, when, with a comment. Append-only.

    ``internal`` events (notes, and anything the clerk marks internal) are never shown to the
    applicant. A message's attachments are ``CaseDocument`` rows pointing at the event.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("wniosek złożony")
        REGISTERED = "registered", _("zarejestrowano")
        STATUS = "status", _("zmiana statusu")
        ASSIGNED = "assigned", _("przydzielono")
        ROUTED = "routed", _("przekazano do innej jednostki")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("wezwanie do uzupełnienia")
        SUPPLEMENT_RECEIVED = "supplement_received", _("uzupełnienie")
        MESSAGE = "message", _("wiadomość")
        NOTE = "note", _("notatka wewnętrzna")
        DOCUMENT = "document", _("dokument")
        DECISION = "decision", _("rozstrzygnięcie")
        WITHDRAWN = "withdrawn", _("wycofanie wniosku")
        ANONYMISED = "anonymised", _("anonimizacja")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("rodzaj"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_applicant = models.BooleanField(_("od wnioskodawcy"), default=False)
    comment = models.TextField(_("komentarz"), blank=True)
    internal = models.BooleanField(_("wewnętrzne"), default=False)
    status_from = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=Status.choices, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("kiedy"), default=timezone.now)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("zdarzenie w sprawie")
        verbose_name_plural = _("historia sprawy")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="cases_event_case_created")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("case events are append-only")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("case events are append-only")


def _document_path(instance: CaseDocument, filename: str) -> str:
    return f"{instance.case_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class CaseDocument(models.Model):
    """A file of the case: the receipt, a decision or reply, an attachment of a message, a supplement.

    Stored in the private case storage (``storage.case_storage``) and served only by the download
    views after a permission check, with ``Content-Disposition: attachment``.
    """

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("potwierdzenie złożenia (UPO)")
        DECISION = "decision", _("decyzja")
        REPLY = "reply", _("odpowiedź / pismo")
        ATTACHMENT = "attachment", _("załącznik")
        SUPPLEMENT = "supplement", _("uzupełnienie wnioskodawcy")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("plik"), storage=case_storage, upload_to=_document_path, max_length=300)
    name = models.CharField(_("nazwa"), max_length=255)
    content_type = models.CharField(max_length=100, default="application/octet-stream")
    size = models.PositiveBigIntegerField(_("rozmiar (bajty)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    visible_to_applicant = models.BooleanField(_("widoczny dla wnioskodawcy"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dodano"), default=timezone.now)

    class Meta:
        verbose_name = _("dokument sprawy")
        verbose_name_plural = _("dokumenty sprawy")
        ordering = ["created_at", "id"]
        constraints = [
            # One receipt per case, whatever retries of the receipt task do.
            models.UniqueConstraint(fields=["case"], condition=Q(kind="receipt"), name="cases_one_receipt_per_case")
        ]

    def __str__(self) -> str:
        return self.name


class SupplementRequest(models.Model):
    """A call to supply missing documents or information (KPA art. 64 § 2), 7 days by default."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="supplement_requests")
    event = models.OneToOneField(CaseEvent, on_delete=models.PROTECT, related_name="supplement_request")
    text = models.TextField(_("czego brakuje"))
    deadline = models.DateField(_("termin uzupełnienia"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(_("uzupełniono"), null=True, blank=True)
    answer_event = models.OneToOneField(
        CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="answered_request"
    )
    closed_at = models.DateTimeField(_("zamknięto bez odpowiedzi"), null=True, blank=True)

    class Meta:
        verbose_name = _("wezwanie do uzupełnienia")
        verbose_name_plural = _("wezwania do uzupełnienia")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.deadline}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.closed_at is None


from .models_stats import *  # noqa: E402, F401, F403 — statistics and retention (aggregates, runs)
