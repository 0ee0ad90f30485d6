"""The BIP change register (rejestr zmian), kept apart from Wagtail's revisions.

The act on access to public information (art. 8 ust. 3) and the BIP regulation require a register of
every change of a piece of published information: when, by whom, and what changed. Wagtail's revisions
can be purged (``purge_revisions``) and disappear with their page, so the register copies what it
shows (the person's name, the note, the page title) into its own rows at publication, and those rows
are append-only.

Decisions:

* ``page`` is ``SET_NULL`` and ``page_ref`` keeps the page id as a plain number: deleting a page must
  stay possible in the admin (``PROTECT`` would break Wagtail's delete view), and the register of the
  deleted page stays readable at the same address, ``/bip/rejestr-zmian/<page_ref>/``.
* ``revision_id`` is a plain unique number, not a foreign key, for the same reason; its uniqueness
  makes recording a publication idempotent.
* Rows are never changed or removed: ``save()`` refuses updates, ``delete()`` and the manager's
  ``update()``/``delete()`` refuse, and the model is not editable in the admin. Only Django's own
  ``SET_NULL`` (through the base manager) may clear ``page`` when the page is deleted.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableRecordError(Exception):
    """Raised on any attempt to change or remove an entry of the change register."""


class BipChangeRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError("The BIP change register is append-only.")

    def delete(self):
        raise ImmutableRecordError("The BIP change register is append-only.")


class BipChangeRecord(models.Model):
    """One publication of a page: when, who made the change, and the editor's note."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("strona"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bip_change_records",
    )
    page_ref = models.PositiveBigIntegerField(_("identyfikator strony"), db_index=True)
    page_title = models.CharField(_("tytuł strony"), max_length=255)
    revision_id = models.PositiveBigIntegerField(_("identyfikator wersji"), unique=True)
    published_at = models.DateTimeField(_("data publikacji"))
    user_name = models.CharField(_("zmiany dokonał(a)"), max_length=255, blank=True)
    change_note = models.CharField(_("opis zmiany"), max_length=300, blank=True)
    in_bip = models.BooleanField(_("strona BIP w chwili publikacji"), default=True)
    recorded_at = models.DateTimeField(_("zapisano"), auto_now_add=True)

    objects = BipChangeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("wpis rejestru zmian")
        verbose_name_plural = _("rejestr zmian BIP")
        ordering = ["page_ref", "published_at", "id"]
        indexes = [models.Index(fields=["page_ref", "published_at"], name="bip_record_page_time")]

    def __str__(self) -> str:
        return f"{self.page_title} ({self.published_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError("The BIP change register is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("The BIP change register is append-only.")
