"""Every allowed and every forbidden transition of the ONE table, through the real services."""

import pytest

from eservices.cases import services
from eservices.cases.models import Case, CaseEvent
from eservices.cases.workflow import TRANSITIONS, Action, CaseError, Status, TransitionNotAllowed, next_status

from .conftest import pdf_upload

ALLOWED = sorted(TRANSITIONS.items())
FORBIDDEN = sorted((a, s) for a in Action for s in Status if (a, s) not in TRANSITIONS)


def bring_to(case: Case, status: str, clerk) -> Case:
    """Put ``case`` in ``status``; an awaiting case gets a real open supplement request."""
    if status == Status.AWAITING_SUPPLEMENT:
        Case.objects.filter(pk=case.pk).update(status=Status.IN_PROGRESS, assigned_to=clerk)
        case.refresh_from_db()
        services.case_request_supplement(case=case, actor=clerk, text="Brak zgody właściciela lokalu.")
    else:
        Case.objects.filter(pk=case.pk).update(status=status, assigned_to=clerk)
    case.refresh_from_db()
    return case


def perform(action: str, case: Case, *, clerk, applicant, library):
    if action == Action.REGISTER:
        return services.case_register(case=case, clerk=clerk, actor=clerk)
    if action == Action.START:
        return services.case_start(case=case, actor=clerk)
    if action == Action.REQUEST_SUPPLEMENT:
        return services.case_request_supplement(case=case, actor=clerk, text="Dołącz skan dowodu.")
    if action == Action.RECEIVE_SUPPLEMENT:
        return services.case_supplement_reply(case=case, user=applicant, text="Dołączam zgodę.")
    if action == Action.RESUME:
        return services.case_resume(case=case, actor=clerk, comment="Dokumenty są w aktach.")
    if action == Action.DECIDE:
        return services.case_decide(case=case, actor=clerk, upload=pdf_upload())
    if action == Action.REFUSE:
        return services.case_refuse(case=case, actor=clerk, comment="Brak podstawy prawnej.")
    if action == Action.LEAVE_UNEXAMINED:
        return services.case_leave_unexamined(case=case, actor=clerk, comment="Nie uzupełniono braków.")
    if action == Action.WITHDRAW:
        return services.case_withdraw(case=case, user=applicant)
    if action == Action.ROUTE:
        return services.case_route(case=case, actor=clerk, unit=library)
    raise AssertionError(action)


@pytest.mark.parametrize(("key", "target"), ALLOWED, ids=[f"{a}-from-{s}" for (a, s), _ in ALLOWED])
def test_allowed_transition_moves_the_case_and_records_it(key, target, open_case, clerk, resident, library):
    action, source = key
    case = bring_to(open_case(), source, clerk)
    events_before = case.events.count()
    perform(action, case, clerk=clerk, applicant=resident, library=library)
    case.refresh_from_db()
    assert case.status == target
    last = case.events.order_by("-id").first()
    assert case.events.count() > events_before
    assert (last.status_from, last.status_to) == (source, target)
    assert (case.closed_at is not None) == case.is_final


@pytest.mark.parametrize(("action", "source"), FORBIDDEN, ids=[f"{a}-from-{s}" for a, s in FORBIDDEN])
def test_forbidden_transition_is_refused_with_polish_message_and_case_unchanged(
    action, source, open_case, clerk, resident, library
):
    case = bring_to(open_case(), source, clerk)
    before = Case.objects.values().get(pk=case.pk)
    events = CaseEvent.objects.filter(case=case).count()
    documents = case.documents.count()
    with pytest.raises(CaseError) as error:
        perform(action, case, clerk=clerk, applicant=resident, library=library)
    assert error.value.message  # a sentence for the person, in Polish
    assert any(word in error.value.message for word in ("Nie można", "nie czeka", "zakończona", "Sprawa"))
    assert Case.objects.values().get(pk=case.pk) == before
    assert CaseEvent.objects.filter(case=case).count() == events
    assert case.documents.count() == documents


def test_transition_message_names_the_action_and_status():
    with pytest.raises(TransitionNotAllowed) as error:
        next_status(Action.DECIDE, Status.WITHDRAWN)
    assert error.value.message == "Nie można wykonać czynności „załatw sprawę”, gdy sprawa ma status „wycofana”."
