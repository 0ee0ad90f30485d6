"""The anonymous page cache: hits for anonymous readers, never for signed-in people, gone on publish."""

import pytest

from cms.cache import CACHE_HEADER

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_from_cache(client, site_tree):
    first = client.get("/aktualnosci/")
    second = client.get("/aktualnosci/")
    assert first[CACHE_HEADER] == "miss"
    assert second[CACHE_HEADER] == "hit"
    assert second.content == first.content


def test_publishing_invalidates_cached_pages(client, site_tree):
    from tests.factories import news_create

    assert "Nowe ogłoszenie" not in client.get("/aktualnosci/").content.decode()
    [item] = news_create(site_tree.news_index, count=1, start=40)
    item.title = "Nowe ogłoszenie o sesji"
    item.save_revision().publish()
    response = client.get("/aktualnosci/")
    assert response[CACHE_HEADER] == "miss"
    assert "Nowe ogłoszenie o sesji" in response.content.decode()


def test_unpublishing_invalidates_cached_pages(client, site_tree):
    page = site_tree.news[2]
    assert page.title in client.get("/").content.decode()
    page.unpublish()
    assert page.title not in client.get("/").content.decode()


def test_changing_office_settings_invalidates_footer(client, site_tree):
    client.get("/")
    site_tree.settings.phone = "17 000 11 22"
    site_tree.settings.save()
    assert "17 000 11 22" in client.get("/").content.decode()


def test_signed_in_user_is_never_served_a_shared_page(client, site_tree):
    from tests.factories import UserFactory

    client.get("/")  # cache it for anonymous visitors
    client.force_login(UserFactory())
    response = client.get("/")
    assert CACHE_HEADER not in response


def test_error_pages_and_admin_are_not_cached(client, site_tree):
    client.get("/nie-ma/")
    assert CACHE_HEADER not in client.get("/nie-ma/")
    assert CACHE_HEADER not in client.get("/admin/login/")


def test_search_results_are_cached_per_query(client, site_tree):
    client.get("/szukaj/", {"q": "gmina"})
    assert client.get("/szukaj/", {"q": "gmina"})[CACHE_HEADER] == "hit"
    assert client.get("/szukaj/", {"q": "urząd"})[CACHE_HEADER] == "miss"
