"""Demo editorial back office: every unit's section, demo editors and moderators, one news to review.

Idempotent like the rest of ``seed_demo``: sections are set up by ``unit_section_setup`` (which adds
only what is missing), accounts are found by e-mail and keep a password someone changed, and the news
waiting for moderation is created (and submitted) only when it does not exist yet.
"""

import datetime as dt
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.admin.signal_handlers import register_signal_handlers
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_submitted

from home.editorial.services import central_editors_setup, unit_section_setup
from home.models import HomePage, NewsPage, UnitPage

from .content import paragraph

CENTRAL_ACCOUNTS = [
    ("redakcja@ratusz.local", "ratusz-demo-redakcja", "Marta", "Centralna", "Redakcja centralna (cały serwis)"),
]
# unit code, e-mail local part, role ("redaktor" | "moderator"), first name, last name
UNIT_ACCOUNTS = [
    ("MGBP", "redaktor.biblioteka", "redaktor", "Piotr", "Książkowski"),
    ("MGBP", "moderator.biblioteka", "moderator", "Anna", "Szpunar"),
    ("SP1", "redaktor.sp1", "redaktor", "Tomasz", "Szkolny"),
    ("SP1", "moderator.sp1", "moderator", "Małgorzata", "Wrona"),
]
DOMAIN = "ratusz.local"
LEGACY_EDITOR = "redaktor@ratusz.local"  # created by ``accounts.py`` in Wagtail's all-site "Editors" group
WAGTAIL_EDITORS = "Editors"

NEWS_SLUG = "nowe-godziny-otwarcia-filii-w-rudnej-malej"


@contextmanager
def _moderation_emails_muted():
    """Submitting the demo news must not print e-mails in the middle of the seed summary."""
    task_submitted.disconnect(sender=TaskState, dispatch_uid="group_approval_task_submitted_email_notification")
    workflow_submitted.disconnect(sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification")
    try:
        yield
    finally:
        register_signal_handlers()


def _account(email: str, password: str, first: str, last: str, group: Group):
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, "is_staff": True}
    )
    if created or not user.has_usable_password():
        user.set_password(password)
        user.save(update_fields=["password"])
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
    return user


def _news_to_moderate(unit_page: UnitPage, editor) -> None:
    """A draft news in the library's section, submitted for moderation by its editor."""
    if unit_page.get_children().filter(slug=NEWS_SLUG).exists():
        return
    news = NewsPage(
        title="Nowe godziny otwarcia filii w Rudnej Małej",
        slug=NEWS_SLUG,
        live=False,
        owner=editor,
        date=dt.date(2026, 2, 2),
        intro="Od lutego filia biblioteki w Rudnej Małej jest czynna także w soboty.",
        body=[paragraph("<p>Filia jest czynna od wtorku do piątku 12:00–18:00 oraz w soboty 9:00–13:00.</p>")],
    )
    unit_page.add_child(instance=news)
    news.save_revision(user=editor)
    with _moderation_emails_muted():
        news.get_workflow().start(news, editor)


def seed_editorial() -> list[tuple[str, str, str]]:
    """Set up every unit's section and the demo staff; returns (e-mail, password, description)."""
    summary = []
    home = HomePage.objects.first()
    central = central_editors_setup(home_page=home) if home is not None else None
    sections = {
        page.unit.code: unit_section_setup(unit=page.unit, unit_page=page)
        for page in UnitPage.objects.select_related("unit").order_by("path")
    }

    if central is not None:
        for email, password, first, last, description in CENTRAL_ACCOUNTS:
            _account(email, password, first, last, central)
            summary.append((email, password, description))
        legacy = get_user_model().objects.filter(email=LEGACY_EDITOR).first()
        if legacy is not None:
            # Wagtail's "Editors" group may edit every page of the site: far more than a redaktor needs.
            legacy.groups.remove(*Group.objects.filter(name=WAGTAIL_EDITORS))
            legacy.groups.add(central)

    users = {}
    for code, local, role, first, last in UNIT_ACCOUNTS:
        section = sections.get(code)
        if section is None:
            continue
        group = section.editors if role == "redaktor" else section.moderators
        email, password = f"{local}@{DOMAIN}", f"ratusz-demo-{role}"
        users[local] = _account(email, password, first, last, group)
        summary.append((email, password, f"{role} — {section.unit}"))

    if "MGBP" in sections and "redaktor.biblioteka" in users:
        _news_to_moderate(sections["MGBP"].unit_page, users["redaktor.biblioteka"])
    return summary
