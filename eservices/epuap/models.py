"""What the ePUAP gateway remembers: inbound documents, outbound dispatches, SAML requests.

``InboundDocument`` is the idempotency record of the pull: one row per ePUAP document id, written in
the same transaction as the case it opens, *before* the mailbox is told the document was received
(``potwierdzOdebranie``). A worker that dies in between finds the row on the next pull and only
confirms. A document that cannot be turned into a case is kept here with the reason (the admin's
"nieprzypisane" queue), never dropped.

``OutboundDispatch`` is one document sent from a case to an ePUAP mailbox, with its attempts, the
last error (shown to the clerk) and the receipts (UPP on sending, UPD on delivery) as case documents.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InboundDocument(models.Model):
    """A document pulled from one of the units' ePUAP mailboxes (skrytka)."""

    class Status(models.TextChoices):
        CASE = "case", _("sprawa założona")
        RECEIPT = "receipt", _("poświadczenie doręczenia (UPD)")
        UNASSIGNED = "unassigned", _("nieprzypisany")
        RESOLVED = "resolved", _("rozpatrzony ręcznie")

    epuap_id = models.CharField(_("identyfikator dokumentu ePUAP"), max_length=120, unique=True)
    mailbox = models.CharField(_("skrytka"), max_length=120)
    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name=_("jednostka"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("stan"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("powód"), blank=True)
    template = models.CharField(_("wzór dokumentu"), max_length=200, blank=True)
    sender_name = models.CharField(_("nadawca"), max_length=255, blank=True)
    sender_identifier = models.CharField(_("PESEL / NIP nadawcy"), max_length=20, blank=True)
    reply_address = models.CharField(_("adres odpowiedzi"), max_length=200, blank=True)
    signer = models.CharField(_("podpisał(a)"), max_length=255, blank=True)
    file_name = models.CharField(_("nazwa pliku"), max_length=255, blank=True)
    xml = models.BinaryField(_("oryginalny dokument"))
    size = models.PositiveIntegerField(_("rozmiar (bajty)"), default=0)
    sent_at = models.DateTimeField(_("nadano"), null=True, blank=True)
    received_at = models.DateTimeField(_("pobrano"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("potwierdzono odbiór"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("sprawa"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dokument przychodzący ePUAP")
        verbose_name_plural = _("dokumenty przychodzące ePUAP")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "-received_at"], name="epuap_inbound_status")]

    def __str__(self) -> str:
        return f"{self.epuap_id} ({self.get_status_display()})"


class MailboxState(models.Model):
    """The last pull of one mailbox: when, how many waiting, and the last error (shown in the admin)."""

    address = models.CharField(_("skrytka"), max_length=120, unique=True)
    last_pull_at = models.DateTimeField(_("ostatnie pobieranie"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("ostatnie udane pobieranie"), null=True, blank=True)
    last_error = models.TextField(_("ostatni błąd"), blank=True)
    fetched_total = models.PositiveIntegerField(_("pobrano łącznie"), default=0)

    class Meta:
        verbose_name = _("stan skrytki ePUAP")
        verbose_name_plural = _("stany skrytek ePUAP")
        ordering = ["address"]

    def __str__(self) -> str:
        return self.address


class OutboundDispatch(models.Model):
    """A case document sent through ePUAP: ``nadaj`` (with UPP) or ``dorecz`` (UPP, later UPD)."""

    class Method(models.TextChoices):
        SEND = "nadaj", _("nadanie (UPP)")
        DELIVER = "dorecz", _("doręczenie za poświadczeniem (UPD)")

    class Status(models.TextChoices):
        PENDING = "pending", _("oczekuje na wysłanie")
        SENT = "sent", _("wysłano (UPP)")
        DELIVERED = "delivered", _("doręczono (UPD)")
        FAILED = "failed", _("nie wysłano")

    case = models.ForeignKey("cases.Case", verbose_name=_("sprawa"), on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "cases.CaseDocument", verbose_name=_("dokument"), on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(_("adres skrytki odbiorcy"), max_length=200)
    sender_mailbox = models.CharField(_("skrytka nadawcy"), max_length=120)
    method = models.CharField(_("sposób"), max_length=10, choices=Method.choices, default=Method.SEND)
    title = models.CharField(_("tytuł"), max_length=255)
    status = models.CharField(_("stan"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("próby"), default=0)
    last_error = models.TextField(_("ostatni błąd"), blank=True)
    epuap_document_id = models.CharField(max_length=120, blank=True)
    upp_number = models.CharField(_("identyfikator UPP"), max_length=120, blank=True)
    order_id = models.CharField(_("identyfikator zlecenia doręczenia"), max_length=120, blank=True, db_index=True)
    upp = models.ForeignKey(
        "cases.CaseDocument", verbose_name=_("UPP"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    upd = models.ForeignKey(
        "cases.CaseDocument", verbose_name=_("UPD"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("wysłano"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("doręczono"), null=True, blank=True)

    class Meta:
        verbose_name = _("wysyłka ePUAP")
        verbose_name_plural = _("wysyłki ePUAP")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.recipient} ({self.get_status_display()})"


class SamlRequest(models.Model):
    """An AuthnRequest sent to login.gov.pl; consumed once (a replayed artifact or response is refused)."""

    request_id = models.CharField(max_length=80, unique=True)
    next_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    consumed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.request_id
