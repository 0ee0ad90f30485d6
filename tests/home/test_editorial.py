"""Each unit's own section: who may edit and publish what, the review workflow, scheduled publishing.

Everything goes through the real admin URLs with the Django test client, the way an editor works.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupPagePermission, Page, TaskState, Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from home.editorial.services import CENTRAL_GROUP, central_editors_setup, unit_section_setup
from home.models import NewsPage, UnitPage
from home.tasks import PUBLISH_SCHEDULED_LOCK, publish_scheduled_pages
from tests.factories import OrgUnitFactory, UserFactory

EDIT_FORM = "page-edit-form"


def wagtail_pl(message: str) -> str:
    """A Wagtail admin message as a Polish-speaking editor sees it (English where Wagtail has no
    Polish translation yet)."""
    with translation.override("pl"):
        return gettext(message)


def messages_of(response) -> list[str]:
    return [str(m).strip() for m in get_messages(response.wsgi_request)]


@pytest.fixture
def editorial(site_tree):
    """The small site with sections for the office (UM) and the library (MGBP) and their staff."""
    office_page, library_page = (p.specific for p in site_tree.unit_pages)
    central_editors_setup(home_page=site_tree.home)
    office = unit_section_setup(unit=office_page.unit, unit_page=office_page)
    library = unit_section_setup(unit=library_page.unit, unit_page=library_page)

    def staff(email, group):
        user = UserFactory(email=email, is_staff=True)
        user.groups.add(group)
        return user

    draft = NewsPage(title="Ferie w bibliotece", slug="ferie-w-bibliotece", intro="Zajęcia dla dzieci.", live=False)
    library_page.add_child(instance=draft)
    draft.save_revision()
    return type(
        "Editorial",
        (),
        {
            "site": site_tree,
            "office": office,
            "library": library,
            "draft": draft,
            "library_editor": staff("redaktor.biblioteka@example.pl", library.editors),
            "library_moderator": staff("moderator.biblioteka@example.pl", library.moderators),
            "second_moderator": staff("moderator2.biblioteka@example.pl", library.moderators),
            "office_editor": staff("redaktor.um@example.pl", office.editors),
            "central_editor": staff("redakcja@example.pl", Group.objects.get(name=CENTRAL_GROUP)),
        },
    )


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def post_edit(client, page, *, action: str | None = None, **changes):
    """Load the edit form as the browser would, change fields, press a button (``action-<name>``)."""
    form = querydict_from_html(client.get(edit_url(page)).content.decode(), form_id=EDIT_FORM)
    form.setdefault("body-count", "0")  # StreamFields are drawn by JavaScript; the test pages have empty bodies
    for name, value in changes.items():
        form[name] = value
    if action:
        form[f"action-{action}"] = "1"
    return client.post(edit_url(page), form)


def submit(client, editor, page, **changes):
    client.force_login(editor)
    response = post_edit(client, page, action="submit", **changes)
    assert response.status_code == 302, messages_of(response)
    return page.specific_class.objects.get(pk=page.pk)


def workflow_action(client, user, page, action: str, **data):
    page = Page.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    client.force_login(user)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]), data, follow=True
    )


# --- Sections and permissions --------------------------------------------------------------------


@pytest.mark.django_db
def test_unit_section_setup_is_idempotent_and_follows_a_renamed_unit(editorial):
    counts = (Group.objects.count(), Collection.objects.count(), Workflow.objects.count())
    perms = GroupPagePermission.objects.count()
    unit = editorial.library.unit
    unit.short_name = "Biblioteka Miejska"
    unit.save()

    again = unit_section_setup(unit=unit, unit_page=editorial.library.unit_page)

    assert (Group.objects.count(), Collection.objects.count(), Workflow.objects.count()) == counts
    assert GroupPagePermission.objects.count() == perms
    assert again.editors.pk == editorial.library.editors.pk
    assert again.editors.name == "Biblioteka Miejska (MGBP) — redaktorzy"
    assert again.workflow.name == "Akceptacja — Biblioteka Miejska (MGBP)"
    assert again.collection.get_parent().name == "Jednostki"


@pytest.mark.django_db
def test_editor_of_one_unit_cannot_open_another_units_page(client, editorial):
    client.force_login(editorial.library_editor)

    assert client.get(edit_url(editorial.library.unit_page)).status_code == 200
    response = client.get(edit_url(editorial.office.unit_page), follow=True)

    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert wagtail_pl("Sorry, you do not have permission to access this area.") in messages_of(response)


@pytest.mark.django_db
def test_editor_of_one_unit_cannot_open_another_units_media(client, editorial, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office_doc = get_document_model().objects.create(
        title="Regulamin urzędu", file=ContentFile(b"%PDF-1.4 demo", name="regulamin.pdf"),
        collection=editorial.office.collection,
    )  # fmt: skip
    library_doc = get_document_model().objects.create(
        title="Regulamin biblioteki", file=ContentFile(b"%PDF-1.4 demo", name="regulamin-b.pdf"),
        collection=editorial.library.collection,
    )  # fmt: skip
    office_image = get_image_model().objects.create(
        title="Rynek", file=_png_file(), collection=editorial.office.collection
    )
    client.force_login(editorial.library_editor)

    assert client.get(reverse("wagtaildocs:edit", args=[library_doc.pk])).status_code == 200
    for url in (
        reverse("wagtaildocs:edit", args=[office_doc.pk]),
        reverse("wagtailimages:edit", args=[office_image.pk]),
    ):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home"), url
        assert wagtail_pl("Sorry, you do not have permission to access this area.") in messages_of(response)
    # The image chooser lists only the library's own collection.
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert "Rynek" not in chooser.content.decode()


def _png_file():
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), "#1d3b6f").save(out, format="PNG")
    return ImageFile(BytesIO(out.getvalue()), name="rynek.png")


@pytest.mark.django_db
def test_editor_cannot_publish_directly(client, editorial):
    client.force_login(editorial.library_editor)

    response = post_edit(client, editorial.draft, action="publish", title="Ferie w bibliotece 2026")

    page = NewsPage.objects.get(pk=editorial.draft.pk)
    assert not page.live
    assert response.status_code == 302  # Wagtail saves a draft instead
    assert page.get_latest_revision().content["title"] == "Ferie w bibliotece 2026"
    assert not client.get("/urzad/jednostki/").content.decode().count("Ferie w bibliotece 2026")


@pytest.mark.django_db
def test_central_editor_publishes_in_any_unit(client, editorial):
    client.force_login(editorial.central_editor)

    post_edit(client, editorial.draft, action="publish")

    assert NewsPage.objects.get(pk=editorial.draft.pk).live


# --- Moderation ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_submission_goes_to_the_units_moderators_by_email(client, editorial):
    page = submit(client, editorial.library_editor, editorial.draft)

    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow == editorial.library.workflow  # not Wagtail's default "Moderators approval"
    recipients = {address for message in mail.outbox for address in message.to}
    assert editorial.library_moderator.email in recipients
    assert editorial.office_editor.email not in recipients
    assert editorial.library_editor.email not in recipients
    message = next(m for m in mail.outbox if editorial.library_moderator.email in m.to)
    assert "Ferie w bibliotece" in message.subject
    assert not NewsPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_approval_publishes_and_tells_the_editor(client, editorial):
    page = submit(client, editorial.library_editor, editorial.draft)
    mail.outbox.clear()

    workflow_action(client, editorial.library_moderator, page, "approve", comment="")

    assert NewsPage.objects.get(pk=page.pk).live
    assert any(editorial.library_editor.email in m.to for m in mail.outbox)
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_requesting_changes_does_not_publish_and_the_editor_sees_the_comment(client, editorial):
    page = submit(client, editorial.library_editor, editorial.draft)
    mail.outbox.clear()
    comment = "Proszę dodać godziny zajęć."

    workflow_action(client, editorial.library_moderator, page, "reject", comment=comment)

    assert not NewsPage.objects.get(pk=page.pk).live
    to_editor = [m for m in mail.outbox if editorial.library_editor.email in m.to]
    assert to_editor and comment in to_editor[0].body
    client.force_login(editorial.library_editor)
    editor_view = client.get(edit_url(page)).content.decode()  # the status panel of the edit page
    assert f"<em>&quot;{comment}&quot;</em>" in editor_view or f'<em>"{comment}"</em>' in editor_view


@pytest.mark.django_db
def test_editor_of_another_unit_cannot_approve(client, editorial):
    page = submit(client, editorial.library_editor, editorial.draft)

    workflow_action(client, editorial.office_editor, page, "approve", comment="")

    assert not NewsPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_page_changed_after_submission_is_not_published_unreviewed(client, editorial):
    """Bad input: a moderator approves the version they reviewed while a colleague changed the page.

    Wagtail publishes the *latest* revision on approval; with WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT
    the stale approval instead sends the page back to the moderators, and nothing is published.
    """
    page = submit(client, editorial.library_editor, editorial.draft)
    reviewed_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    client.force_login(editorial.second_moderator)
    post_edit(client, page, title="Ferie w bibliotece — zmienione")
    mail.outbox.clear()

    client.force_login(editorial.library_moderator)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", reviewed_state.pk]), {"comment": ""}
    )

    page = NewsPage.objects.get(pk=page.pk)
    assert not page.live
    new_state = page.current_workflow_task_state
    assert new_state.pk != reviewed_state.pk and new_state.status == TaskState.STATUS_IN_PROGRESS
    assert new_state.revision.content["title"] == "Ferie w bibliotece — zmienione"
    # The other moderators are asked to review the new version (the one who approved is not e-mailed).
    assert any(editorial.second_moderator.email in m.to for m in mail.outbox)

    workflow_action(client, editorial.library_moderator, page, "approve", comment="")
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live and page.title == "Ferie w bibliotece — zmienione"


@pytest.mark.django_db
def test_submitted_page_is_locked_for_the_editor(client, editorial):
    page = submit(client, editorial.library_editor, editorial.draft)

    response = post_edit(client, page, title="Poprawka w trakcie moderacji")

    assert wagtail_pl("The page could not be saved as it is locked.") in messages_of(response)
    assert page.get_latest_revision().content["title"] == "Ferie w bibliotece"


@pytest.mark.django_db
def test_page_locked_by_a_moderator_cannot_be_saved_by_an_editor(client, editorial):
    """Bad input: two people editing one page. The lock holder's work is kept; the other is told."""
    page = editorial.draft
    client.force_login(editorial.library_moderator)
    client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
    revisions = page.revisions.count()

    client.force_login(editorial.library_editor)
    shown = client.get(edit_url(page))
    response = post_edit(client, page, title="Nadpisanie cudzej pracy")

    assert "lock" in " ".join(m.tags for m in get_messages(shown.wsgi_request))
    assert wagtail_pl("The page could not be saved as it is locked.") in messages_of(response)
    assert page.revisions.count() == revisions


# --- Scheduled publishing ------------------------------------------------------------------------


def run_scheduler() -> None:
    assert publish_scheduled_pages.delay().get() is True


@pytest.mark.django_db
def test_expired_page_disappears_from_site_and_search(client, editorial):
    news = editorial.site.news[0]
    assert client.get(news.url).status_code == 200
    assert news.title in client.get("/szukaj/", {"q": "Komunikat"}).content.decode()
    NewsPage.objects.filter(pk=news.pk).update(expire_at=timezone.now() - dt.timedelta(seconds=1))

    run_scheduler()

    news.refresh_from_db()
    assert not news.live and news.expired
    assert client.get(news.url).status_code == 404
    assert news.title not in client.get("/szukaj/", {"q": "Komunikat"}).content.decode()


@pytest.mark.django_db
def test_scheduled_page_goes_live_when_the_task_runs_after_its_time(client, editorial):
    client.force_login(editorial.library_moderator)
    go_live = timezone.localtime() + dt.timedelta(hours=2)

    response = post_edit(client, editorial.draft, action="publish", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))

    page = NewsPage.objects.get(pk=editorial.draft.pk)
    assert not page.live
    scheduled = page.scheduled_revision
    assert scheduled is not None
    assert any("zaplanowana" in m or "scheduled" in m for m in messages_of(response))
    run_scheduler()
    assert not NewsPage.objects.get(pk=page.pk).live  # not yet

    # Two hours later: the scheduled revision's time has come.
    a_second_ago = timezone.now() - dt.timedelta(seconds=1)
    scheduled.content["go_live_at"] = a_second_ago.isoformat()
    scheduled.approved_go_live_at = a_second_ago
    scheduled.save(update_fields=["content", "approved_go_live_at"])
    run_scheduler()

    assert NewsPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_go_live_in_the_past_publishes_at_once(client, editorial):
    """Bad input: a go-live date already past. Wagtail publishes immediately and says so."""
    client.force_login(editorial.library_moderator)
    past = timezone.localtime() - dt.timedelta(days=1)

    response = post_edit(client, editorial.draft, action="publish", go_live_at=past.strftime("%Y-%m-%d %H:%M"))

    page = NewsPage.objects.get(pk=editorial.draft.pk)
    assert page.live and page.scheduled_revision is None
    with translation.override("pl"):
        expected = gettext("Page '%(page_title)s' has been published.") % {"page_title": page.title}
    assert any(message.startswith(escape(expected)) for message in messages_of(response))


@pytest.mark.django_db
def test_expiry_in_the_past_is_refused_and_nothing_is_saved(client, editorial):
    client.force_login(editorial.library_moderator)
    revisions = editorial.draft.revisions.count()
    past = timezone.localtime() - dt.timedelta(days=1)

    response = post_edit(client, editorial.draft, action="publish", expire_at=past.strftime("%Y-%m-%d %H:%M"))

    assert response.status_code == 200
    assert wagtail_pl("Expiry date/time must be in the future.") in response.content.decode()
    assert editorial.draft.revisions.count() == revisions
    assert not NewsPage.objects.get(pk=editorial.draft.pk).live


@pytest.mark.django_db
def test_scheduler_run_is_skipped_while_another_holds_the_lock(editorial):
    from django.core.cache import cache

    cache.add(PUBLISH_SCHEDULED_LOCK, 1, 60)
    assert publish_scheduled_pages.delay().get() is False
    cache.delete(PUBLISH_SCHEDULED_LOCK)
    assert publish_scheduled_pages.delay().get() is True


def test_beat_runs_the_scheduler_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    assert entry["task"] == publish_scheduled_pages.name
    assert entry["schedule"] == 60.0


# --- A new unit --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_unit_page_created_in_the_admin_gets_its_section(client, editorial, admin_user):
    unit = OrgUnitFactory(code="CK", short_name="Centrum Kultury", name="Centrum Kultury w Głogowie Małopolskim")
    index = editorial.site.units_index
    client.force_login(admin_user)
    add_url = reverse("wagtailadmin_pages:add", args=["home", "unitpage", index.pk])
    form = querydict_from_html(client.get(add_url).content.decode(), form_id=EDIT_FORM)
    form.update({"title": unit.name, "slug": "centrum-kultury", "unit": str(unit.pk), "body-count": "0"})

    response = client.post(add_url, form)

    assert response.status_code == 302, messages_of(response)
    page = UnitPage.objects.get(unit=unit)
    assert WorkflowPage.objects.get(page=page).workflow.name == "Akceptacja — Centrum Kultury (CK)"
    assert Group.objects.filter(name="Centrum Kultury (CK) — redaktorzy").exists()
    assert GroupPagePermission.objects.filter(group__name="Centrum Kultury (CK) — moderatorzy", page=page).exists()
