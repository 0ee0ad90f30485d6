"""Demo cases: clerks for a few units and ~30 cases of the demo residents in every status.

Idempotent: run after the accounts, units and the service catalogue are seeded; a second run finds
the demo cases (by the residents' existing cases) and adds nothing. Returns the staff accounts
(e-mail, password, description) for the seed summary.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.units.models import OrgUnit

from . import services
from .models import Case, CaseDocument, CaseWorker

CLERKS = [
    # e-mail, password, first name, last name, unit code, role, description
    (
        "urzednik@ratusz.local",
        "ratusz-urzednik-demo",
        "Tomasz",
        "Urzędniczy",
        "UM",
        CaseWorker.Role.CLERK,
        "urzędnik Urzędu Miejskiego (sprawy UM)",
    ),
    (
        "kierownik@ratusz.local",
        "ratusz-kierownik-demo",
        "Barbara",
        "Kierownicza",
        "UM",
        CaseWorker.Role.HEAD,
        "kierownik wydziału (wszystkie sprawy UM, przydziela)",
    ),
    (
        "sekretariat@ratusz.local",
        "ratusz-sekretariat-demo",
        "Ewa",
        "Kancelaryjna",
        "UM",
        CaseWorker.Role.SECRETARY,
        "sekretariat (rejestruje sprawy z okienka, przekazuje do jednostek)",
    ),
]
RESIDENTS = ["mieszkaniec@ratusz.local", "zweryfikowany@ratusz.local"]
PLAN = (
    ["submitted"] * 5
    + ["registered"] * 5
    + ["in_progress"] * 6
    + ["awaiting"] * 4
    + ["resolved"] * 5
    + ["refused", "left_unexamined", "withdrawn", "withdrawn", "overdue"]
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _clerks() -> list:
    user_model = get_user_model()
    staff = []
    for email, password, first, last, code, role, _description in CLERKS:
        unit = OrgUnit.objects.filter(code__iexact=code).first()
        if unit is None:
            continue
        user, created = user_model.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "is_staff": True}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        CaseWorker.objects.get_or_create(user=user, unit=unit, defaults={"role": role})
        staff.append(user)
    return staff


@transaction.atomic
def seed_cases() -> list[tuple[str, str, str]]:
    """Create the demo clerks and cases (once)."""
    from eservices.catalogue.models import ServicePage

    _clerks()
    summary = [(email, password, description) for email, password, *_rest, description in CLERKS]
    residents = list(get_user_model().objects.filter(email__in=RESIDENTS))
    clerk = get_user_model().objects.filter(email=CLERKS[0][0]).first()
    if not residents or clerk is None or Case.objects.filter(applicant__in=residents).exists():
        return summary
    services_ = list(ServicePage.objects.live().filter(unit__code__iexact="UM").order_by("title")[:8])
    if not services_:
        return summary
    now = timezone.now()
    for index, plan in enumerate(PLAN):
        resident, service = residents[index % len(residents)], services_[index % len(services_)]
        received = now - dt.timedelta(days=45 if plan == "overdue" else (len(PLAN) - index))
        case = services.case_open(
            unit=service.unit,
            service=service,
            title=service.title,
            applicant=resident,
            applicant_name=resident.get_full_name() or resident.email,
            applicant_email=resident.email,
            applicant_pesel=resident.pesel,
            answers={"uwagi": "Wniosek demonstracyjny."},
            received_at=received,
        )
        if plan == "submitted":
            continue
        if plan == "withdrawn" and index % 2:
            services.case_withdraw(case=case, user=resident, comment="Sprawa nieaktualna.")
            continue
        services.case_register(case=case, clerk=clerk, actor=clerk)
        if plan == "registered":
            continue
        if plan == "withdrawn":
            services.case_withdraw(case=case, user=resident)
            continue
        services.case_start(case=case, actor=clerk)
        services.case_add_note(case=case, actor=clerk, text="Sprawdzono dane w rejestrze mieszkańców.")
        if plan == "awaiting":
            services.case_request_supplement(case=case, actor=clerk, text="Prosimy o skan zgody właściciela lokalu.")
        elif plan == "resolved":
            document = services.case_attach_document(
                case=case, actor=clerk, kind=CaseDocument.Kind.REPLY, content=PDF, name=f"odpowiedz-{case.pk}.pdf"
            )
            services.case_decide(case=case, actor=clerk, document=document, comment="Sprawa załatwiona.")
        elif plan == "refused":
            services.case_refuse(case=case, actor=clerk, comment="Wnioskodawca nie spełnia warunków ustawowych.")
        elif plan == "left_unexamined":
            services.case_leave_unexamined(case=case, actor=clerk, comment="Nie uzupełniono braków w terminie.")
        elif index % 3 == 0:
            services.case_message_to_applicant(case=case, actor=clerk, text="Sprawa jest w toku, odezwiemy się.")
    return summary
