"""Schools, school years and terms, classes (oddziały), subjects, staff, students and guardians."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class School(models.Model):
    """A school unit of the gmina (``OrgUnit`` of type school) and its gradebook settings.

    ``plus_minus`` is what a ``+`` adds to (and a ``−`` takes from) a grade in weighted averages; the
    school's statute (statut szkoły) decides it, usually 0.25, 0.33 or 0.5.
    """

    unit = models.OneToOneField(
        "units.OrgUnit", verbose_name=_("jednostka"), on_delete=models.PROTECT, related_name="school"
    )
    plus_minus = models.DecimalField(
        _("wartość plusa i minusa"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.25"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.5"))],
        help_text=_("Ile dodaje „+” i odejmuje „−” przy liczeniu średniej ważonej, np. 0,25 lub 0,5."),
    )

    class Meta:
        verbose_name = _("szkoła")
        verbose_name_plural = _("szkoły")

    def __str__(self) -> str:
        return str(self.unit)


class SchoolStaff(models.Model):
    """A person working at a school: a teacher or the head (dyrektor), who sees the change history."""

    class Role(models.TextChoices):
        TEACHER = "teacher", _("nauczyciel")
        HEAD = "head", _("dyrektor")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_roles")
    role = models.CharField(_("rola"), max_length=10, choices=Role.choices, default=Role.TEACHER)

    class Meta:
        verbose_name = _("pracownik szkoły")
        verbose_name_plural = _("pracownicy szkół")
        constraints = [models.UniqueConstraint(fields=["school", "user", "role"], name="edu_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.school}"


class SchoolYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="years")
    name = models.CharField(_("rok szkolny"), max_length=9, help_text=_("np. 2025/2026"))
    starts_on = models.DateField(_("początek"))
    ends_on = models.DateField(_("koniec"))

    class Meta:
        verbose_name = _("rok szkolny")
        verbose_name_plural = _("lata szkolne")
        ordering = ["-starts_on"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="edu_year_unique")]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A semester (okres klasyfikacyjny); the second one ends with the year-end grades."""

    year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(_("semestr"), choices=[(1, _("I semestr")), (2, _("II semestr"))])
    starts_on = models.DateField(_("początek"))
    ends_on = models.DateField(_("koniec"))

    class Meta:
        verbose_name = _("semestr")
        verbose_name_plural = _("semestry")
        ordering = ["year", "number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="edu_term_unique")]

    def __str__(self) -> str:
        return f"{self.get_number_display()} {self.year}"

    def contains(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class Subject(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="subjects")
    name = models.CharField(_("przedmiot"), max_length=100)
    short = models.CharField(_("skrót"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("przedmiot")
        verbose_name_plural = _("przedmioty")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="edu_subject_unique")]

    def __str__(self) -> str:
        return self.name


class SchoolClass(models.Model):
    """An oddział (e.g. 4a) in one school year, with its form tutor (wychowawca)."""

    year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("oddział"), max_length=10)
    form_tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wychowawca"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tutored_classes",
    )

    class Meta:
        verbose_name = _("oddział")
        verbose_name_plural = _("oddziały")
        ordering = ["year", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="edu_class_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def school_id(self) -> int:
        return self.year.school_id


class TeachingAssignment(models.Model):
    """Who teaches which subject in which class: the only source of a teacher's right to enter grades."""

    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="assignments")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="assignments")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teaching")

    class Meta:
        verbose_name = _("przydział nauczyciela")
        verbose_name_plural = _("przydziały nauczycieli")
        constraints = [
            models.UniqueConstraint(fields=["school_class", "subject", "teacher"], name="edu_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.school_class} — {self.subject} — {self.teacher}"


class Student(models.Model):
    """A student in a class; ``user`` is the student's own account, guardians are linked by the school."""

    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("oddział"), on_delete=models.PROTECT, related_name="students"
    )
    first_name = models.CharField(_("imię"), max_length=60)
    last_name = models.CharField(_("nazwisko"), max_length=80)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="student_profile"
    )
    guardians = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Guardianship", related_name="wards", blank=True
    )

    class Meta:
        verbose_name = _("uczeń")
        verbose_name_plural = _("uczniowie")
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}"


class Guardianship(models.Model):
    """A parent or legal guardian (rodzic, opiekun prawny) of a student, with the right to see the gradebook."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardianships")
    guardian = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardianships")

    class Meta:
        verbose_name = _("opiekun ucznia")
        verbose_name_plural = _("opiekunowie uczniów")
        constraints = [models.UniqueConstraint(fields=["student", "guardian"], name="edu_guardian_unique")]
