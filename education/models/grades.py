"""Grades, term and behaviour grades, attendance, and the change history required by §21 of the
regulation of 25 August 2017 on school documentation (who changed what, when, old → new)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..scale import BEHAVIOUR_CHOICES, TERM_GRADE_CHOICES


class GradeColumn(models.Model):
    """One assessment of a class in a subject (a test, a quiz …): a column of the grade grid."""

    class Category(models.TextChoices):
        TEST = "sprawdzian", _("sprawdzian")
        QUIZ = "kartkowka", _("kartkówka")
        ORAL = "odpowiedz", _("odpowiedź ustna")
        HOMEWORK = "praca_domowa", _("praca domowa")
        ACTIVITY = "aktywnosc", _("aktywność")
        PROJECT = "projekt", _("projekt")
        OTHER = "inne", _("inne")

    school_class = models.ForeignKey("education.SchoolClass", on_delete=models.CASCADE, related_name="columns")
    subject = models.ForeignKey("education.Subject", on_delete=models.PROTECT, related_name="columns")
    term = models.ForeignKey("education.Term", on_delete=models.PROTECT, related_name="columns")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("kategoria"), max_length=20, choices=Category.choices, default=Category.TEST)
    weight = models.DecimalField(_("waga"), max_digits=4, decimal_places=2, default=Decimal("1"))
    date = models.DateField(_("data"))
    description = models.CharField(_("opis"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("kolumna ocen")
        verbose_name_plural = _("kolumny ocen")
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(weight__gt=0), name="edu_column_weight_positive")]

    def __str__(self) -> str:
        return self.description or self.get_category_display()


class Grade(models.Model):
    """A student's mark in a column: ``1``…``6`` with ``+``/``-``, or ``np``, ``bz``, ``+``, ``-``."""

    column = models.ForeignKey(GradeColumn, on_delete=models.CASCADE, related_name="grades")
    student = models.ForeignKey("education.Student", on_delete=models.CASCADE, related_name="grades")
    value = models.CharField(_("ocena"), max_length=3)
    comment = models.CharField(_("komentarz"), max_length=200, blank=True)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ocena")
        verbose_name_plural = _("oceny")
        constraints = [models.UniqueConstraint(fields=["column", "student"], name="edu_grade_unique")]

    def __str__(self) -> str:
        return self.value


class TermGrade(models.Model):
    """A proposed or final grade for a term or for the year (ocena śródroczna / roczna), 1–6."""

    class Period(models.TextChoices):
        TERM = "term", _("śródroczna")
        YEAR = "year", _("roczna")

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("przewidywana")
        FINAL = "final", _("ostateczna")

    student = models.ForeignKey("education.Student", on_delete=models.CASCADE, related_name="term_grades")
    subject = models.ForeignKey("education.Subject", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("education.Term", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=4, choices=Period.choices, default=Period.TERM)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    value = models.PositiveSmallIntegerField(_("ocena"), choices=TERM_GRADE_CHOICES)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ocena okresowa")
        verbose_name_plural = _("oceny okresowe")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "term", "period", "kind"], name="edu_termgrade_unique"
            )
        ]


class BehaviourGrade(models.Model):
    """The behaviour grade (ocena zachowania), set by the form tutor."""

    student = models.ForeignKey("education.Student", on_delete=models.CASCADE, related_name="behaviour_grades")
    term = models.ForeignKey("education.Term", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=4, choices=TermGrade.Period.choices, default=TermGrade.Period.TERM)
    kind = models.CharField(max_length=8, choices=TermGrade.Kind.choices)
    value = models.CharField(_("zachowanie"), max_length=16, choices=BEHAVIOUR_CHOICES)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ocena zachowania")
        verbose_name_plural = _("oceny zachowania")
        constraints = [
            models.UniqueConstraint(fields=["student", "term", "period", "kind"], name="edu_behaviour_unique")
        ]


class Attendance(models.Model):
    """A student's presence at one lesson (a date and a period number of the bell schedule)."""

    class Status(models.TextChoices):
        PRESENT = "ob", _("obecny")
        ABSENT = "nb", _("nieobecny nieusprawiedliwiony")
        EXCUSED = "u", _("nieobecny usprawiedliwiony")
        LATE = "sp", _("spóźniony")
        RELEASED = "zw", _("zwolniony")
        SCHOOL = "ns", _("nieobecny z przyczyn szkolnych")

    student = models.ForeignKey("education.Student", on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField(_("data"))
    period = models.PositiveSmallIntegerField(_("lekcja"))
    subject = models.ForeignKey("education.Subject", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("frekwencja"), max_length=2, choices=Status.choices)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wpis frekwencji")
        verbose_name_plural = _("frekwencja")
        constraints = [models.UniqueConstraint(fields=["student", "date", "period"], name="edu_attendance_unique")]


class EntryChange(models.Model):
    """One change to a grade or attendance entry (also its creation and deletion), never edited."""

    class Kind(models.TextChoices):
        GRADE = "grade", _("ocena")
        TERM_GRADE = "term_grade", _("ocena okresowa")
        BEHAVIOUR = "behaviour", _("zachowanie")
        ATTENDANCE = "attendance", _("frekwencja")

    school = models.ForeignKey("education.School", on_delete=models.CASCADE, related_name="changes")
    student = models.ForeignKey("education.Student", on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("rodzaj"), max_length=12, choices=Kind.choices)
    what = models.CharField(_("wpis"), max_length=200)
    old_value = models.CharField(_("było"), max_length=40, blank=True)
    new_value = models.CharField(_("jest"), max_length=40, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("kiedy"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("zmiana w dzienniku")
        verbose_name_plural = _("historia zmian w dzienniku")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["school", "-changed_at"], name="edu_change_school_idx")]
