"""XML export of a class's gradebook for a term (regulation of 25 Aug 2017 §21: the e-gradebook
must allow exporting its data in XML). The schema is ``schema/dziennik-1.xsd`` and docs/education.md;
the namespace ``urn:ratusz:dziennik:1`` changes only with an incompatible change."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from lxml import etree

from .models import Attendance, BehaviourGrade, Grade, SchoolClass, Student, TeachingAssignment, Term, TermGrade
from .selectors import attendance_percentage

NS = "urn:ratusz:dziennik:1"


def _el(parent, tag: str, **attrs):
    return etree.SubElement(
        parent, f"{{{NS}}}{tag}", {k.replace("_", "-"): str(v) for k, v in attrs.items() if v != ""}
    )


def class_export_xml(*, school_class: SchoolClass, term: Term) -> bytes:
    """The class's students with every grade, term and behaviour grade and attendance entry of the term."""
    school = school_class.year.school
    root = etree.Element(f"{{{NS}}}dziennik", nsmap={None: NS})
    root.set("szkola", school.unit.name)
    root.set("symbol", school.unit.code)
    root.set("oddzial", school_class.name)
    root.set("rok-szkolny", school_class.year.name)
    root.set("semestr", str(term.number))
    root.set("od", term.starts_on.isoformat())
    root.set("do", term.ends_on.isoformat())
    root.set("wygenerowano", timezone.now().isoformat(timespec="seconds"))
    if school_class.form_tutor:
        root.set("wychowawca", school_class.form_tutor.get_full_name())

    subjects = _el(root, "przedmioty")
    for a in (
        TeachingAssignment.objects.filter(school_class=school_class)
        .select_related("subject", "teacher")
        .order_by("subject__name")
    ):
        _el(subjects, "przedmiot", id=a.subject_id, nazwa=a.subject.name, nauczyciel=a.teacher.get_full_name())

    grades, term_grades, behaviour, attendance = (defaultdict(list) for _ in range(4))
    for g in (
        Grade.objects.filter(column__school_class=school_class, column__term=term)
        .select_related("column", "teacher")
        .order_by("column__date", "column_id")
    ):
        grades[g.student_id].append(g)
    for tg in TermGrade.objects.filter(student__school_class=school_class, term=term).order_by("subject_id"):
        term_grades[tg.student_id].append(tg)
    for b in BehaviourGrade.objects.filter(student__school_class=school_class, term=term):
        behaviour[b.student_id].append(b)
    for a in Attendance.objects.filter(
        student__school_class=school_class, date__range=(term.starts_on, term.ends_on)
    ).order_by("date", "period"):
        attendance[a.student_id].append(a)

    students = _el(root, "uczniowie")
    for student in Student.objects.filter(school_class=school_class):
        el = _el(students, "uczen", id=student.pk, imie=student.first_name, nazwisko=student.last_name)
        section = _el(el, "oceny")
        for g in grades[student.pk]:
            c = g.column
            _el(
                section,
                "ocena",
                przedmiot=c.subject_id,
                wartosc=g.value,
                waga=c.weight,
                kategoria=c.category,
                data=c.date.isoformat(),
                opis=c.description,
                komentarz=g.comment,
                nauczyciel=g.teacher.get_full_name(),
            )
        section = _el(el, "oceny-okresowe")
        for tg in term_grades[student.pk]:
            _el(section, "ocena", przedmiot=tg.subject_id, okres=tg.period, rodzaj=tg.kind, wartosc=tg.value)
        section = _el(el, "zachowanie")
        for b in behaviour[student.pk]:
            _el(section, "ocena", okres=b.period, rodzaj=b.kind, wartosc=b.value)
        counts = defaultdict(int)
        for a in attendance[student.pk]:
            counts[a.status] += 1
        percentage = attendance_percentage(counts)
        section = _el(el, "frekwencja", procent=percentage if percentage is not None else "")
        for a in attendance[student.pk]:
            _el(
                section, "wpis", data=a.date.isoformat(), lekcja=a.period, przedmiot=a.subject_id or "", status=a.status
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
