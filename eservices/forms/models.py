"""Application forms (formularze wniosków), residents' drafts and stored submissions.

A ``Submission`` keeps a deep copy of the form definition it was made with (``form_snapshot``): an
editor may reword or reorder the form later, and what the resident saw and signed must not change.
Until the cases module exists a submission is the end of the road: it carries the reference number
``<unit code>-WN-<number>/<year>`` given to the resident.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from .blocks import ApplicationFieldsBlock


class ApplicationForm(models.Model):
    """The online form of one service card; ``live`` off takes it offline without deleting it."""

    service = models.OneToOneField(
        "catalogue.ServicePage", verbose_name=_("usługa"), on_delete=models.CASCADE, related_name="application_form"
    )
    title = models.CharField(_("tytuł wniosku"), max_length=200)
    intro = models.TextField(_("wstęp"), blank=True)
    first_step_title = models.CharField(_("tytuł pierwszego kroku"), max_length=200, default=_("Twoje dane"))
    fields = StreamField(ApplicationFieldsBlock(), verbose_name=_("pola formularza"), blank=True)
    declaration = models.CharField(
        _("oświadczenie przed wysłaniem"),
        max_length=500,
        default=_("Oświadczam, że dane podane we wniosku są zgodne z prawdą."),
    )
    live = models.BooleanField(_("formularz dostępny"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("service"),
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("first_step_title"),
        FieldPanel("fields"),
        FieldPanel("declaration"),
        FieldPanel("live"),
    ]

    class Meta:
        verbose_name = _("formularz wniosku")
        verbose_name_plural = _("formularze wniosków")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


def _new_token() -> str:
    return uuid.uuid4().hex


class Draft(models.Model):
    """A resident's unfinished application, saved at every step; ``current_step`` is the first incomplete one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="eform_drafts")
    form = models.ForeignKey(ApplicationForm, on_delete=models.CASCADE, related_name="drafts")
    answers = models.JSONField(default=dict, blank=True)
    files = models.JSONField(default=dict, blank=True)  # name -> {path, name, size, sha256}
    current_step = models.PositiveSmallIntegerField(default=1)
    # One submission per draft: a double click finds the draft already consumed.
    submission_token = models.CharField(max_length=32, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("wniosek roboczy")
        verbose_name_plural = _("wnioski robocze")
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["user", "form"], name="eforms_draft_one_per_form")]

    def __str__(self) -> str:
        return f"{self.form} ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class Submission(models.Model):
    """A submitted application with the answers, the files (SHA-256) and the form as it was."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="eform_submissions", verbose_name=_("osoba")
    )
    service = models.ForeignKey(
        "catalogue.ServicePage", on_delete=models.PROTECT, related_name="+", verbose_name=_("usługa")
    )
    form = models.ForeignKey(ApplicationForm, null=True, on_delete=models.SET_NULL, related_name="submissions")
    answers = models.JSONField(_("odpowiedzi"), default=dict)
    files = models.JSONField(_("załączniki"), default=dict)
    form_snapshot = models.JSONField(_("formularz w chwili złożenia"))
    unit_code = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    reference = models.CharField(_("numer wniosku"), max_length=60, unique=True)
    token = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("złożono"), default=timezone.now)

    class Meta:
        verbose_name = _("złożony wniosek")
        verbose_name_plural = _("złożone wnioski")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit_code", "year", "number"], name="eforms_submission_number_unique")
        ]

    def __str__(self) -> str:
        return self.reference
