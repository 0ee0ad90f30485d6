"""Writing the access log. Called from views, never from models or signals: only a view knows that
a person looked at the data (a background job that reads it is not an access by staff)."""

from __future__ import annotations

from .models import AccessLogEntry


def access_log_record(
    *, request, action: str, subject_type: str, subject_id, subject_label: str = ""
) -> AccessLogEntry | None:
    """One entry for ``request.user`` (staff) viewing, exporting or changing a person's data.
    Anonymous requests are not logged (they cannot reach such data)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return AccessLogEntry.objects.create(
        user=user,
        user_email=user.email,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id)[:64],
        subject_label=(subject_label or "")[:200],
        path=request.get_full_path()[:500],
        ip=request.META.get("REMOTE_ADDR") or None,
    )


def access_log_record_many(*, request, action: str, subject_type: str, subjects) -> int:
    """An export of many people's data: one entry per person, in one bulk insert.
    ``subjects``: pairs of (id, label)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    path, ip = request.get_full_path()[:500], request.META.get("REMOTE_ADDR") or None
    entries = [
        AccessLogEntry(
            user=user,
            user_email=user.email,
            action=action,
            subject_type=subject_type,
            subject_id=str(subject_id)[:64],
            subject_label=(label or "")[:200],
            path=path,
            ip=ip,
        )
        for subject_id, label in subjects
    ]
    AccessLogEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)
