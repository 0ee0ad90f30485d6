"""The clerk's back office ("Sprawy" in the Wagtail admin): scope per role, filters, counts, actions,
downloads, counter registration, CSV export and constant queries."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from eservices.cases import services
from eservices.cases.models import Case, CaseDocument, CaseEvent, CaseWorker, SupplementRequest
from eservices.cases.workflow import Status
from tests.factories import UserFactory

from .conftest import pdf_upload

LIST = "/admin/sprawy/"


def _admin_access(*users):
    permission = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for user in users:
        user.user_permissions.add(permission)
    return users[0] if len(users) == 1 else users


def _worker(email, unit, role=CaseWorker.Role.CLERK):
    user = UserFactory(email=email, is_staff=True, first_name="Anna", last_name=email.split("@")[0].title())
    CaseWorker.objects.create(user=user, unit=unit, role=role)
    return _admin_access(user)


@pytest.fixture
def staff(clerk, head, secretary):
    """The office's clerk, head and secretary, all allowed into the Wagtail admin."""
    _admin_access(clerk, head, secretary)
    return clerk, head, secretary


@pytest.fixture
def library_clerk(library):
    return _worker("bibliotekarz@example.pl", library)


@pytest.fixture
def second_clerk(office):
    return _worker("drugi@example.pl", office)


@pytest.fixture
def plain_staff(db):
    """An editor: staff with admin access but no case-handling role."""
    return _admin_access(UserFactory(email="redaktor@example.pl", is_staff=True))


def _action(client, case, action, data=None, **extra):
    payload = {f"{action}-{key}": value for key, value in (data or {}).items()}
    return client.post(f"{LIST}{case.pk}/czynnosc/{action}/", payload, **extra)


def _events(case):
    return CaseEvent.objects.filter(case=case).count()


# --- scope ------------------------------------------------------------------------------------------


def test_list_scope_per_role(client, staff, open_case, library, library_clerk, plain_staff):
    clerk, head, secretary = staff
    ours = open_case(title="Zaświadczenie o zameldowaniu")
    theirs = open_case(unit=library, title="Karta biblioteczna")
    for user, sees, hidden in [(clerk, [ours], [theirs]), (head, [ours], [theirs]),
                               (secretary, [ours, theirs], []), (library_clerk, [theirs], [ours])]:  # fmt: skip
        client.force_login(user)
        html = client.get(LIST).content.decode()
        assert all(case.reference in html for case in sees), user
        assert not any(case.reference in html for case in hidden), user
        assert "/admin/sprawy/" in client.get("/admin/").content.decode()
    client.force_login(plain_staff)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{ours.pk}/").status_code == 403
    assert "/admin/sprawy/" not in client.get("/admin/").content.decode()


def test_clerk_cannot_open_another_units_case(client, staff, open_case, library, library_clerk):
    theirs = open_case(unit=library)
    client.force_login(staff[0])
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404
    client.force_login(library_clerk)
    page = client.get(f"{LIST}{theirs.pk}/")
    assert page.status_code == 200 and theirs.reference in page.content.decode()


def test_opening_a_case_is_in_the_access_log(client, staff, open_case, library, library_clerk):
    """Accountability (issue 11): who opened whose case, and a refused attempt leaves no entry."""
    from cms.audit.models import AccessLogEntry

    theirs = open_case(unit=library)
    client.force_login(staff[0])
    client.get(f"{LIST}{theirs.pk}/")  # another unit's case: 404, nothing seen
    assert not AccessLogEntry.objects.exists()
    client.force_login(library_clerk)
    client.get(f"{LIST}{theirs.pk}/")
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.subject_type) == (library_clerk, "view", "case")
    assert (entry.subject_id, entry.subject_label) == (theirs.reference, theirs.applicant_name)


# --- filters and counts -----------------------------------------------------------------------------


@pytest.fixture
def mixed(staff, open_case, second_clerk):
    """Four office cases: mine (registered), another clerk's, an unassigned one and an overdue one."""
    clerk, head, _ = staff
    mine = open_case(title="Moja sprawa")
    services.case_register(case=mine, clerk=clerk, actor=head)
    others = open_case(title="Cudza sprawa")
    services.case_register(case=others, clerk=second_clerk, actor=head)
    fresh = open_case(title="Nowa sprawa")
    late = open_case(title="Stara sprawa", received_at=timezone.now() - dt.timedelta(days=70))
    return {"mine": mine, "others": others, "fresh": fresh, "late": late}


def _refs(html):
    return set(re.findall(r"UM\.5340\.\d+\.\d{4}", html))


@pytest.mark.parametrize(
    ("query", "expected"),
    [("status=registered", {"mine", "others"}), ("clerk=moje", {"mine"}), ("deadline=po-terminie", {"late"}),
     ("clerk=nieprzydzielone", {"fresh", "late"}), ("q=Stara", {"late"})],
)  # fmt: skip
def test_filters_return_the_right_cases(client, staff, mixed, query, expected):
    client.force_login(staff[0])
    page = client.get(f"{LIST}?{query}")
    assert page.status_code == 200
    body = page.content.decode().split('id="listing-results"', 1)[1]
    assert _refs(body.split("Liczba spraw", 1)[1]) == {mixed[key].reference for key in expected}


def test_search_by_reference_matches_its_beginning_in_any_letter_case(client, staff, mixed):
    client.force_login(staff[0])
    late = mixed["late"].reference  # e.g. UM.5340.4.2026
    every = {case.reference for case in mixed.values()}
    for query, expected in [(late.lower(), {late}), (late.rsplit(".", 1)[0] + ".", {late}), ("um.5340.", every),
                            ("UM.9999.", set())]:  # fmt: skip
        body = client.get(LIST, {"q": query}).content.decode().split('id="listing-results"', 1)[1]
        assert _refs(body.split("Liczba spraw", 1)[1]) == expected, query


@pytest.mark.parametrize(
    ("query", "total"),
    [("", 4), ("status=registered", 2), ("deadline=po-terminie", 1), ("status=submitted&deadline=po-terminie", 1),
     ("status=registered&deadline=po-terminie", 0), ("clerk=nieprzydzielone&status=submitted", 2),
     ("status=nieznany", 4), ("q=Stara", 1)],
)  # fmt: skip
def test_list_total_comes_from_the_counts_and_matches_the_rows(client, staff, mixed, query, total):
    """The paginator's total is taken from the counts per status (no second COUNT); it must agree
    with the rows shown, also for a combined status + deadline filter and an invalid filter (ignored)."""
    client.force_login(staff[0])
    page = client.get(f"{LIST}?{query}")
    assert page.status_code == 200
    body = page.content.decode().split('id="listing-results"', 1)[1]
    assert page.context["paginator"].count == total == len(_refs(body.split("Liczba spraw", 1)[1]))


def test_counts_per_status_and_overdue_for_the_scope(client, staff, mixed, library, open_case):
    open_case(unit=library)  # not in the clerk's scope, not counted
    client.force_login(staff[0])
    html = client.get(LIST).content.decode()
    assert re.search(r"Złożona: <span data-status-count>2</span>", html)
    assert re.search(r"Zarejestrowana: <span data-status-count>2</span>", html)
    assert re.search(r"data-overdue-count>1<", html)
    assert "po terminie" in html  # the flag in the late case's row


def test_list_queries_do_not_grow_with_cases(client, staff, open_case, django_assert_max_num_queries):
    clerk = staff[0]
    for _ in range(5):
        services.case_register(case=open_case(), clerk=clerk, actor=clerk)
    client.force_login(clerk)
    client.get(LIST)  # warm caches (site, content types)
    with django_assert_max_num_queries(40) as few:
        assert client.get(LIST).status_code == 200
    for _ in range(45):
        services.case_register(case=open_case(), clerk=clerk, actor=clerk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(LIST)
    assert len(_refs(page.content.decode())) == 50


# --- actions ----------------------------------------------------------------------------------------


def test_head_registers_and_assigns_to_a_clerk(client, staff, open_case):
    clerk, head, _ = staff
    case = open_case()
    client.force_login(head)
    response = _action(client, case, "register", {"clerk": clerk.pk, "comment": "Proszę o pilne załatwienie"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.assigned_to == clerk
    assert "zarejestrowana i przydzielona" in client.get(response.url).content.decode()


def test_clerk_may_take_a_case_only_himself(client, staff, open_case, second_clerk):
    clerk = staff[0]
    case = open_case()
    client.force_login(clerk)
    response = _action(client, case, "register", {"clerk": second_clerk.pk})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and case.assigned_to is None
    assert _action(client, case, "register", {"clerk": clerk.pk}).status_code == 302


@pytest.fixture
def in_progress(staff, open_case):
    clerk = staff[0]
    case = open_case()
    services.case_register(case=case, clerk=clerk, actor=clerk)
    services.case_start(case=case, actor=clerk)
    return case


def test_request_supplement_defaults_to_seven_days(client, staff, in_progress):
    client.force_login(staff[0])
    deadline = timezone.localdate() + dt.timedelta(days=7)
    assert f'value="{deadline.isoformat()}"' in client.get(f"{LIST}{in_progress.pk}/").content.decode()
    response = _action(client, in_progress, "request_supplement",
                       {"text": "Proszę dołączyć akt notarialny.", "deadline": deadline.isoformat()})  # fmt: skip
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.status == Status.AWAITING_SUPPLEMENT
    assert SupplementRequest.objects.get(case=in_progress).deadline == deadline


def test_supplement_deadline_in_the_past_is_refused(client, staff, in_progress):
    client.force_login(staff[0])
    before = _events(in_progress)
    response = _action(client, in_progress, "request_supplement",
                       {"text": "Brak podpisu.", "deadline": timezone.localdate().isoformat()})  # fmt: skip
    assert response.status_code == 400
    assert "Termin uzupełnienia musi przypadać po dzisiejszym dniu." in response.content.decode()
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS and _events(in_progress) == before


def test_internal_note_is_marked_and_never_shown_to_the_resident(client, staff, in_progress, resident):
    client.force_login(staff[0])
    assert _action(client, in_progress, "note", {"text": "Wnioskodawca dzwonił, jest zdenerwowany."}).status_code == 302
    html = client.get(f"{LIST}{in_progress.pk}/").content.decode()
    assert "Wnioskodawca dzwonił" in html and "notatka wewnętrzna" in html
    client.force_login(resident)
    assert "Wnioskodawca dzwonił" not in client.get(f"/konto/sprawy/{in_progress.pk}/").content.decode()


def test_message_to_the_applicant_with_an_attachment(client, staff, in_progress):
    client.force_login(staff[0])
    payload = {"message-text": "Proszę o kontakt.", "message-files": [pdf_upload("pismo.pdf")]}
    response = client.post(f"{LIST}{in_progress.pk}/czynnosc/message/", payload)
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=in_progress, kind=CaseEvent.Kind.MESSAGE)
    assert not event.internal and [d.name for d in event.documents.all()] == ["pismo.pdf"]


@pytest.fixture
def service_with_template(office):
    from wagtail.models import Page

    from eservices.catalogue.models import ServiceIndexPage, ServicePage

    index = Page.objects.get(depth=1).add_child(instance=ServiceIndexPage(title="Usługi", slug="uslugi-adm"))
    return index.add_child(instance=ServicePage(
        title="Zezwolenie na sprzedaż alkoholu", slug="alkohol", unit=office,
        decision_template="Po rozpatrzeniu wniosku {wnioskodawca} w sprawie {znak_sprawy} orzeka się zezwolić.",
    ))  # fmt: skip


def test_decide_with_a_generated_decision_letter(client, staff, open_case, service_with_template):
    clerk = staff[0]
    case = open_case(service=service_with_template)
    services.case_register(case=case, clerk=clerk, actor=clerk)
    client.force_login(clerk)
    page = client.get(f"{LIST}{case.pk}/").content.decode()
    assert f"Po rozpatrzeniu wniosku Jan Nowak w sprawie {case.reference} orzeka się zezwolić." in page
    letter_data = {"kind": "decision", "title": "Decyzja", "body": "Zezwala się.\n\nUzasadnienie: brak uwag."}
    response = _action(client, case, "letter", letter_data)
    assert response.status_code == 302
    letter = CaseDocument.objects.get(case=case, kind=CaseDocument.Kind.DECISION)
    assert letter.file.open("rb").read(5) == b"%PDF-"
    assert _action(client, case, "decide", {"document": letter.pk, "comment": "Wydano decyzję."}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.closed_at is not None


def test_decide_without_a_document_is_refused(client, staff, in_progress):
    client.force_login(staff[0])
    response = _action(client, in_progress, "decide", {"comment": "Załatwione"})
    assert response.status_code == 400
    assert "dołącz decyzję lub odpowiedź" in response.content.decode()
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS


def test_refuse_without_a_reason_shows_the_error_and_changes_nothing(client, staff, in_progress):
    client.force_login(staff[0])
    before = _events(in_progress)
    response = _action(client, in_progress, "refuse", {"comment": "  "})
    assert response.status_code == 400
    assert "Podaj uzasadnienie odmowy." in response.content.decode()
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS and in_progress.closed_at is None and _events(in_progress) == before
    assert _action(client, in_progress, "refuse", {"comment": "Brak podstawy prawnej."}).status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.status == Status.REFUSED


def test_forbidden_transition_shows_the_error_and_changes_nothing(client, staff, open_case):
    clerk = staff[0]
    case = open_case()  # złożona: it cannot be started before it is registered
    client.force_login(clerk)
    assert 'data-action="start"' not in client.get(f"{LIST}{case.pk}/").content.decode()  # no button
    before = _events(case)
    response = _action(client, case, "start")
    assert response.status_code == 400
    assert "Nie można wykonać czynności „rozpocznij załatwianie”, gdy sprawa ma status „złożona”." in (
        response.content.decode()
    )
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and _events(case) == before


def test_clerk_cannot_act_on_a_colleagues_case(client, staff, open_case, second_clerk):
    clerk, head, _ = staff
    case = open_case()
    services.case_register(case=case, clerk=second_clerk, actor=head)
    client.force_login(clerk)
    response = _action(client, case, "start")
    assert response.status_code == 403
    assert "Nie masz uprawnień do tej czynności" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


def test_route_by_the_secretary_and_refused_for_a_clerk(client, staff, open_case, library):
    clerk, _, secretary = staff
    case = open_case()
    client.force_login(clerk)
    assert 'data-action="route"' not in client.get(f"{LIST}{case.pk}/").content.decode()
    response = _action(client, case, "route", {"unit": library.pk})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.unit_id != library.pk
    client.force_login(secretary)
    assert _action(client, case, "route", {"unit": library.pk, "comment": "Właściwa biblioteka"}).status_code == 302
    case.refresh_from_db()
    assert case.unit_id == library.pk and case.status == Status.SUBMITTED
    client.force_login(clerk)
    assert client.get(f"{LIST}{case.pk}/").status_code == 404  # gone from the office's scope


# --- files ------------------------------------------------------------------------------------------


def test_document_download_is_permission_checked(client, staff, in_progress, library_clerk, plain_staff):
    document = services.case_attach_document(case=in_progress, actor=staff[0], upload=pdf_upload("opinia.pdf"))
    url = f"{LIST}{in_progress.pk}/dokumenty/{document.pk}/"
    client.force_login(staff[1])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment") and "opinia.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(library_clerk)
    assert client.get(url).status_code == 404
    client.force_login(plain_staff)
    assert client.get(url).status_code == 403


# --- counter applications ---------------------------------------------------------------------------


def test_counter_registration_creates_a_case_with_a_reference(client, staff, office):
    secretary = staff[2]
    client.force_login(secretary)
    assert client.get(f"{LIST}zarejestruj/").status_code == 200
    response = client.post(f"{LIST}zarejestruj/", {
        "unit": office.pk, "title": "Wniosek o wycinkę drzewa", "applicant_name": "Zofia Kowalska",
        "applicant_pesel": "44051401359", "applicant_address": "ul. Polna 3, 36-060 Głogów Małopolski",
        "text": "Proszę o zgodę na wycięcie lipy.", "files": [pdf_upload("skan.pdf")],
    })  # fmt: skip
    assert response.status_code == 302
    case = Case.objects.get(applicant_name="Zofia Kowalska")
    assert re.fullmatch(r"UM\.\d{4}\.1\.\d{4}", case.reference)
    assert case.channel == Case.Channel.COUNTER and case.created_by == secretary
    page = client.get(response.url).content.decode()
    assert case.reference in page and "Proszę o zgodę na wycięcie lipy." in page and "skan.pdf" in page
    scan_url = re.search(r'href="(/admin/sprawy/\d+/pliki/[^"]+)"', page).group(1)
    assert b"".join(client.get(scan_url).streaming_content).startswith(b"%PDF")


def test_counter_registration_with_a_bad_pesel_creates_nothing(client, staff, office):
    client.force_login(staff[0])
    response = client.post(f"{LIST}zarejestruj/", {
        "unit": office.pk, "title": "Wniosek", "applicant_name": "Zofia Kowalska", "applicant_pesel": "44051401358",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Ten numer PESEL jest nieprawidłowy" in response.content.decode()
    assert not Case.objects.exists()


def test_counter_registration_needs_a_service_or_a_title(client, staff, office):
    client.force_login(staff[0])
    response = client.post(f"{LIST}zarejestruj/", {"unit": office.pk, "applicant_name": "Zofia Kowalska"})
    assert response.status_code == 400
    assert "Wybierz usługę albo wpisz tytuł sprawy." in response.content.decode()
    assert not Case.objects.exists()


# --- CSV --------------------------------------------------------------------------------------------


def test_csv_export_contains_the_filtered_rows(client, staff, mixed):
    client.force_login(staff[0])
    response = client.get(f"{LIST}eksport.csv?status=registered")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("znak sprawy,usługa / tytuł,jednostka,status")
    assert len(lines) == 3
    assert (
        mixed["mine"].reference in text and mixed["others"].reference in text and mixed["fresh"].reference not in text
    )
    assert "zarejestrowana" in text and "Anna Drugi" in text
