"""The e-gradebook (dziennik elektroniczny) and the schools' pages.

Split by area: ``school.py`` (schools, years, terms, classes, people), ``grades.py`` (grades, term
and behaviour grades, attendance, the change history), ``timetable.py`` (bell schedule, lessons,
substitutions), ``pages.py`` (Wagtail pages of schools and their notices).
"""

from .grades import (
    Attendance,
    BehaviourGrade,
    EntryChange,
    Grade,
    GradeColumn,
    TermGrade,
)
from .pages import SchoolIndexPage, SchoolNoticePage, SchoolPage
from .school import (
    Guardianship,
    School,
    SchoolClass,
    SchoolStaff,
    SchoolYear,
    Student,
    Subject,
    TeachingAssignment,
    Term,
)
from .timetable import BellPeriod, Lesson, Substitution

__all__ = [
    "Attendance",
    "BehaviourGrade",
    "BellPeriod",
    "EntryChange",
    "Grade",
    "GradeColumn",
    "Guardianship",
    "Lesson",
    "School",
    "SchoolClass",
    "SchoolIndexPage",
    "SchoolNoticePage",
    "SchoolPage",
    "SchoolStaff",
    "SchoolYear",
    "Student",
    "Subject",
    "Substitution",
    "TeachingAssignment",
    "Term",
    "TermGrade",
]
