"""The alerts on the website (issue 7): the banner on every page, /ostrzezenia/ and its detail pages,
and — the critical part — cached pages that gain and lose the banner at once."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from cms.cache import CACHE_HEADER
from crisis import website
from crisis.models import Alert
from crisis.models.alerts import Level, Severity

pytestmark = pytest.mark.django_db

BANNER = 'class="crisis-banner"'


def _banner(response) -> str:
    html = response.content.decode()
    start = html.find(BANNER)
    return html[start : html.find("<header", start)] if start >= 0 else ""


# --- The banner ---------------------------------------------------------------------------------


def test_banner_shows_the_alert_in_effect_on_every_page(client, site_tree, published):
    alert = published(headline="Burze z gradem nad gminą", level=Level.ALARM)
    for url in ("/", "/aktualnosci/", "/szukaj/?q=gmina", "/ostrzezenia/"):
        response = client.get(url)
        banner = _banner(response)
        assert "Burze z gradem nad gminą" in banner, url
        assert f'href="/ostrzezenia/{alert.pk}/"' in banner
    html = client.get("/").content.decode()
    assert 'role="region" aria-label="Ostrzeżenia"' in html
    assert "aria-live" not in _banner(client.get("/"))
    assert html.index(BANNER) < html.index('class="site-header"'), "the banner comes before the header"


def test_banner_colour_follows_level_and_severity(client, site_tree, published):
    published(headline="Alarm powodziowy", level=Level.ALARM, severity=Severity.MODERATE)
    published(headline="Upał", level=Level.NOTIFICATION, severity=Severity.SEVERE)
    published(headline="Przerwa w dostawie wody", level=Level.NOTIFICATION, severity=Severity.MINOR)
    banner = _banner(client.get("/"))
    assert "crisis-tone--alarm" in banner
    assert "crisis-tone--warning" in banner  # severity Severe outranks a mere notification
    assert "crisis-tone--notice" in banner
    # the most serious first
    assert banner.index("Alarm powodziowy") < banner.index("Upał") < banner.index("Przerwa w dostawie wody")


@pytest.mark.parametrize(
    "fields",
    [
        {"state": Alert.State.APPROVED},  # approved, not yet broadcast
        {"state": Alert.State.SUBMITTED},
        {"state": Alert.State.REJECTED},
        {"status": Alert.Status.EXERCISE},
        {"status": Alert.Status.TEST},
        {"status": Alert.Status.DRAFT},
        {"scope": Alert.Scope.RESTRICTED},
        {"show_banner": False},
        {"msg_type": Alert.MsgType.CANCEL},
    ],
    ids=lambda f: "-".join(f"{k}={v}" for k, v in f.items()),
)
def test_no_banner_for_alerts_not_meant_for_it(client, site_tree, published, fields):
    published(headline="Nie na banerze", **fields)
    assert BANNER not in client.get("/").content.decode()


def test_no_banner_before_effective_or_after_expiry(client, site_tree, published):
    now = timezone.now()
    published(headline="Jutro", effective=now + dt.timedelta(days=1), expires=now + dt.timedelta(days=2))
    published(headline="Wczoraj", effective=now - dt.timedelta(days=2), expires=now - dt.timedelta(days=1))
    assert BANNER not in client.get("/").content.decode()


# --- Cache correctness ----------------------------------------------------------------------------


def test_cached_page_shows_the_banner_right_after_alerts_changed(client, site_tree, published):
    assert client.get("/")[CACHE_HEADER] == "miss"
    assert client.get("/")[CACHE_HEADER] == "hit"
    alert = published(headline="Skażenie wody w wodociągu")
    # the services call alerts_changed() on commit when the broadcast starts
    website.alerts_changed()
    response = client.get("/")
    assert response[CACHE_HEADER] == "miss"
    assert "Skażenie wody w wodociągu" in _banner(response)
    assert client.get("/")[CACHE_HEADER] == "hit"

    # cancellation: the approver's service sets cancelled_at and calls alerts_changed()
    Alert.objects.filter(pk=alert.pk).update(cancelled_at=timezone.now())
    website.alerts_changed()
    assert BANNER not in client.get("/").content.decode()
    assert BANNER not in client.get("/aktualnosci/").content.decode()


def test_banner_leaves_cached_pages_when_the_alert_expires_without_any_call(client, site_tree, published):
    now = timezone.now()
    published(headline="Oblodzenie dróg", effective=now - dt.timedelta(hours=1), expires=now + dt.timedelta(minutes=5))
    assert "Oblodzenie dróg" in _banner(client.get("/"))
    assert client.get("/")[CACHE_HEADER] == "hit"

    later = now + dt.timedelta(minutes=6)  # the clock passes ``expires``; nobody calls anything
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get("/")
        assert BANNER not in response.content.decode()
        assert response[CACHE_HEADER] == "miss"
        assert client.get("/")[CACHE_HEADER] == "hit"


def test_banner_appears_on_cached_pages_when_a_scheduled_alert_becomes_effective(client, site_tree, published):
    now = timezone.now()
    published(
        headline="Wyłączenie prądu", effective=now + dt.timedelta(minutes=30), expires=now + dt.timedelta(hours=3)
    )
    website.alerts_changed()  # broadcast started ahead of the effective time
    assert BANNER not in client.get("/").content.decode()
    assert client.get("/")[CACHE_HEADER] == "hit"
    with mock.patch("django.utils.timezone.now", return_value=now + dt.timedelta(minutes=31)):
        assert "Wyłączenie prądu" in _banner(client.get("/"))


def test_steady_state_costs_no_query_for_the_alerts(client, site_tree, published, django_assert_num_queries):
    published()
    client.get("/")  # computes and caches the state and the page
    with django_assert_num_queries(0):
        assert client.get("/")[CACHE_HEADER] == "hit"


def test_state_is_recomputed_by_the_safety_net(settings, published, site_tree, client):
    """A change made without alerts_changed() (a bug elsewhere) shows within RATUSZ_ALERTS_STATE_MAX_SECONDS."""
    settings.RATUSZ_ALERTS_STATE_MAX_SECONDS = 60
    client.get("/")
    published(headline="Bez powiadomienia strony")
    assert BANNER not in client.get("/").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + dt.timedelta(seconds=61)):
        assert "Bez powiadomienia strony" in _banner(client.get("/"))


def test_signed_in_people_see_the_banner_too(client, site_tree, published):
    from tests.factories import UserFactory

    published(headline="Silny wiatr")
    client.force_login(UserFactory())
    assert "Silny wiatr" in _banner(client.get("/"))


def test_cache_outage_degrades_to_computing_the_banner(client, site_tree, published):
    published(headline="Awaria sieci")
    broken = mock.Mock(**{"get.side_effect": ConnectionError("down"), "set.side_effect": ConnectionError("down")})
    with mock.patch("crisis.website.cache", broken):
        assert "Awaria sieci" in _banner(client.get("/"))


def test_alerts_changed_survives_a_cache_outage(published):
    published()
    broken = mock.Mock(**{"set.side_effect": ConnectionError("down"), "delete.side_effect": ConnectionError("down")})
    with (
        mock.patch("crisis.website.cache", broken),
        mock.patch("crisis.website.invalidate_pages", side_effect=ConnectionError("down")),
    ):
        website.alerts_changed()  # logged, not raised: it runs in on_commit of the approval
