"""Case services: bad input refused with a Polish message and nothing written; e-mails on commit."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from cms.messaging.models import OutboundMessage
from eservices.cases import services
from eservices.cases.models import Case, CaseDocument, CaseEvent, CaseWorker
from eservices.cases.workflow import CaseError, Status

from .conftest import pdf_upload


def snapshot(case):
    return (Case.objects.values().get(pk=case.pk), case.events.count(), case.documents.count())


@pytest.fixture
def in_progress(open_case, clerk):
    case = open_case()
    services.case_register(case=case, clerk=clerk, actor=clerk)
    services.case_start(case=case, actor=clerk)
    return case


def test_reference_numbers_follow_unit_symbol_number_year(open_case, office, library):
    first, second, elsewhere = open_case(), open_case(), open_case(unit=library)
    year = first.received_at.year
    assert (first.reference, second.reference) == (f"UM.5340.1.{year}", f"UM.5340.2.{year}")
    assert elsewhere.reference == f"BIB.5340.1.{year}"


def test_rolled_back_case_gives_its_number_back(open_case):
    with pytest.raises(RuntimeError), transaction.atomic():
        open_case()
        raise RuntimeError
    assert open_case().number == 1


def test_reply_after_the_supplement_deadline_is_refused_and_case_unchanged(in_progress, clerk, resident):
    services.case_request_supplement(case=in_progress, actor=clerk, text="Brak zgody.", today=dt.date(2026, 3, 2))
    request = in_progress.supplement_requests.get()
    assert request.deadline == dt.date(2026, 3, 9)  # 7 days by default (KPA art. 64 § 2)
    before = snapshot(in_progress)
    with pytest.raises(CaseError) as error:
        services.case_supplement_reply(
            case=in_progress, user=resident, text="Zgoda", uploads=[pdf_upload("zgoda.pdf")], today=dt.date(2026, 3, 10)
        )
    assert (
        error.value.message == "Termin uzupełnienia minął 09.03.2026. Skontaktuj się z urzędem, który prowadzi sprawę."
    )
    assert snapshot(in_progress) == before
    request.refresh_from_db()
    assert request.answered_at is None


def test_supplement_deadline_must_be_in_the_future(in_progress, clerk):
    before = snapshot(in_progress)
    with pytest.raises(CaseError, match="musi przypadać po dzisiejszym dniu"):
        services.case_request_supplement(case=in_progress, actor=clerk, text="Brak", deadline=dt.date(2020, 1, 1))
    with pytest.raises(CaseError, match="Napisz, czego brakuje"):
        services.case_request_supplement(case=in_progress, actor=clerk, text="  ")
    assert snapshot(in_progress) == before


def test_decide_without_a_document_is_refused(in_progress, clerk):
    before = snapshot(in_progress)
    with pytest.raises(CaseError) as error:
        services.case_decide(case=in_progress, actor=clerk, comment="Załatwiono")
    assert "dołącz decyzję lub odpowiedź" in error.value.message
    assert snapshot(in_progress) == before


def test_decide_with_a_generated_reply_document(in_progress, clerk):
    document = services.case_attach_document(
        case=in_progress, actor=clerk, kind=CaseDocument.Kind.REPLY, content=b"%PDF-1.4 odpowiedz", name="odpowiedz.pdf"
    )
    services.case_decide(case=in_progress, actor=clerk, document=document)
    in_progress.refresh_from_db()
    assert in_progress.status == Status.RESOLVED
    assert in_progress.events.get(kind=CaseEvent.Kind.DECISION).data["document"] == document.pk


def test_withdrawn_case_cannot_be_decided(in_progress, clerk, resident):
    services.case_withdraw(case=in_progress, user=resident)
    before = snapshot(in_progress)
    with pytest.raises(CaseError) as error:
        services.case_decide(case=in_progress, actor=clerk, upload=pdf_upload())
    assert "gdy sprawa ma status „wycofana”" in error.value.message
    assert snapshot(in_progress) == before  # the decision file was not stored either


def test_another_resident_cannot_withdraw_or_reply(in_progress, other_resident):
    before = snapshot(in_progress)
    with pytest.raises(CaseError, match="To nie jest Twoja sprawa"):
        services.case_withdraw(case=in_progress, user=other_resident)
    with pytest.raises(CaseError, match="To nie jest Twoja sprawa"):
        services.case_message_from_applicant(case=in_progress, user=other_resident, text="Hej")
    assert snapshot(in_progress) == before


def test_oversized_file_is_refused_and_nothing_stored(in_progress, resident, settings):
    settings.RATUSZ_CASES_UPLOAD_MAX_MB = 1
    before = snapshot(in_progress)
    with pytest.raises(CaseError) as error:
        services.case_message_from_applicant(
            case=in_progress, user=resident, text="Skan", uploads=[pdf_upload("skan.pdf", size=1024 * 1024 + 1)]
        )
    assert error.value.message.startswith("skan.pdf: Plik jest za duży")
    assert snapshot(in_progress) == before


def test_clerk_of_another_unit_cannot_be_assigned(open_case, library):
    from tests.factories import UserFactory

    outsider = UserFactory(email="bib@example.pl", is_staff=True)
    CaseWorker.objects.create(user=outsider, unit=library)
    case = open_case()
    before = snapshot(case)
    with pytest.raises(CaseError, match="nie pracuje w jednostce"):
        services.case_register(case=case, clerk=outsider, actor=outsider)
    assert snapshot(case) == before


def test_timeline_is_append_only(in_progress):
    event = in_progress.events.first()
    event.comment = "zmienione"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=in_progress).update(comment="x")
    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=in_progress).delete()


def test_route_sends_the_case_to_another_unit_unassigned(open_case, clerk, secretary, library):
    case = open_case()
    services.case_register(case=case, clerk=clerk, actor=clerk)
    services.case_route(case=case, actor=secretary, unit=library, comment="Sprawa biblioteki.")
    case.refresh_from_db()
    assert (case.unit, case.status, case.assigned_to) == (library, Status.SUBMITTED, None)
    assert case.events.get(kind=CaseEvent.Kind.ROUTED).data["to_name"] == str(library)


# --- e-mails ----------------------------------------------------------------------------------------


def test_status_change_queues_one_email_on_commit(in_progress, clerk, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.case_request_supplement(case=in_progress, actor=clerk, text="Dołącz zgodę.")
    event = in_progress.events.get(kind=CaseEvent.Kind.SUPPLEMENT_REQUESTED)
    message = OutboundMessage.objects.get(key=f"case:{in_progress.pk}:event:{event.pk}")
    assert message.recipient == resident.email
    assert "Dołącz zgodę." in message.body
    assert [m.to for m in mail.outbox] == [[resident.email]]


def test_rolled_back_action_sends_no_email(in_progress, clerk, django_capture_on_commit_callbacks):
    queued = OutboundMessage.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.case_message_to_applicant(case=in_progress, actor=clerk, text="Proszę o kontakt.")
            raise RuntimeError("rollback")
    assert callbacks == []
    assert OutboundMessage.objects.count() == queued
    assert mail.outbox == []
    assert not in_progress.events.filter(kind=CaseEvent.Kind.MESSAGE).exists()


def test_internal_note_is_never_emailed(in_progress, clerk):
    note = services.case_add_note(case=in_progress, actor=clerk, text="Wnioskodawca dzwonił, nerwowy.")
    assert note.internal
    assert not OutboundMessage.objects.filter(body__contains="nerwowy").exists()


def test_message_from_applicant_goes_to_the_assigned_clerk(in_progress, clerk, resident):
    event = services.case_message_from_applicant(
        case=in_progress, user=resident, text="Kiedy decyzja?", uploads=[pdf_upload("pismo.pdf")]
    )
    assert OutboundMessage.objects.get(key=f"case:{in_progress.pk}:event:{event.pk}:clerk").recipient == clerk.email
    assert [d.name for d in event.documents.all()] == ["pismo.pdf"]


# --- the submission hook ------------------------------------------------------------------------------


def test_case_opened_from_a_submission_keeps_answers_files_and_applicant(catalogue, resident):
    from django.utils import timezone

    from eservices.forms.models import Submission

    service = catalogue.services["warunki"]  # a complex service: 2 months
    service.jrwa_symbol = "6730"
    service.save()
    files = {"zgoda": {"path": "eforms/x/zgoda.pdf", "name": "zgoda.pdf", "size": 10, "sha256": "ab" * 32}}
    submission = Submission.objects.create(
        user=resident,
        service=service,
        answers={"imie": "Jan", "nazwisko": "Nowak", "email": "jan@example.pl"},
        files=files,
        form_snapshot={"fields": []},
        unit_code="UM",
        year=2026,
        number=1,
        reference="UM-WN-1/2026",
        token="t" * 32,
        created_at=timezone.now(),
    )
    case = services.case_open_from_submission(submission=submission)
    assert services.case_open_from_submission(submission=submission) == case  # idempotent
    assert case.reference.startswith(f"{service.unit.code.upper()}.6730.1.")
    assert (case.applicant, case.applicant_name, case.applicant_pesel) == (resident, "Jan Nowak", "44051401359")
    assert case.files == files and case.answers["imie"] == "Jan"
    assert case.handling_months == 2
    assert case.events.get().kind == CaseEvent.Kind.SUBMITTED
