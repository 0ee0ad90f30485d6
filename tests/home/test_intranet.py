"""The staff intranet: only staff get in, and nothing of it leaks into public listings."""

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from home.demo.intranet import STAFF, seed_intranet
from home.intranet.models import (
    IntranetAnnouncementPage,
    IntranetDocumentsPage,
    IntranetPage,
    StaffDirectoryPage,
    StaffMember,
)
from home.intranet.services import intranet_collection_ensure, intranet_restrict
from home.models import StandardPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/konto/logowanie/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def intranet(site_tree):
    """The intranet as ``seed_intranet`` builds it, small: 2 announcements, a directory, 1 document."""
    home = site_tree.home
    root = _publish(home, IntranetPage(title="Intranet", slug="intranet", intro="Dla pracowników."))
    intranet_restrict(page=root)
    drill = _publish(
        root,
        IntranetAnnouncementPage(
            title="Próbna ewakuacja budynku urzędu",
            slug="probna-ewakuacja",
            date=dt.date(2026, 2, 10),
            intro="Ćwiczenia ewakuacyjne w czwartek o 10:30.",
        ),
    )
    _publish(
        root,
        IntranetAnnouncementPage(title="Szkolenie RODO", slug="szkolenie-rodo", date=dt.date(2026, 2, 20)),
    )
    directory = _publish(root, StaffDirectoryPage(title="Spis pracowników", slug="pracownicy"))
    collection = intranet_collection_ensure()
    documents = _publish(
        root, IntranetDocumentsPage(title="Dokumenty dla pracowników", slug="dokumenty", collection=collection)
    )
    document = get_document_model()(title="Regulamin pracy urzędu", collection=collection)
    document.file = ContentFile(b"%PDF-1.4 regulamin pracy", name="regulamin-pracy.pdf")
    document.save()
    office, library = site_tree.units
    staff = [
        StaffMember.objects.create(
            first_name="Grażyna", last_name="Łącka", position="Sekretarz Gminy", department="Kierownictwo",
            unit=office, room="14", phone="17 789 78 12", email="sekretarz@glogow-mlp.pl",
        ),
        StaffMember.objects.create(
            first_name="Beata", last_name="Kołodziej", position="Kierownik referatu",
            department="Referat Podatków i Opłat Lokalnych", unit=office, room="31", phone="17 789 78 30",
        ),
        StaffMember.objects.create(
            first_name="Piotr", last_name="Książkowski", position="Bibliotekarz", unit=library, room="2",
        ),
    ]  # fmt: skip
    return SimpleNamespace(
        root=root, drill=drill, directory=directory, documents=documents, document=document, staff=staff
    )


def _intranet_urls(intranet) -> list[str]:
    return ["/intranet/", intranet.drill.url, intranet.directory.url, intranet.documents.url, intranet.document.url]


@pytest.fixture
def resident():
    return UserFactory(email="mieszkanka@example.pl", is_staff=False)


@pytest.fixture
def clerk():
    return UserFactory(email="urzednik@glogow-mlp.pl", is_staff=True)


def _assert_sent_to_sign_in(response, url):
    assert response.status_code == 302, url
    location = response["Location"]
    assert location.startswith(SIGN_IN + "?next="), (url, location)
    assert "no-store" in response.get("Cache-Control", ""), url


def test_anonymous_visitor_is_sent_to_sign_in_from_every_intranet_address(client, intranet):
    for url in _intranet_urls(intranet):
        _assert_sent_to_sign_in(client.get(url), url)
    assert client.get("/intranet/")["Location"] == f"{SIGN_IN}?next=/intranet/"


def test_signed_in_resident_is_sent_to_sign_in_with_a_polish_explanation(client, intranet, resident):
    client.force_login(resident)
    for url in _intranet_urls(intranet):
        _assert_sent_to_sign_in(client.get(url), url)
    sign_in = client.get(client.get("/intranet/pracownicy/?q=sekretarz")["Location"])
    html = sign_in.content.decode()
    assert "Twoje konto nie jest uprawnione do tej strony" in html
    assert 'value="/intranet/pracownicy/?q=sekretarz"' in html


def test_staff_see_announcements_directory_and_documents(client, intranet, clerk):
    client.force_login(clerk)
    home = client.get("/intranet/")
    assert home.status_code == 200
    html = home.content.decode()
    assert html.count("<h1") == 1
    assert html.index("Szkolenie RODO") < html.index("Próbna ewakuacja budynku urzędu")  # newest first
    assert "Spis pracowników" in html and "Dokumenty dla pracowników" in html
    assert "private" in home["Cache-Control"]

    assert "Ćwiczenia ewakuacyjne w czwartek" in client.get(intranet.drill.url).content.decode()
    documents = client.get(intranet.documents.url).content.decode()
    assert "Regulamin pracy urzędu" in documents and intranet.document.url in documents
    download = client.get(intranet.document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lacka", ["Grażyna Łącka"]),  # name, without Polish letters
        ("Łącka", ["Grażyna Łącka"]),
        ("biblioteka", ["Piotr Książkowski"]),  # unit name
        ("podatków", ["Beata Kołodziej"]),  # department
        ("sekretarz", ["Grażyna Łącka"]),  # role
        ("kierownik referatu", ["Beata Kołodziej"]),  # every word must match
        ("urząd miejski", ["Beata Kołodziej", "Grażyna Łącka"]),
        ("nikt-taki", []),
    ],
)
def test_directory_search_finds_by_name_unit_and_role(client, intranet, clerk, query, expected):
    client.force_login(clerk)
    response = client.get(intranet.directory.url, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    found = [person.full_name for person in response.context["staff_page"].object_list]
    assert found == expected
    for name in expected:
        assert f'<th scope="row">{name}</th>' in html
    assert f'value="{query}"' in html  # the form keeps what was typed
    if not expected:
        assert "Nie znaleźliśmy pracowników" in html


def test_directory_is_paginated_and_pages_keep_the_query(client, intranet, clerk):
    office = intranet.staff[0].unit
    for i in range(30):
        StaffMember.objects.create(first_name="Jan", last_name=f"Urzędniczy{i:02d}", position="Inspektor", unit=office)
    client.force_login(clerk)
    first = client.get(intranet.directory.url, {"q": "inspektor"})
    assert first.context["staff_page"].paginator.count == 30
    assert len(first.context["staff_page"].object_list) == 20
    assert "?q=inspektor&amp;page=2" in first.content.decode()
    second = client.get(intranet.directory.url, {"q": "inspektor", "page": "2"})
    assert len(second.context["staff_page"].object_list) == 10
    assert client.get(intranet.directory.url, {"page": "abc"}).status_code == 200


def _visible_to(client, user=None):
    if user is not None:
        client.force_login(user)
    return {
        "search": client.get("/szukaj/", {"q": "ewakuacyjne"}).content.decode(),
        "search_title": client.get("/szukaj/", {"q": "ewakuacja"}).content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
        "api": client.get("/api/v2/pages/", {"limit": 20}).content.decode(),
        "api_type": client.get("/api/v2/pages/", {"type": "intranet.IntranetAnnouncementPage"}),
        "api_detail": client.get(f"/api/v2/pages/{intranet_pk(client)}/"),
        "rss": client.get("/aktualnosci/rss.xml").content.decode(),
    }


def intranet_pk(client) -> int:
    return IntranetPage.objects.get().pk


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_intranet_is_absent_from_search_sitemap_api_and_feed(client, intranet, resident, site_tree, who):
    # A public page with the same word proves that search does find it outside the intranet.
    _publish(
        site_tree.about,
        StandardPage(title="Ćwiczenia ewakuacyjne w szkołach", slug="cwiczenia", intro="Ćwiczenia ewakuacyjne."),
    )
    seen = _visible_to(client, resident if who == "resident" else None)

    assert "Ćwiczenia ewakuacyjne w szkołach" in seen["search"]
    for listing in ("search", "search_title", "sitemap", "api", "rss"):
        assert "Próbna ewakuacja" not in seen[listing], listing
        assert "/intranet/" not in seen[listing], listing
    assert "O gminie" in seen["api"] and "/o-gminie/" in seen["sitemap"]  # the listings themselves work
    assert json.loads(seen["api_type"].content)["meta"]["total_count"] == 0
    assert seen["api_detail"].status_code == 404


def test_restricted_document_files_are_kept_from_residents_but_public_documents_are_not(client, intranet, resident):
    public = get_document_model()(title="Harmonogram odbioru odpadów")
    public.file = ContentFile(b"%PDF-1.4 harmonogram", name="harmonogram.pdf")
    public.save()
    client.force_login(resident)
    assert client.get(public.url).status_code == 200
    _assert_sent_to_sign_in(client.get(intranet.document.url), intranet.document.url)


def test_staff_directory_is_managed_in_the_admin(client, intranet, clerk):
    admin = UserFactory(email="admin@glogow-mlp.pl", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get("/admin/snippets/intranet/staffmember/")
    assert listing.status_code == 200
    assert "Łącka" in listing.content.decode()
    assert "Pracownicy (intranet)" in client.get("/admin/").content.decode()


def test_seed_intranet_builds_a_private_tree_and_is_idempotent(client, site_tree):
    created = seed_intranet()
    assert len(created) == 7  # intranet, 4 announcements, directory, documents
    counts = (
        IntranetAnnouncementPage.objects.count(),
        StaffMember.objects.count(),
        get_document_model().objects.filter(collection__name="Intranet").count(),
    )
    assert counts == (4, len(STAFF), 4)
    assert seed_intranet() == []
    assert counts == (
        IntranetAnnouncementPage.objects.count(),
        StaffMember.objects.count(),
        get_document_model().objects.filter(collection__name="Intranet").count(),
    )
    intranet_page = IntranetPage.objects.get()
    assert intranet_page.url == "/intranet/"
    assert not IntranetPage.objects.public().exists()
    assert not IntranetAnnouncementPage.objects.public().exists()
    _assert_sent_to_sign_in(client.get("/intranet/"), "/intranet/")
    document = get_document_model().objects.filter(collection__name="Intranet").first()
    _assert_sent_to_sign_in(client.get(document.url), document.url)


def test_an_intranet_created_in_the_admin_is_private_at_once(site_tree):
    from wagtail.models import PageViewRestriction

    from home.intranet.wagtail_hooks import keep_new_intranet_private

    page = IntranetPage(title="Intranet", slug="intranet", live=False)
    site_tree.home.add_child(instance=page)
    keep_new_intranet_private(None, page)
    keep_new_intranet_private(None, page)
    assert PageViewRestriction.objects.filter(page=page, restriction_type="login").count() == 1
