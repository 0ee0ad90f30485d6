"""Forms of ``/dziennik/``: they only parse what was typed; the services decide what is valid, so a
rule lives in one place and its Polish message comes back onto the right field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Attendance, GradeColumn
from .scale import BEHAVIOUR_CHOICES, TERM_GRADE_CHOICES


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` (keyed by field names) onto the form."""
    for name, messages in exc.message_dict.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


def _student_label(student) -> str:
    return f"{student.last_name} {student.first_name}"


class GradeColumnForm(forms.Form):
    """A column of grades: what was assessed and one mark (and comment) per student of the class."""

    category = forms.ChoiceField(label=_("Kategoria"), choices=GradeColumn.Category.choices)
    weight = forms.CharField(
        label=_("Waga"), max_length=10, initial="1", help_text=_("Liczba większa od zera, np. 1, 2, 3 lub 0,5.")
    )
    date = forms.DateField(
        label=_("Data"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Podaj datę w formacie RRRR-MM-DD.")},
    )
    description = forms.CharField(
        label=_("Opis"), max_length=120, required=False, help_text=_("Np. „Sprawdzian — ułamki zwykłe”.")
    )

    def __init__(self, *args, students, grades=None, **kwargs):
        super().__init__(*args, **kwargs)
        grades = grades or {}
        self.students = students
        for student in students:
            grade = grades.get(student.pk)
            self.fields[f"mark_{student.pk}"] = forms.CharField(
                label=_("Ocena: %(name)s") % {"name": _student_label(student)},
                required=False,
                max_length=10,
                initial=grade.value if grade else "",
                widget=forms.TextInput(attrs={"size": 3, "autocomplete": "off", "inputmode": "text"}),
            )
            self.fields[f"comment_{student.pk}"] = forms.CharField(
                label=_("Komentarz: %(name)s") % {"name": _student_label(student)},
                required=False,
                max_length=200,
                initial=grade.comment if grade else "",
            )

    def student_rows(self):
        return [(s, self[f"mark_{s.pk}"], self[f"comment_{s.pk}"]) for s in self.students]

    def marks(self):
        from .services import Mark

        return {
            s.pk: Mark(self.cleaned_data.get(f"mark_{s.pk}", ""), self.cleaned_data.get(f"comment_{s.pk}", ""))
            for s in self.students
        }


class TermGradesForm(forms.Form):
    def __init__(self, *args, students, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.students = students
        choices = [("", "—")] + [(str(v), f"{v} ({label})") for v, label in TERM_GRADE_CHOICES]
        for student in students:
            self.fields[f"grade_{student.pk}"] = forms.ChoiceField(
                label=_student_label(student),
                choices=choices,
                required=False,
                initial=str(current[student.pk]) if student.pk in current else "",
            )

    def values(self):
        return {s.pk: self.data.get(f"grade_{s.pk}", "") for s in self.students}


class BehaviourForm(forms.Form):
    def __init__(self, *args, students, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.students = students
        for student in students:
            self.fields[f"behaviour_{student.pk}"] = forms.ChoiceField(
                label=_student_label(student),
                choices=[("", "—"), *BEHAVIOUR_CHOICES],
                required=False,
                initial=current.get(student.pk, ""),
            )

    def values(self):
        return {s.pk: self.data.get(f"behaviour_{s.pk}", "") for s in self.students}


class AttendanceForm(forms.Form):
    """One radio group per student; everyone starts as present, as in every Polish e-gradebook."""

    def __init__(self, *args, students, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.students = students
        for student in students:
            self.fields[f"status_{student.pk}"] = forms.ChoiceField(
                label=_student_label(student),
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                initial=current.get(student.pk, Attendance.Status.PRESENT),
                error_messages={
                    "required": _("Zaznacz obecność ucznia."),
                    "invalid_choice": _("Wybierz stan obecności z listy."),
                },
            )

    def statuses(self):
        return {s.pk: self.cleaned_data[f"status_{s.pk}"] for s in self.students}


class TimetableImportForm(forms.Form):
    file = forms.FileField(
        label=_("Plik XML z programu aSc Plan lekcji"), help_text=_("Eksport: Plik → Eksport → aSc XML. Najwyżej 5 MB.")
    )
    dry_run = forms.BooleanField(label=_("Tylko sprawdź plik, nic nie zapisuj"), required=False, initial=True)
