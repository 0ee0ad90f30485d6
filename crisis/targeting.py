"""Who hears an alert: the set query behind the fan-out and the recipient counts in the admin."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from .models import Alert, Category, Subscription


def recipients_for_alert(*, alert: Alert) -> QuerySet[Subscription]:
    """Confirmed subscriptions on the alert's channels, for one of its areas (or the whole gmina),
    with the alert's category among theirs; ordered by id so the fan-out can resume from a cursor.

    An unconfirmed (``pending``) or ``unsubscribed`` contact is never a recipient.
    """
    channels = [
        channel
        for channel, wanted in (
            (Subscription.Channel.EMAIL, alert.send_email),
            (Subscription.Channel.SMS, alert.send_sms),
        )
        if wanted
    ]
    if not channels:
        return Subscription.objects.none()
    area_ids = list(alert.areas.values_list("pk", flat=True))
    in_area = Exists(
        Subscription.areas.through.objects.filter(subscription_id=OuterRef("pk"), alertarea_id__in=area_ids)
    )
    bit = Category.bit(alert.category)
    return (
        Subscription.objects.filter(state=Subscription.State.CONFIRMED, channel__in=channels)
        .filter(Q(all_areas=True) | in_area)
        .annotate(category_hit=F("categories_mask").bitand(bit))
        .filter(category_hit__gt=0)
        .order_by("pk")
    )


def recipient_counts(*, alert: Alert) -> dict[str, int]:
    """``{"email": n, "sms": m}`` for the approval screen (one aggregate query)."""
    counts = {Subscription.Channel.EMAIL.value: 0, Subscription.Channel.SMS.value: 0}
    rows = recipients_for_alert(alert=alert).order_by().values("channel").annotate(n=Count("pk"))
    for row in rows:
        counts[row["channel"]] = row["n"]
    return counts
