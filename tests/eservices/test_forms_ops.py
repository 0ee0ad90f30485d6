"""Application forms, operations: resume link by e-mail, submissions in the admin, nightly cleanup,
concurrent numbering on PostgreSQL."""

import datetime as dt
import os
import re
import threading
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.signing import TimestampSigner
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eservices.forms import services
from eservices.forms.fields import definition_of
from eservices.forms.models import ApplicationForm, Draft, Submission
from eservices.forms.tasks import cleanup_drafts
from home.demo.forms_data import seed_application_forms
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = "/uslugi/zameldowanie/wniosek/"
LINK = re.compile(r"http://testserver/uslugi/zameldowanie/wniosek/wznow/[^/\s]+/")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meldunek(catalogue):
    seed_application_forms({"zameldowanie": catalogue.services["zameldowanie"]})
    return ApplicationForm.objects.get(service=catalogue.services["zameldowanie"])


@pytest.fixture
def resident(db):
    return UserFactory(email="jan@example.pl", first_name="Jan", last_name="Nowak", pesel="44051401359")


@pytest.fixture
def clerk(db):
    group = Group.objects.create(name="Wnioski — podgląd")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="eforms", codename="view_submission"),
    )
    user = UserFactory(email="urzednik@glogow-mlp.pl", is_staff=True)
    user.groups.add(group)
    return user


def _step1(client):
    return client.post(URL + "?krok=1", {"imie": "Jan", "nazwisko": "Nowak", "pesel": "44051401359",
                                         "email": "jan@example.pl", "telefon": ""})  # fmt: skip


def _step2(client, **extra):
    data = {"adres-pobytu__street": "Rynek", "adres-pobytu__house_number": "1",
            "adres-pobytu__postal_code": "36-060", "adres-pobytu__locality": "Głogów Małopolski",
            "data-zamieszkania": "2024-03-01", "wlasciciel": "tak", **extra}  # fmt: skip
    return client.post(URL + "?krok=2", data)


def _submit(client, **step2):
    _step1(client)
    _step2(client, **step2)
    client.post(URL + "?krok=3", {"zgoda-ewidencja": "on"})
    token = Draft.objects.get(user__email="jan@example.pl").submission_token
    client.post(URL + "?krok=4", {"submission_token": token, "declaration": "1"})
    return Submission.objects.get(token=token)


# --- resume link by e-mail ------------------------------------------------------------------------


def _save_later(client, capture):
    _step1(client)
    with capture(execute=True):
        response = client.post(URL + "?krok=2", {"adres-pobytu__street": "Długa", "later": "1"})
    return response


def test_save_and_finish_later_sends_a_link_that_resumes_after_sign_in(
    client, meldunek, resident, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    response = _save_later(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == URL + "zapisany/"
    assert "Wysłaliśmy link na adres <strong>jan@example.pl</strong>" in client.get(response.url).content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jan@example.pl"]
    assert "Dokończ wniosek" in mail.outbox[0].subject
    link = LINK.search(mail.outbox[0].body).group(0)
    assert Draft.objects.get().answers["adres-pobytu"]["street"] == "Długa"  # the incomplete step is kept

    client.logout()
    response = client.get(link)
    assert response.status_code == 302 and response.url.startswith("/konto/logowanie/?next=")
    client.force_login(resident)
    response = client.get(link)
    assert response.status_code == 302 and response.url == URL + "?krok=2"
    body = client.get(response.url).content.decode()
    assert "Wracasz do zapisanego wniosku" in body and 'value="Długa"' in body


def test_save_later_on_a_valid_step_moves_the_link_to_the_next_step(
    client, meldunek, resident, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    _step1(client)
    with django_capture_on_commit_callbacks(execute=True):
        _step2(client, later="1")
    link = LINK.search(mail.outbox[0].body).group(0)
    assert client.get(link).url == URL + "?krok=3"
    assert Draft.objects.get().answers["data-zamieszkania"] == "2024-03-01"


def _link_and_draft(client, resident, capture):
    client.force_login(resident)
    _save_later(client, capture)
    draft = Draft.objects.get()
    return LINK.search(mail.outbox[0].body).group(0), draft


def test_tampered_link_is_refused_and_nothing_changes(client, meldunek, resident, django_capture_on_commit_callbacks):
    link, draft = _link_and_draft(client, resident, django_capture_on_commit_callbacks)
    tampered = link[:-2] + ("A" if link[-2] != "A" else "B") + "/"
    response = client.get(tampered)
    assert response.status_code == 400
    assert "Ten link jest nieprawidłowy" in response.content.decode()
    forged = link.replace(f"/wznow/{draft.pk}:", f"/wznow/{draft.pk + 1}:")
    assert client.get(forged).status_code == 400
    after = Draft.objects.get()
    assert (after.answers, after.current_step, after.updated_at) == (
        draft.answers,
        draft.current_step,
        draft.updated_at,
    )


def test_link_to_another_persons_draft_is_refused(client, meldunek, resident, django_capture_on_commit_callbacks):
    link, draft = _link_and_draft(client, resident, django_capture_on_commit_callbacks)
    client.force_login(UserFactory(email="obca@example.pl"))
    response = client.get(link)
    assert response.status_code == 403
    assert "wniosku innej osoby" in response.content.decode()
    assert Draft.objects.get().updated_at == draft.updated_at
    assert not Draft.objects.filter(user__email="obca@example.pl").exists()


def test_link_of_an_expired_draft_is_refused(client, meldunek, resident, django_capture_on_commit_callbacks):
    link, draft = _link_and_draft(client, resident, django_capture_on_commit_callbacks)
    Draft.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 400
    assert "wygasł razem z wnioskiem roboczym" in response.content.decode()
    assert Draft.objects.get().answers == draft.answers  # left for the nightly cleanup


def test_link_older_than_the_draft_lifetime_is_refused(client, meldunek, resident, django_capture_on_commit_callbacks):
    link, _draft = _link_and_draft(client, resident, django_capture_on_commit_callbacks)
    later = timezone.now().timestamp() + 31 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(link)
    assert response.status_code == 400 and "Ten link wygasł" in response.content.decode()


def test_link_of_a_submitted_draft_says_it_is_gone(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    token = TimestampSigner(salt=services.RESUME_SALT).sign(str(Draft.objects.get().pk))
    _submit(client)
    response = client.get(f"{URL}wznow/{token}/")
    assert response.status_code == 404 and "Tego wniosku roboczego już nie ma" in response.content.decode()


def test_mail_server_failure_keeps_the_draft_and_the_page_works(
    client, meldunek, resident, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    with mock.patch("eservices.forms.services.send_mail", side_effect=OSError("SMTP down")):
        response = _save_later(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Draft.objects.get().answers["adres-pobytu"]["street"] == "Długa"


# --- submissions in the admin --------------------------------------------------------------------

ADMIN = "/admin/zlozone-wnioski/"


def test_clerk_lists_filters_and_searches_submissions(client, meldunek, resident, clerk):
    client.force_login(resident)
    submission = _submit(client)
    client.force_login(clerk)
    body = client.get(ADMIN).content.decode()
    assert submission.reference in body and "Zameldowanie na pobyt stały" in body and "jan@example.pl" in body
    assert submission.reference in client.get(ADMIN, {"q": submission.reference}).content.decode()
    assert submission.reference not in client.get(ADMIN, {"q": "UM-WN-999"}).content.decode()
    assert submission.reference in client.get(ADMIN, {"unit_code": "UM"}).content.decode()
    today = timezone.localdate().isoformat()
    assert submission.reference in client.get(ADMIN, {"created_at_from": today}).content.decode()
    assert submission.reference not in client.get(ADMIN, {"created_at_to": "2000-01-01"}).content.decode()
    assert ADMIN in client.get("/admin/").content.decode()  # the menu item


def test_residents_and_staff_without_permission_are_kept_out(client, meldunek, resident):
    client.force_login(resident)
    submission = _submit(client)
    for path in (ADMIN, f"{ADMIN}inspect/{submission.pk}/"):
        assert client.get(path).status_code == 302  # to the admin sign-in: no admin access
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for path in (ADMIN, f"{ADMIN}inspect/{submission.pk}/"):
        assert client.get(path).status_code in (302, 403)
    assert ADMIN not in client.get("/admin/").content.decode()


def test_submissions_cannot_be_edited_or_deleted_even_by_a_superuser(client, meldunek, resident):
    client.force_login(resident)
    submission = _submit(client)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(f"{ADMIN}inspect/{submission.pk}/").status_code == 200
    for path in (f"{ADMIN}edit/{submission.pk}/", f"{ADMIN}delete/{submission.pk}/", f"{ADMIN}new/"):
        assert client.get(path).status_code == 404
    assert Submission.objects.filter(pk=submission.pk).exists()


def test_detail_uses_the_labels_of_the_form_as_submitted(client, meldunek, resident, clerk):
    client.force_login(resident)
    submission = _submit(client)
    fields = list(meldunek.fields.get_prep_value())
    for item in fields:
        if item["type"] == "date":
            item["value"]["label"] = "Od kiedy tam mieszkasz?"
    meldunek.fields = fields
    meldunek.save()
    client.force_login(clerk)
    body = client.get(f"{ADMIN}inspect/{submission.pk}/").content.decode()
    assert "Data zamieszkania pod tym adresem" in body and "01.03.2024" in body
    assert "Od kiedy tam mieszkasz?" not in body
    assert "Adres pobytu" in body and "Rynek 1, 36-060 Głogów Małopolski" in body


def test_attached_file_downloads_only_for_staff_with_permission(client, meldunek, resident, clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(resident)
    submission = _submit(client, wlasciciel="nie", **{"zgoda-wlasciciela": SimpleUploadedFile("zgoda.pdf", PDF)})
    url = f"{ADMIN}{submission.pk}/plik/zgoda-wlasciciela/0/"
    assert client.get(url).status_code == 302  # the resident: no admin access
    assert client.get("/media/" + submission.files["zgoda-wlasciciela"]["path"]).status_code == 404
    client.force_login(clerk)
    assert url in client.get(f"{ADMIN}inspect/{submission.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment") and "zgoda.pdf" in response["Content-Disposition"]
    assert client.get(f"{ADMIN}{submission.pk}/plik/zgoda-wlasciciela/1/").status_code == 404


def test_submission_list_query_count_is_constant(client, meldunek, clerk):
    form = meldunek
    definition = definition_of(form)

    def make(count):
        for _ in range(count):
            user = UserFactory()
            draft = Draft.objects.create(user=user, form=form, expires_at=timezone.now() + dt.timedelta(days=1))
            services.submission_create(user=user, token=draft.submission_token, definition=definition,
                                       answers={}, files={})  # fmt: skip

    client.force_login(clerk)
    make(2)
    client.get(ADMIN)
    with CaptureQueriesContext(connection) as few:
        assert client.get(ADMIN).status_code == 200
    make(8)
    with CaptureQueriesContext(connection) as many:
        body = client.get(ADMIN).content.decode()
    assert body.count("-WN-") >= 10
    assert len(many) == len(few)


# --- nightly cleanup ------------------------------------------------------------------------------


def _age(path: str, days: float) -> None:
    stamp = (timezone.now() - dt.timedelta(days=days)).timestamp()
    os.utime(default_storage.path(path), (stamp, stamp))


def _stored(name: str) -> dict:
    path = default_storage.save(name, ContentFile(PDF))
    return {"path": path, "name": path.rsplit("/", 1)[-1], "size": len(PDF), "sha256": "x"}


def test_cleanup_removes_expired_drafts_and_orphans_and_keeps_the_rest(client, meldunek, resident):
    now = timezone.now()
    other = UserFactory()
    old = Draft.objects.create(user=other, form=meldunek, expires_at=now - dt.timedelta(hours=1))
    old.files = {"zgoda": _stored(f"eforms/{old.submission_token}/zgoda/stara.pdf")}
    old.save()
    live = Draft.objects.create(user=UserFactory(), form=meldunek, expires_at=now + dt.timedelta(days=3))
    live.files = {"zgoda": _stored(f"eforms/{live.submission_token}/zgoda/zywa.pdf")}
    live.save()
    _age(live.files["zgoda"]["path"], 10)
    client.force_login(resident)
    submission = _submit(client, wlasciciel="nie", **{
        "zgoda-wlasciciela": __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
            "zgoda.pdf", PDF)})  # fmt: skip
    _age(submission.files["zgoda-wlasciciela"]["path"], 400)
    orphan = _stored("eforms/0123456789abcdef/zgoda/sierota.pdf")["path"]
    _age(orphan, 2)
    fresh = _stored("eforms/fedcba9876543210/zgoda/w-trakcie.pdf")["path"]  # an upload being saved right now

    counts = cleanup_drafts.delay().get()

    assert counts == {"drafts": 1, "draft_files": 1, "orphan_files": 1}
    assert not Draft.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.files["zgoda"]["path"]) and not default_storage.exists(orphan)
    assert Draft.objects.filter(pk=live.pk).exists() and default_storage.exists(live.files["zgoda"]["path"])
    assert default_storage.exists(submission.files["zgoda-wlasciciela"]["path"]) and default_storage.exists(fresh)
    assert not os.path.exists(default_storage.path(f"eforms/{old.submission_token}"))
    assert services.drafts_cleanup() == {"drafts": 0, "draft_files": 0, "orphan_files": 0}  # idempotent


def test_cleanup_command_and_beat_schedule(meldunek, settings, capsys):
    Draft.objects.create(user=UserFactory(), form=meldunek, expires_at=timezone.now() - dt.timedelta(days=1))
    call_command("eforms_cleanup")
    assert "wnioski robocze 1" in capsys.readouterr().out
    assert not Draft.objects.exists()
    assert settings.CELERY_BEAT_SCHEDULE["eforms-cleanup-drafts"]["task"] == "eforms.cleanup_drafts"


def test_cleanup_without_any_upload_directory_does_nothing(db):
    assert services.drafts_cleanup() == {"drafts": 0, "draft_files": 0, "orphan_files": 0}


# --- concurrent numbering (PostgreSQL) ------------------------------------------------------------


def _in_threads(jobs):
    """Run the callables at the same moment, each thread on its own connection; results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_get_numbers_one_to_twenty(wagtail_base, meldunek):
    definition = definition_of(meldunek)
    drafts = [
        Draft.objects.create(user=UserFactory(), form=meldunek, expires_at=timezone.now() + dt.timedelta(days=1))
        for _ in range(20)
    ]
    jobs = [
        (
            lambda d=d: (
                services.submission_create(
                    user=d.user, token=d.submission_token, definition=definition, answers={"n": d.pk}, files={}
                ).number
            )
        )  # fmt: skip
        for d in drafts
    ]
    results = _in_threads(jobs)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == list(range(1, 21))
    year = timezone.localdate().year
    assert sorted(Submission.objects.values_list("reference", flat=True)) == sorted(
        f"UM-WN-{n}/{year}" for n in range(1, 21)
    )
    assert not Draft.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_submit_race_of_one_token_gives_one_submission(wagtail_base, meldunek, resident):
    definition = definition_of(meldunek)
    draft = Draft.objects.create(user=resident, form=meldunek, expires_at=timezone.now() + dt.timedelta(days=1))

    def job():
        return services.submission_create(
            user=resident, token=draft.submission_token, definition=definition, answers={}, files={}
        ).pk

    results = _in_threads([job, job])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0] == results[1]
    assert Submission.objects.count() == 1 and not Draft.objects.exists()
