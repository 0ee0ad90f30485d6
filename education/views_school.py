"""``/dziennik/`` for the school head (change history, timetable import, classes), the XML export
and the iCal feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms.audit.services import access_log_record_many

from . import selectors
from .access import require_class_overview, require_head, roles_for_user, school_class_or_404
from .asc_import import timetable_import
from .export import class_export_xml
from .forms import TimetableImportForm
from .ical import calendar_body, feed_token, resolve_token
from .models import EntryChange, SchoolClass, SchoolYear


@never_cache
@login_required
def history(request, school_pk: int):
    """The change history of a school's gradebook: who changed which entry, when, old → new."""
    from django.core.paginator import Paginator

    school = require_head(request.user, school_pk)
    kind = request.GET.get("rodzaj", "")
    query = request.GET.get("uczen", "").strip()[:60]
    changes = selectors.change_history(school=school, kind=kind, student_query=query)
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "education/history.html",
        {
            "school": school,
            "page_obj": page,
            "kinds": EntryChange.Kind.choices,
            "kind": kind,
            "query": query,
        },
    )


@never_cache
@login_required
def school_classes(request, school_pk: int):
    school = require_head(request.user, school_pk)
    year = SchoolYear.objects.filter(school=school).first()
    classes = SchoolClass.objects.filter(year=year).select_related("form_tutor") if year else []
    return render(request, "education/school_classes.html", {"school": school, "year": year, "classes": classes})


@never_cache
@login_required
def import_timetable(request, school_pk: int):
    """Upload an aSc XML export: checked in full, then saved all at once or not at all, with a report."""
    school = require_head(request.user, school_pk)
    year = SchoolYear.objects.filter(school=school).first()
    if year is None:
        raise Http404
    form = TimetableImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        report = timetable_import(school=school, year=year, data=data, dry_run=form.cleaned_data["dry_run"])
        if report.applied:
            messages.success(request, _("Zaimportowano plan lekcji: %(n)d lekcji.") % {"n": report.lessons})
    return render(
        request,
        "education/timetable_import.html",
        {
            "school": school,
            "year": year,
            "form": form,
            "report": report,
        },
    )


@never_cache
@login_required
def export(request, class_pk: int, term_number: int):
    school_class = school_class_or_404(class_pk)
    require_class_overview(request.user, school_class)
    term = selectors.term_for(year=school_class.year, number=term_number)
    if term is None:
        raise Http404
    body = class_export_xml(school_class=school_class, term=term)
    students = school_class.students.values_list("pk", "first_name", "last_name")  # whose data left the system
    subjects = [(pk, f"{first} {last}, {school_class}") for pk, first, last in students]
    access_log_record_many(request=request, action="export", subject_type="student", subjects=subjects)
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    year_name = school_class.year.name.replace("/", "-")
    name = f"dziennik-{school_class.year.school.unit.code}-{school_class.name}-{year_name}-s{term.number}.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
def calendar(request):
    roles = roles_for_user(request.user)
    base = request.build_absolute_uri("/")[:-1]
    feeds = [
        (str(s), base + reverse("education:calendar_feed", args=[feed_token(user=request.user, student=s)]))
        for s in roles.students
    ]
    if roles.assignments:
        feeds.append(
            (
                _("Mój plan lekcji (nauczyciel)"),
                base + reverse("education:calendar_feed", args=[feed_token(user=request.user)]),
            )
        )
    return render(request, "education/calendar.html", {"feeds": feeds})


def calendar_feed(request, token: str):
    resolved = resolve_token(token)
    if resolved is None:
        raise Http404
    user, student = resolved
    body = calendar_body(user=user, student=student, domain=request.get_host().split(":")[0] or "ratusz")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
