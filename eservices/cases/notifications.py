"""E-mails about a case, queued through ``cms.messaging`` inside the caller's transaction.

``queue_email`` writes an outbox row and sends it after commit (retried by its own task), so a
rolled-back action sends nothing and a retried task sends once. Keys: ``case:<id>:receipt`` for the
receipt, ``case:<id>:event:<event id>`` for an event (``…:clerk`` for the copy to the clerk).
Internal events never reach the applicant.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

TOPIC = "cases"


def _queue(**kwargs):
    from cms.messaging.services import queue_email

    return queue_email(topic=TOPIC, **kwargs)


def _case_url(case) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{reverse('cases:detail', kwargs={'pk': case.pk})}"


def _footer(case) -> str:
    return _("Szczegóły sprawy i odpowiedź: %(url)s\n\n%(unit)s") % {"url": _case_url(case), "unit": case.unit}


def _to_applicant(case, event, subject: str, body: str) -> None:
    if not case.applicant_email or event.internal or case.anonymised_at:
        return
    _queue(
        to=case.applicant_email,
        subject=subject,
        body=f"{body}\n\n{_footer(case)}",
        key=f"case:{case.pk}:event:{event.pk}",
    )


def receipt(*, case, document, pdf: bytes) -> None:
    if not case.applicant_email:
        return
    body = _(
        "Dzień dobry,\n\nurząd otrzymał Twój wniosek „%(title)s”. Nadaliśmy mu znak sprawy %(reference)s.\n"
        "W załączniku jest urzędowe potwierdzenie odbioru (UPO) z kodem weryfikacyjnym %(code)s.\n"
        "Termin załatwienia sprawy: %(due)s."
    ) % {
        "title": case.title,
        "reference": case.reference,
        "code": case.verification_code,
        "due": case.due_date.strftime("%d.%m.%Y"),
    }
    _queue(
        to=case.applicant_email,
        subject=_("Potwierdzenie złożenia wniosku %(ref)s") % {"ref": case.reference},
        body=f"{body}\n\n{_footer(case)}",
        key=f"case:{case.pk}:receipt",
        attachments=[(document.name, pdf, "application/pdf")],
    )


def status_changed(*, case, event) -> None:
    body = _("Sprawa %(reference)s („%(title)s”) ma nowy status: %(status)s.") % {
        "reference": case.reference,
        "title": case.title,
        "status": case.get_status_display(),
    }
    if event.comment:
        body += "\n\n" + event.comment
    _to_applicant(
        case,
        event,
        _("Sprawa %(ref)s: %(status)s") % {"ref": case.reference, "status": case.get_status_display()},
        body,
    )


def supplement_requested(*, case, event, request) -> None:
    body = _(
        "W sprawie %(reference)s prosimy o uzupełnienie wniosku do %(deadline)s:\n\n%(text)s\n\n"
        "Odpowiedz na stronie sprawy; możesz dołączyć pliki. Do czasu uzupełnienia bieg terminu "
        "załatwienia sprawy jest wstrzymany."
    ) % {"reference": case.reference, "deadline": request.deadline.strftime("%d.%m.%Y"), "text": request.text}
    _to_applicant(case, event, _("Uzupełnij wniosek %(ref)s") % {"ref": case.reference}, body)


def message_to_applicant(*, case, event) -> None:
    body = _("Nowa wiadomość w sprawie %(reference)s:\n\n%(text)s") % {
        "reference": case.reference,
        "text": event.comment,
    }
    _to_applicant(case, event, _("Wiadomość w sprawie %(ref)s") % {"ref": case.reference}, body)


def _to_clerk(case, event, subject: str, body: str) -> None:
    clerk = case.assigned_to
    if clerk is None or not clerk.email:
        return
    _queue(to=clerk.email, subject=subject, body=body, key=f"case:{case.pk}:event:{event.pk}:clerk")


def message_to_clerk(*, case, event) -> None:
    _to_clerk(
        case,
        event,
        _("Wnioskodawca napisał w sprawie %(ref)s") % {"ref": case.reference},
        _("%(name)s napisał(a) w sprawie %(ref)s:\n\n%(text)s")
        % {"name": case.applicant_name, "ref": case.reference, "text": event.comment},
    )


def supplement_received(*, case, event) -> None:
    _to_clerk(
        case,
        event,
        _("Uzupełnienie w sprawie %(ref)s") % {"ref": case.reference},
        _("Wnioskodawca uzupełnił wniosek w sprawie %(ref)s. Bieg terminu został wznowiony.") % {"ref": case.reference},
    )
    body = _("Otrzymaliśmy uzupełnienie wniosku w sprawie %(ref)s. Sprawa jest znów w toku.") % {"ref": case.reference}
    _to_applicant_copy(case, event, body)


def _to_applicant_copy(case, event, body: str) -> None:
    if not case.applicant_email or case.anonymised_at:
        return
    _queue(
        to=case.applicant_email,
        subject=_("Sprawa %(ref)s: w toku") % {"ref": case.reference},
        body=f"{body}\n\n{_footer(case)}",
        key=f"case:{case.pk}:event:{event.pk}",
    )


def deadline_digest(*, clerk, overdue: list, due_soon: list, today) -> None:
    """The daily list of a clerk's overdue and due-soon cases (key per clerk and day)."""
    lines = []
    if overdue:
        lines.append(_("Po terminie:"))
        lines += [f"  {c.reference} — {c.title} (termin {c.due_date:%d.%m.%Y})" for c in overdue]
    if due_soon:
        lines.append(_("Termin mija wkrótce:"))
        lines += [f"  {c.reference} — {c.title} (termin {c.due_date:%d.%m.%Y})" for c in due_soon]
    _queue(
        to=clerk.email,
        subject=_("Twoje sprawy: %(o)d po terminie, %(s)d z bliskim terminem")
        % {"o": len(overdue), "s": len(due_soon)},
        body="\n".join(lines),
        key=f"cases:digest:{clerk.pk}:{today.isoformat()}",
    )
