from django.urls import path

from . import views, views_school, views_teacher

app_name = "education"

urlpatterns = [
    path("", views.home, name="home"),
    path("uczen/<int:pk>/", views.student_overview, name="student"),
    path("uczen/<int:pk>/frekwencja/", views.student_attendance, name="student_attendance"),
    path("uczen/<int:pk>/plan/", views.student_timetable, name="student_timetable"),
    path("nauczyciel/plan/", views_teacher.teacher_timetable, name="teacher_timetable"),
    path("lekcja/<int:lesson_pk>/<str:day>/obecnosc/", views_teacher.lesson_attendance, name="lesson_attendance"),
    path("oddzial/<int:class_pk>/", views_teacher.class_overview, name="class_overview"),
    path("oddzial/<int:class_pk>/zachowanie/", views_teacher.behaviour, name="behaviour"),
    path("oddzial/<int:class_pk>/eksport-semestr-<int:term_number>.xml", views_school.export, name="export"),
    path("oddzial/<int:class_pk>/przedmiot/<int:subject_pk>/", views_teacher.grade_grid, name="grade_grid"),
    path(
        "oddzial/<int:class_pk>/przedmiot/<int:subject_pk>/kolumna/nowa/",
        views_teacher.grade_column,
        name="grade_column_new",
    ),
    path(
        "oddzial/<int:class_pk>/przedmiot/<int:subject_pk>/kolumna/<int:column_pk>/",
        views_teacher.grade_column,
        name="grade_column",
    ),
    path(
        "oddzial/<int:class_pk>/przedmiot/<int:subject_pk>/oceny-okresowe/",
        views_teacher.term_grades,
        name="term_grades",
    ),
    path("szkola/<int:school_pk>/historia/", views_school.history, name="history"),
    path("szkola/<int:school_pk>/oddzialy/", views_school.school_classes, name="school_classes"),
    path("szkola/<int:school_pk>/plan/import/", views_school.import_timetable, name="timetable_import"),
    path("kalendarz/", views_school.calendar, name="calendar"),
    path("kalendarz/<str:token>.ics", views_school.calendar_feed, name="calendar_feed"),
]
