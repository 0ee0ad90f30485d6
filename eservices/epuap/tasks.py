"""Celery tasks of the ePUAP gateway: thin wrappers around ``inbound`` and ``outbound``, retried."""

from celery import shared_task


@shared_task(name="epuap.pull_all")
def pull_all() -> int:
    """Periodic (beat, every 5 minutes): one pull task per unit mailbox, and a new attempt for every
    dispatch left *pending* for 5 minutes (its retry was lost with a worker, or tasks run eagerly and
    have no countdown retries). Returns how many mailboxes were queued."""
    import datetime as dt

    from django.utils import timezone

    from .inbound import mailboxes_to_pull
    from .models import OutboundDispatch

    units = list(mailboxes_to_pull().values_list("pk", flat=True))
    for pk in units:
        pull_mailbox.delay(pk)
    stale = timezone.now() - dt.timedelta(minutes=5)
    for pk in OutboundDispatch.objects.filter(status=OutboundDispatch.Status.PENDING, created_at__lt=stale).values_list(
        "pk", flat=True
    ):
        send_dispatch.delay(pk)
    return len(units)


@shared_task(name="epuap.pull_mailbox", bind=True, max_retries=5, acks_late=True)
def pull_mailbox(self, unit_id: int) -> int:
    """Pull one unit's mailbox; a transient gateway error is retried with backoff (the error is shown)."""
    from cms.units.models import OrgUnit

    from .gateway import GatewayError
    from .inbound import mailbox_pull

    try:
        return mailbox_pull(unit=OrgUnit.objects.get(pk=unit_id)).fetched
    except GatewayError as error:
        if error.transient and not self.request.is_eager:
            raise self.retry(exc=error, countdown=min(60 * 2**self.request.retries, 1800)) from error
        return 0


@shared_task(name="epuap.send", bind=True, max_retries=8, acks_late=True)
def send_dispatch(self, dispatch_id: int) -> str:
    """Send one dispatch; the service records attempts and errors, the task only schedules retries."""
    from .gateway import GatewayError
    from .outbound import dispatch_send

    try:
        return dispatch_send(dispatch_id=dispatch_id).status
    except GatewayError as error:
        if self.request.is_eager:
            return "pending"
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 3600)) from error
