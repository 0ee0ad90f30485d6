"""Who on the staff viewed, exported or changed whose personal data (GDPR art. 5(2) accountability).

One row per access, written by ``services.access_log_record`` from the back-office views that show a
person's data (a case, a taxpayer's balance, a resident's profile, a child's grades) and from every
export. Read by the data protection officer in the admin (*Ustawienia → Rejestr dostępu*); nobody
edits or deletes rows there.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("wyświetlenie")
        EXPORT = "export", _("eksport")
        CHANGE = "change", _("zmiana")

    class Subject(models.TextChoices):
        CASE = "case", _("sprawa")
        TAXPAYER = "taxpayer", _("podatnik — należności")
        RESIDENT = "resident", _("konto mieszkańca")
        STUDENT = "student", _("uczeń — dziennik")
        SCHOOL_CLASS = "class", _("oddział — dziennik")
        LEDGER = "ledger", _("księga należności — import")

    at = models.DateTimeField(_("kiedy"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pracownik"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_email = models.CharField(_("e-mail pracownika"), max_length=254)  # kept if the account is deleted
    action = models.CharField(_("czynność"), max_length=10, choices=Action.choices)
    subject_type = models.CharField(_("rodzaj danych"), max_length=40, choices=Subject.choices)
    subject_id = models.CharField(_("identyfikator"), max_length=64)
    subject_label = models.CharField(_("czyje dane"), max_length=200)
    path = models.CharField(_("adres"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("wpis rejestru dostępu")
        verbose_name_plural = _("rejestr dostępu do danych osobowych")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_email} {self.get_action_display()} {self.subject_label}"
