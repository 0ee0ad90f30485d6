"""The timetable: bell schedule, weekly lessons and dated substitutions or cancellations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [(1, _("poniedziałek")), (2, _("wtorek")), (3, _("środa")), (4, _("czwartek")), (5, _("piątek"))]


class BellPeriod(models.Model):
    school = models.ForeignKey("education.School", on_delete=models.CASCADE, related_name="bell_periods")
    number = models.PositiveSmallIntegerField(_("lekcja"))
    starts_at = models.TimeField(_("początek"))
    ends_at = models.TimeField(_("koniec"))

    class Meta:
        verbose_name = _("godzina lekcyjna")
        verbose_name_plural = _("dzwonki")
        ordering = ["school", "number"]
        constraints = [models.UniqueConstraint(fields=["school", "number"], name="edu_bell_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Lesson(models.Model):
    """A weekly lesson of the timetable; ``asc_id`` is the card's lesson id in the aSc export."""

    school_class = models.ForeignKey("education.SchoolClass", on_delete=models.CASCADE, related_name="lessons")
    subject = models.ForeignKey("education.Subject", on_delete=models.PROTECT, related_name="lessons")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lessons")
    room = models.CharField(_("sala"), max_length=30, blank=True)
    weekday = models.PositiveSmallIntegerField(_("dzień"), choices=WEEKDAYS)
    period = models.PositiveSmallIntegerField(_("lekcja"))
    asc_id = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("lekcja w planie")
        verbose_name_plural = _("plan lekcji")
        ordering = ["weekday", "period"]
        constraints = [
            models.UniqueConstraint(fields=["school_class", "weekday", "period"], name="edu_lesson_class_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} {self.get_weekday_display()} {self.period}: {self.subject}"


class Substitution(models.Model):
    """A change to one lesson on one date: another teacher or room (zastępstwo), or no lesson at all."""

    class Kind(models.TextChoices):
        SUBSTITUTION = "substitution", _("zastępstwo")
        CANCELLED = "cancelled", _("lekcja odwołana")

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="substitutions")
    date = models.DateField(_("data"))
    kind = models.CharField(_("rodzaj"), max_length=12, choices=Kind.choices)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nauczyciel zastępujący"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substitutions",
    )
    room = models.CharField(_("sala"), max_length=30, blank=True)
    note = models.CharField(_("uwagi"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("zastępstwo")
        verbose_name_plural = _("zastępstwa")
        constraints = [models.UniqueConstraint(fields=["lesson", "date"], name="edu_substitution_unique")]
