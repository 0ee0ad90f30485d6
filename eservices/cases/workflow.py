"""The case workflow: statuses and the ONE table of allowed transitions.

Every status change in ``services`` goes through :func:`next_status`, so what is allowed is defined
here and nowhere else; a forbidden move raises :class:`TransitionNotAllowed` (a ``CaseError`` with a
Polish message) before anything is written.

KPA words: *złożona* (received), *zarejestrowana* (registered and assigned to a clerk of the
responsible unit), *w toku* (being handled), *oczekuje na uzupełnienie* (art. 64 § 2: the applicant
was asked to supply something; the art. 35 clock stops), then one of the final outcomes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("złożona")
    REGISTERED = "registered", _("zarejestrowana")
    IN_PROGRESS = "in_progress", _("w toku")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("oczekuje na uzupełnienie")
    RESOLVED = "resolved", _("załatwiona")
    REFUSED = "refused", _("odmowa")
    LEFT_UNEXAMINED = "left_unexamined", _("pozostawiona bez rozpatrzenia")
    WITHDRAWN = "withdrawn", _("wycofana")


class Action(models.TextChoices):
    REGISTER = "register", _("zarejestruj i przydziel")
    START = "start", _("rozpocznij załatwianie")
    REQUEST_SUPPLEMENT = "request_supplement", _("wezwij do uzupełnienia")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("uzupełnienie od wnioskodawcy")
    RESUME = "resume", _("wznów bez uzupełnienia")
    DECIDE = "decide", _("załatw sprawę")
    REFUSE = "refuse", _("odmów")
    LEAVE_UNEXAMINED = "leave_unexamined", _("pozostaw bez rozpatrzenia")
    WITHDRAW = "withdraw", _("wycofaj wniosek")
    ROUTE = "route", _("przekaż do innej jednostki")


S = Status
A = Action

#: (action, from status) -> to status. The only place that says which moves are allowed.
TRANSITIONS: dict[tuple[str, str], str] = {
    (A.REGISTER, S.SUBMITTED): S.REGISTERED,
    (A.START, S.REGISTERED): S.IN_PROGRESS,
    (A.REQUEST_SUPPLEMENT, S.REGISTERED): S.AWAITING_SUPPLEMENT,
    (A.REQUEST_SUPPLEMENT, S.IN_PROGRESS): S.AWAITING_SUPPLEMENT,
    (A.RECEIVE_SUPPLEMENT, S.AWAITING_SUPPLEMENT): S.IN_PROGRESS,
    (A.RESUME, S.AWAITING_SUPPLEMENT): S.IN_PROGRESS,
    (A.DECIDE, S.REGISTERED): S.RESOLVED,
    (A.DECIDE, S.IN_PROGRESS): S.RESOLVED,
    (A.REFUSE, S.REGISTERED): S.REFUSED,
    (A.REFUSE, S.IN_PROGRESS): S.REFUSED,
    # KPA art. 64 § 2: the applicant did not supply what was asked for (or the application is not one).
    (A.LEAVE_UNEXAMINED, S.REGISTERED): S.LEFT_UNEXAMINED,
    (A.LEAVE_UNEXAMINED, S.IN_PROGRESS): S.LEFT_UNEXAMINED,
    (A.LEAVE_UNEXAMINED, S.AWAITING_SUPPLEMENT): S.LEFT_UNEXAMINED,
    (A.WITHDRAW, S.SUBMITTED): S.WITHDRAWN,
    (A.WITHDRAW, S.REGISTERED): S.WITHDRAWN,
    (A.WITHDRAW, S.IN_PROGRESS): S.WITHDRAWN,
    (A.WITHDRAW, S.AWAITING_SUPPLEMENT): S.WITHDRAWN,
    # The secretary sends a case to the right unit; that unit registers it again.
    (A.ROUTE, S.SUBMITTED): S.SUBMITTED,
    (A.ROUTE, S.REGISTERED): S.SUBMITTED,
}

FINAL_STATUSES = frozenset({S.RESOLVED, S.REFUSED, S.LEFT_UNEXAMINED, S.WITHDRAWN})
OPEN_STATUSES = frozenset(set(Status) - FINAL_STATUSES)
#: Statuses in which the KPA art. 35 clock does not run for the office.
SUSPENDED_STATUSES = frozenset({S.AWAITING_SUPPLEMENT})


class CaseError(Exception):
    """A refused action on a case; ``message`` is Polish and meant for the person who tried."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class TransitionNotAllowed(CaseError):
    pass


def allowed_actions(status: str) -> list[str]:
    """Actions possible from ``status``, in the order of :class:`Action`."""
    return [action for action in Action if (action, status) in TRANSITIONS]


def is_allowed(action: str, status: str) -> bool:
    return (action, status) in TRANSITIONS


def next_status(action: str, status: str) -> str:
    """The status after ``action`` from ``status``, or :class:`TransitionNotAllowed`."""
    try:
        return TRANSITIONS[(action, status)]
    except KeyError:
        raise TransitionNotAllowed(
            _("Nie można wykonać czynności „%(action)s”, gdy sprawa ma status „%(status)s”.")
            % {"action": Action(action).label, "status": Status(status).label}
        ) from None
