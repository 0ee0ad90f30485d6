"""Reads of application forms and drafts."""

from django.utils import timezone

from .models import ApplicationForm, Draft


def form_for_service(*, service) -> ApplicationForm | None:
    """The service's form when it can take applications: the form is on and the card is published."""
    if not service.live:
        return None
    form = ApplicationForm.objects.filter(service=service, live=True).first()
    return form


def drafts_for_user(*, user) -> list[Draft]:
    """The person's own unexpired drafts, newest first."""
    if not user.is_authenticated:
        return []
    return list(Draft.objects.filter(user=user, expires_at__gt=timezone.now()).select_related("form", "form__service"))
