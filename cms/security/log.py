"""The ``ratusz.security`` logger: one WARNING line for every request the project refuses as hostile or
malformed (an open redirect in ``next=``, a rate limit hit, a refused upload name). Django's own
``django.security.*`` loggers already report CSRF failures and disallowed hosts. Production ships these
as JSON lines (``cms/settings/production.py``), so they can be alerted on."""

import logging

logger = logging.getLogger("ratusz.security")


def client_address(request) -> str:
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "") or ""


def security_refusal(*, request, event: str, **details) -> None:
    """Log one refusal: what was refused, where, from which address (never a password or a token)."""
    extra = " ".join(f"{key}={str(value)[:200]!r}" for key, value in sorted(details.items()))
    logger.warning(
        "refused %s path=%s ip=%s %s",
        event,
        getattr(request, "path", ""),
        client_address(request),
        extra,
        extra={"security_event": event, **{f"security_{k}": str(v)[:200] for k, v in details.items()}},
    )
