"""Case statistics (aggregates survive anonymisation) and retention (expired cases anonymised)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

import eservices.cases.stats_hooks  # noqa: F401 — registers the admin URLs even before the lead wires models_stats
from eservices.cases import retention, services, stats
from eservices.cases.models import Case, CaseDocument, CaseEvent, CaseWorker
from eservices.cases.models_stats import CaseMonthlyStat, RetentionRun
from eservices.cases.tasks_retention import anonymise_expired
from eservices.cases.workflow import Status
from tests.eservices.conftest import catalogue_create, service_create
from tests.factories import UserFactory

from .conftest import pdf_upload

WARSAW = timezone.get_fixed_timezone(60)  # CET: the dates below are in winter
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=WARSAW)


@pytest.fixture
def world(site_tree):
    office, library = site_tree.units
    index = catalogue_create(site_tree.home)
    short = service_create(index, "Karta czytelnika", unit=library, retention_years=1, jrwa_symbol="2410")
    long = service_create(index, "Zaświadczenie o niezaleganiu", unit=office, retention_years=5, jrwa_symbol="3130")
    resident = UserFactory(email="jan@example.pl", first_name="Jan", last_name="Nowak", pesel="44051401359")
    clerk = UserFactory(email="urzednik@example.pl", is_staff=True)
    head = UserFactory(email="kierownik@example.pl", is_staff=True)
    admin_access = Group.objects.create(name="Dostęp do panelu")
    admin_access.permissions.add(Permission.objects.get(codename="access_admin"))
    for user, unit, role in (
        (clerk, office, "clerk"),
        (clerk, library, "clerk"),
        (head, office, "head"),
        (head, library, "head"),
    ):
        CaseWorker.objects.create(user=user, unit=unit, role=role)
        user.groups.add(admin_access)
    return type(
        "World",
        (),
        {
            "office": office,
            "library": library,
            "short": short,
            "long": long,
            "resident": resident,
            "clerk": clerk,
            "head": head,
        },
    )


def application_file(name="skan.pdf"):
    path = default_storage.save(f"eforms/test/{name}", ContentFile(b"%PDF-1.4 prywatne"))
    return {"skan": {"path": path, "name": name, "size": 17, "sha256": "ab" * 32}}


def make_case(w, service, *, received, closed=None, outcome=Status.RESOLVED, files=None):
    case = services.case_open(
        unit=service.unit,
        service=service,
        title=service.title,
        applicant=w.resident,
        applicant_name="Jan Nowak",
        applicant_email="jan@example.pl",
        applicant_pesel="44051401359",
        applicant_address="Rynek 1, Głogów",
        answers={"imie": "Jan", "uzasadnienie": "Potrzebne do przetargu"},
        files=files or {},
        received_at=received,
    )
    if closed is None:
        return case
    services.case_register(case=case, clerk=w.clerk, actor=w.clerk)
    services.case_start(case=case, actor=w.clerk)
    services.case_add_note(case=case, actor=w.clerk, text="Jan Nowak dzwonił w sprawie PESEL 44051401359")
    if outcome == Status.RESOLVED:
        services.case_decide(case=case, actor=w.clerk, upload=pdf_upload("decyzja.pdf"))
    elif outcome == Status.REFUSED:
        services.case_refuse(case=case, actor=w.clerk, comment="Brak podstaw")
    else:
        services.case_withdraw(case=case, user=w.resident, comment="Nieaktualne")
    Case.objects.filter(pk=case.pk).update(closed_at=closed)
    case.refresh_from_db()
    return case


@pytest.fixture
def history(world):
    w = world
    cases = [
        # short retention (1 year): expired by NOW
        make_case(w, w.short, received=at(2024, 3, 1), closed=at(2024, 3, 11), files=application_file("a.pdf")),
        make_case(w, w.short, received=at(2024, 3, 5), closed=at(2024, 3, 9), outcome=Status.REFUSED),
        make_case(w, w.short, received=at(2024, 4, 1), closed=at(2024, 5, 2), outcome=Status.WITHDRAWN),
        # short retention, closed less than a year before NOW: kept
        make_case(w, w.short, received=at(2025, 3, 1), closed=at(2025, 3, 20)),
        # long retention (5 years): kept
        make_case(w, w.long, received=at(2024, 3, 2), closed=at(2024, 3, 30)),
    ]
    open_case = make_case(w, w.long, received=at(2024, 12, 1))  # open and overdue
    return cases + [open_case]


def live_figures(year, unit_ids=None):
    """The figures counted straight from the cases, as a person would by hand."""
    cases = Case.objects.filter(unit_id__in=unit_ids) if unit_ids else Case.objects.all()
    submitted = sum(timezone.localdate(c.received_at).year == year for c in cases)
    closed = [c for c in cases if c.closed_at and timezone.localdate(c.closed_at).year == year]
    days = sorted(
        (timezone.localdate(c.closed_at) - timezone.localdate(c.received_at)).days
        for c in closed
        if c.status != Status.WITHDRAWN
    )
    return submitted, len(closed), sum(c.status == Status.RESOLVED for c in closed), days


def summary(report):
    t = report.total
    return (
        t.submitted,
        t.closed,
        t.resolved,
        t.open,
        t.overdue,
        t.median_days,
        [(m, f.submitted, f.closed, f.resolved, f.median_days) for m, f in report.months],
        [
            (r.unit_id, r.service_key, r.service_title, r.figures.submitted, r.figures.closed, r.figures.median_days)
            for r in report.rows
        ],
    )


# --- statistics -------------------------------------------------------------------------------------


def test_report_equals_the_live_counts(history, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        report = stats.report(year=2024, today=dt.date(2026, 1, 15))
    submitted, closed, resolved, days = live_figures(2024)
    assert (report.total.submitted, report.total.closed, report.total.resolved) == (submitted, closed, resolved)
    assert (submitted, closed, resolved) == (5, 4, 2)
    assert days == [4, 10, 28]  # refused 4 days, resolved 10 and 28 days; the withdrawal has no handling time
    assert report.total.median_days == Decimal(10)
    assert (report.total.open, report.total.overdue) == (1, 1)
    march = dict(report.months)[dt.date(2024, 3, 1)]
    assert (march.submitted, march.closed, march.median_days) == (3, 3, Decimal(10))
    assert dict(report.months)[dt.date(2024, 5, 1)].closed == 1  # the withdrawal counts in the month it closed


def test_report_filters_by_unit_and_service(history, world):
    by_unit = stats.report(year=2024, unit_ids=[world.library.pk])
    assert by_unit.total.submitted == live_figures(2024, [world.library.pk])[0] == 3
    by_service = stats.report(year=2024, service_key=world.long.pk)
    assert (by_service.total.submitted, by_service.total.median_days) == (2, Decimal(28))
    assert stats.report(year=2024, service_key=0).total.submitted == 0


def test_median_of_a_histogram_is_exact():
    assert stats.median_of_histogram({}) is None
    assert stats.median_of_histogram({"3": 1, "10": 1}) == Decimal("6.5")
    assert stats.median_of_histogram({"1": 2, "9": 1, "40": 1}) == Decimal(5)
    assert stats.median_of_histogram({"2": 5, "30": 4}) == Decimal(2)


# --- retention --------------------------------------------------------------------------------------


def test_anonymising_keeps_the_report_identical_median_included(history):
    before = {year: summary(stats.report(year=year, today=dt.date(2026, 1, 15))) for year in (2024, 2025)}
    run = retention.anonymise_expired(now=NOW)
    assert run.anonymised == 3
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 3
    assert CaseMonthlyStat.objects.exists()
    after = {year: summary(stats.report(year=year, today=dt.date(2026, 1, 15))) for year in (2024, 2025)}
    assert after == before


def test_figures_survive_removal_of_the_folded_cases(history):
    before = summary(stats.report(year=2024, today=dt.date(2026, 1, 15)))
    retention.anonymise_expired(now=NOW)
    # An archive clean-up might later drop anonymised rows altogether; the aggregates carry the figures.
    gone = list(Case.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True))
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("cases_caseevent", "cases_casedocument", "cases_supplementrequest", "cases_case"):
            column = "id" if table == "cases_case" else "case_id"
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({','.join(map(str, gone))})")  # noqa: S608
    assert summary(stats.report(year=2024, today=dt.date(2026, 1, 15))) == before


def test_anonymisation_removes_personal_data_and_files_but_keeps_the_record(history, world):
    case = history[0]
    services.case_receipt_generate(case_id=case.pk)
    documents = list(case.documents.all())
    stored = [(d.file.storage, d.file.name) for d in documents] + [(default_storage, case.files["skan"]["path"])]
    assert len(stored) == 3 and all(storage.exists(name) for storage, name in stored)
    reference, received, closed = case.reference, case.received_at, case.closed_at

    retention.anonymise_expired(now=NOW)

    case.refresh_from_db()
    assert (case.applicant_id, case.applicant_name, case.applicant_pesel, case.applicant_email) == (
        None,
        "usunięto",
        "",
        "",
    )
    assert (case.applicant_address, case.answers, case.files) == ("", {}, {})
    assert (case.reference, case.unit_id, case.service_id, case.received_at, case.closed_at, case.status) == (
        reference,
        world.library.pk,
        world.short.pk,
        received,
        closed,
        Status.RESOLVED,
    )
    assert case.anonymised_at == NOW
    assert not any(storage.exists(name) for storage, name in stored)
    assert set(CaseDocument.objects.filter(case=case).values_list("name", "file")) == {("usunięto", "")}
    assert CaseDocument.objects.filter(case=case).count() == len(documents)
    texts = " ".join(c + str(d) for c, d in CaseEvent.objects.filter(case=case).values_list("comment", "data"))
    assert "Jan" not in texts and "44051401359" not in texts
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ANONYMISED).count() == 1
    assert not Case.objects.filter(applicant=world.resident, pk=case.pk).exists()  # gone from the resident's list


def test_case_within_its_retention_period_is_untouched(history):
    kept = [history[3], history[4], history[5]]  # 1 year not yet passed, 5-year service, open case
    before = [Case.objects.values().get(pk=c.pk) for c in kept]
    events = [c.events.count() for c in kept]
    retention.anonymise_expired(now=NOW)
    assert [Case.objects.values().get(pk=c.pk) for c in kept] == before
    assert [c.events.count() for c in kept] == events
    assert all(not c.events.filter(kind=CaseEvent.Kind.ANONYMISED).exists() for c in kept)


def test_retention_counts_from_closing_to_the_day(world):
    case = make_case(world, world.short, received=at(2024, 1, 2), closed=at(2025, 1, 20, 12))
    assert retention.anonymise_expired(now=at(2026, 1, 20, 11)).anonymised == 0
    assert retention.anonymise_expired(now=at(2026, 1, 20, 12)).anonymised == 1
    case.refresh_from_db()
    assert case.anonymised_at is not None


def test_the_task_is_idempotent_and_logs_per_service(history, world, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    first = retention.anonymise_expired(now=NOW, batch_size=2)
    assert first.per_service == [{"service_key": world.short.pk, "title": "Karta czytelnika", "count": 3}]
    # the application file of the first case and the decision of the resolved one
    assert first.files_deleted == 2 and first.finished_at is not None and first.error == ""
    stat_rows = list(
        CaseMonthlyStat.objects.values("unit", "service_key", "month", "submitted", "closed", "handling_days")
    )
    events = CaseEvent.objects.count()
    assert retention.anonymise_expired(now=NOW).anonymised == 0
    assert (
        list(CaseMonthlyStat.objects.values("unit", "service_key", "month", "submitted", "closed", "handling_days"))
        == stat_rows
    )  # not folded twice
    assert CaseEvent.objects.count() == events
    # The beat task on the real clock: whatever has expired by today, then nothing the second time.
    anonymise_expired.delay().get()
    figures = summary(stats.report(year=2025))
    assert anonymise_expired.delay().get() == 0
    assert summary(stats.report(year=2025)) == figures
    assert RetentionRun.objects.count() == 4


def test_beat_runs_the_retention_task_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["cases-anonymise-expired"]
    assert entry["task"] == anonymise_expired.name == "cases.anonymise_expired"


# --- the admin report -------------------------------------------------------------------------------


def test_head_sees_the_report_and_the_retention_log(client, history, world):
    retention.anonymise_expired(now=NOW)
    client.force_login(world.head)
    response = client.get(reverse("cases_stats:index"), {"year": 2024})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Statystyka spraw" in body and "Karta czytelnika" in body and "Zaświadczenie o niezaleganiu" in body
    assert "Karta czytelnika: 3" in body  # the anonymisation run, per service


def test_plain_clerk_is_refused_the_report(client, world):
    """Decision: the report compares units' output — management information for heads and the secretary."""
    client.force_login(world.clerk)
    for name in ("cases_stats:index", "cases_stats:csv"):
        response = client.get(reverse(name), follow=True)  # Wagtail turns a 403 into a message on the dashboard
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert "Według usług" not in response.content.decode()
    assert "Statystyka spraw" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_head_sees_only_the_units_they_head(client, history, world):
    head = UserFactory(email="kierownik-biblioteki@example.pl", is_staff=True)
    head.groups.add(Group.objects.get(name="Dostęp do panelu"))
    CaseWorker.objects.create(user=head, unit=world.library, role="head")
    client.force_login(head)
    body = client.get(reverse("cases_stats:index"), {"year": 2024}).content.decode()
    assert "Karta czytelnika" in body and "Zaświadczenie o niezaleganiu" not in body
    response = client.get(reverse("cases_stats:index"), {"year": 2024, "unit": world.office.pk})
    assert "Zaświadczenie o niezaleganiu" not in response.content.decode()  # another unit cannot be chosen


def test_csv_export_has_the_figures(client, history, world):
    retention.anonymise_expired(now=NOW)
    client.force_login(world.head)
    response = client.get(reverse("cases_stats:csv"), {"year": 2024})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="statystyka-spraw-2024.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Jednostka", "Usługa", "Miesiąc", "Złożone"]
    march = [r for r in rows if r[1] == "Karta czytelnika" and r[2] == "2024-03"]
    assert march == [[world.library.name, "Karta czytelnika", "2024-03", "2", "2", "1", "7,0", "", ""]]
    total = [r for r in rows if r[1] == "Zaświadczenie o niezaleganiu" and r[2] == "razem 2024"]
    assert total == [[world.office.name, "Zaświadczenie o niezaleganiu", "razem 2024", "2", "1", "1", "28,0", "1", "1"]]


def test_a_batch_takes_a_constant_number_of_queries(history, world, django_assert_max_num_queries):
    for day in range(1, 8):  # more expired cases: the query count must not grow with them
        make_case(world, world.short, received=at(2023, 6, day), closed=at(2023, 7, day))
    with django_assert_max_num_queries(20):
        assert retention.anonymise_expired(now=NOW).anonymised == 10
