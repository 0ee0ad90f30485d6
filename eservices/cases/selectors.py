"""Reads of cases: the resident's own cases, the staff's scope, deadline flags, receipt data.

Scope rules (``cases_for_staff``): a superuser sees every case; a ``secretary`` every case of every
unit; a ``head`` or ``clerk`` the cases of the units they work in (``CaseWorker``). A resident sees
only cases whose ``applicant`` is them, and never an internal event or document.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import BooleanField, Prefetch, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from .deadlines import is_working_day
from .models import Case, CaseDocument, CaseEvent, CaseWorker, SupplementRequest
from .workflow import FINAL_STATUSES, OPEN_STATUSES, SUSPENDED_STATUSES

Role = CaseWorker.Role


# --- resident ---------------------------------------------------------------------------------------


def cases_for_resident(*, user) -> QuerySet[Case]:
    """The person's own cases, newest first, with what the list shows joined in (constant queries)."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return (
        Case.objects.filter(applicant=user)
        .select_related("service", "unit")
        .only(
            "id",
            "reference",
            "title",
            "status",
            "due_date",
            "received_at",
            "closed_at",
            "suspended_since",
            "service__id",
            "service__title",
            "service__url_path",
            "unit__id",
            "unit__name",
            "unit__short_name",
        )
        .order_by("-received_at", "-id")
    )


def case_for_resident(*, user, pk: int) -> Case:
    """The applicant's case ``pk`` or 404 (another person's case is indistinguishable from none)."""
    case = Case.objects.select_related("service", "unit", "assigned_to").filter(pk=pk, applicant=user).first()
    if case is None or not getattr(user, "is_authenticated", False):
        raise Http404
    return case


def timeline_for_resident(*, case: Case) -> list[CaseEvent]:
    """Events the applicant may see (never internal notes), with their visible documents."""
    return list(
        case.events.filter(internal=False)
        .select_related("actor")
        .prefetch_related(Prefetch("documents", queryset=CaseDocument.objects.filter(visible_to_applicant=True)))
        .order_by("created_at", "id")
    )


def documents_for_resident(*, case: Case) -> list[CaseDocument]:
    return list(case.documents.filter(visible_to_applicant=True).order_by("created_at", "id"))


def document_for_resident(*, user, case_pk: int, document_pk: int) -> CaseDocument:
    document = (
        CaseDocument.objects.select_related("case")
        .filter(pk=document_pk, case_id=case_pk, case__applicant=user, visible_to_applicant=True)
        .first()
    )
    if document is None or not getattr(user, "is_authenticated", False):
        raise Http404
    return document


def open_supplement_request(*, case: Case) -> SupplementRequest | None:
    if case.status not in SUSPENDED_STATUSES:
        return None
    return case.supplement_requests.filter(answered_at__isnull=True, closed_at__isnull=True).first()


def case_by_verification_code(*, code: str) -> Case | None:
    """For the public ``/weryfikacja/<code>/`` page: only reference, service title and date are shown."""
    if not code:
        return None
    return Case.objects.filter(verification_code=code).only("reference", "title", "received_at").first()


# --- staff ------------------------------------------------------------------------------------------


def staff_roles(*, user) -> dict[int, str]:
    """``{unit_id: role}`` of the person's case-handling roles."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(CaseWorker.objects.filter(user=user).values_list("unit_id", "role"))


def is_secretary(*, user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or Role.SECRETARY in staff_roles(user=user).values()


def cases_for_staff(*, user) -> QuerySet[Case]:
    """Every case the person may see in the back office (see the module docstring)."""
    base = Case.objects.select_related("service", "unit", "assigned_to")
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return base.none()
    if user.is_superuser:
        return base
    roles = staff_roles(user=user)
    if Role.SECRETARY in roles.values():
        return base
    return base.filter(unit_id__in=list(roles))


def staff_can_view(*, user, case: Case) -> bool:
    return cases_for_staff(user=user).filter(pk=case.pk).exists()


def staff_can_act(*, user, case: Case) -> bool:
    """Act on the case (start, request, message, note, document, decide): the assigned clerk, the
    unit's head, a secretary or a superuser; any clerk of the unit while it is not assigned yet."""
    if getattr(user, "is_superuser", False):
        return True
    role = staff_roles(user=user).get(case.unit_id)
    if role in (Role.HEAD, Role.SECRETARY) or is_secretary(user=user):
        return True
    return role == Role.CLERK and case.assigned_to_id in (None, user.pk)


def staff_can_assign(*, user, case: Case) -> bool:
    """Assign to someone else: the unit's head, a secretary, a superuser (a clerk may take it himself)."""
    if getattr(user, "is_superuser", False) or is_secretary(user=user):
        return True
    return staff_roles(user=user).get(case.unit_id) == Role.HEAD


def staff_can_route(*, user, case: Case) -> bool:
    return is_secretary(user=user)


def clerks_of_unit(*, unit) -> QuerySet:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(case_roles__unit=unit, is_active=True).distinct().order_by("last_name")


# --- deadlines --------------------------------------------------------------------------------------


def due_soon_limit(*, today: dt.date) -> dt.date:
    """The last day that counts as "due soon": ``RATUSZ_CASES_DUE_SOON_WORKING_DAYS`` working days on."""
    day, left = today, int(getattr(settings, "RATUSZ_CASES_DUE_SOON_WORKING_DAYS", 3))
    while left > 0:
        day += dt.timedelta(days=1)
        left -= is_working_day(day)
    return day


def overdue_q(*, today: dt.date) -> Q:
    """Open, clock running, past the due date (a case awaiting a supplement is never overdue)."""
    running = [s for s in OPEN_STATUSES if s not in SUSPENDED_STATUSES]
    return Q(status__in=running, due_date__lt=today)


def due_soon_q(*, today: dt.date) -> Q:
    running = [s for s in OPEN_STATUSES if s not in SUSPENDED_STATUSES]
    return Q(status__in=running, due_date__gte=today, due_date__lte=due_soon_limit(today=today))


def with_deadline_flags(queryset: QuerySet[Case], *, today: dt.date | None = None) -> QuerySet[Case]:
    """Annotate ``overdue`` and ``due_soon`` (booleans) in SQL, for lists and filters."""
    today = today or timezone.localdate()
    return queryset.annotate(
        overdue=When_(
            When(overdue_q(today=today), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        due_soon=When_(
            When(due_soon_q(today=today), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    )


def deadline_digest(*, today: dt.date | None = None) -> dict[int, dict[str, list[Case]]]:
    """``{clerk_id: {"overdue": [...], "due_soon": [...]}}`` for the daily e-mail to each clerk."""
    today = today or timezone.localdate()
    rows = (
        Case.objects.filter(assigned_to__isnull=False)
        .filter(overdue_q(today=today) | due_soon_q(today=today))
        .select_related("assigned_to")
        .only(
            "id",
            "reference",
            "title",
            "due_date",
            "status",
            "assigned_to__id",
            "assigned_to__email",
            "assigned_to__first_name",
            "assigned_to__last_name",
        )
        .order_by("due_date", "id")
    )
    digest: dict[int, dict[str, list[Case]]] = {}
    for case in rows:
        bucket = digest.setdefault(case.assigned_to_id, {"overdue": [], "due_soon": [], "clerk": case.assigned_to})
        bucket["overdue" if case.due_date < today else "due_soon"].append(case)
    return digest


def is_final_status(status: str) -> bool:
    return status in FINAL_STATUSES


# --- receipts and letters ---------------------------------------------------------------------------


def answers_for_display(*, case: Case) -> list[tuple[str, str]]:
    """``(label, display value)`` in form order; headings and steps as ``("## title", "")``."""
    from eservices.forms.fields import display_answer

    rows: list[tuple[str, str]] = []
    fields = (case.form_snapshot or {}).get("fields") or []
    if not fields:
        return [(str(k), str(v)) for k, v in (case.answers or {}).items()]
    first = (case.form_snapshot or {}).get("first_step_title")
    if first:
        rows.append((f"## {first}", ""))
    for item in fields:
        kind, value = item.get("type"), item.get("value") or {}
        if kind in ("heading", "step_break"):
            title = value.get("title") or value.get("text") or ""
            if title:
                rows.append((f"## {title}", ""))
            continue
        name = value.get("name")
        if not name or (name not in case.answers and name not in (case.files or {})):
            continue
        rows.append((value.get("label") or name, display_answer(kind, case.answers.get(name), case.files, name)))
    return rows


def attachments_for_display(*, case: Case) -> list[tuple[str, int, str]]:
    from eservices.forms.fields import file_entries

    return [
        (meta.get("name", ""), int(meta.get("size") or 0), meta.get("sha256", ""))
        for _key, meta in file_entries(case.files)
    ]


def verification_url(*, code: str) -> str:
    from django.urls import reverse

    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{reverse('cases:verify_code', kwargs={'code': code})}"


def receipt_data_for(*, case: Case):
    """The ``ReceiptData`` of the case's UPO: office, service, reference, time, applicant, answers, files."""
    from .receipts import ReceiptData

    unit = case.unit
    return ReceiptData(
        office_name=unit.name,
        office_address=unit.address_lines,
        service_title=case.title,
        reference=case.reference,
        received_at=case.received_at,
        applicant_name=case.applicant_name,
        applicant_email=case.applicant_email,
        applicant_pesel=case.applicant_pesel,
        answers=answers_for_display(case=case),
        attachments=attachments_for_display(case=case),
        verification_code=case.verification_code,
        verification_url=verification_url(code=case.verification_code),
    )


def letter_data_for(*, case: Case, title: str, body: str, signer_name: str, signer_title: str, today: dt.date):
    from .receipts import LetterData

    unit = case.unit
    addressee = [case.applicant_name] + [line for line in case.applicant_address.split(", ") if line]
    return LetterData(
        office_name=unit.name,
        office_address=unit.address_lines,
        place_and_date=f"{unit.city}, {date_format(today, 'j E Y')} r.",
        reference=case.reference,
        addressee=addressee,
        title=title,
        body=body,
        signer_name=signer_name,
        signer_title=signer_title or unit.head_title,
    )
