"""/ostrzezenia/ and /ostrzezenia/<id>/ (issue 7): current alerts first, past ones paginated, exercises
marked, details with areas, times in Warsaw and the history; the RSS feed; constant query counts."""

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crisis.models import Alert
from crisis.models.alerts import Level

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_list_shows_current_alerts_first_then_past(client, site_tree, published):
    now = timezone.now()
    published(headline="Dawna powódź", effective=now - dt.timedelta(days=10), expires=now - dt.timedelta(days=9))
    published(headline="Burza teraz", level=Level.ALARM)
    html = _main(client.get("/ostrzezenia/"))
    assert "<h1>Ostrzeżenia</h1>" in html
    assert html.index("Obowiązujące teraz") < html.index("Burza teraz")
    assert html.index("Burza teraz") < html.index("Wcześniejsze ostrzeżenia") < html.index("Dawna powódź")
    assert "crisis-tone--alarm" in html


def test_list_marks_exercises_and_hides_unpublished(client, site_tree, published):
    published(headline="Ćwiczenia ewakuacji szkoły", status=Alert.Status.EXERCISE)
    published(headline="Test systemu", status=Alert.Status.TEST)
    published(headline="Szkic ostrzeżenia", state=Alert.State.DRAFT)
    published(headline="Czeka na zatwierdzenie", state=Alert.State.SUBMITTED)
    published(headline="Ograniczone", scope=Alert.Scope.RESTRICTED)
    html = _main(client.get("/ostrzezenia/"))
    assert "Ćwiczenia ewakuacji szkoły" in html and "ĆWICZENIA" in html
    assert "Test systemu" in html and ">TEST<" in html
    for hidden in ("Szkic ostrzeżenia", "Czeka na zatwierdzenie", "Ograniczone"):
        assert hidden not in html


def test_list_without_alerts_says_so(client, site_tree):
    html = _main(client.get("/ostrzezenia/"))
    assert "Nie ma teraz obowiązujących ostrzeżeń." in html
    assert "Brak wcześniejszych ostrzeżeń." in html


def test_past_alerts_are_paginated_and_a_bad_page_is_not_an_error(client, site_tree, published):
    now = timezone.now()
    for i in range(12):
        published(
            headline=f"Dawne ostrzeżenie {i:02d}",
            effective=now - dt.timedelta(days=30 - i),
            expires=now - dt.timedelta(days=29 - i),
        )
    first = _main(client.get("/ostrzezenia/"))
    assert "Dawne ostrzeżenie 11" in first and "Dawne ostrzeżenie 01" not in first
    assert 'rel="next"' in first
    second = _main(client.get("/ostrzezenia/?page=2"))
    assert "Dawne ostrzeżenie 01" in second and "Dawne ostrzeżenie 11" not in second
    for bad in ("abc", "999", "-1", "1e9"):
        assert client.get(f"/ostrzezenia/?page={bad}").status_code == 200


def test_cancelled_alert_moves_to_past_marked_cancelled(client, site_tree, published):
    alert = published(headline="Zamknięta droga powiatowa")
    cancel = published(
        headline="Odwołanie: droga otwarta",
        msg_type=Alert.MsgType.CANCEL,
        references=alert,
        areas=list(alert.areas.all()),
    )
    Alert.objects.filter(pk=alert.pk).update(cancelled_at=timezone.now())
    html = _main(client.get("/ostrzezenia/"))
    assert html.index("Wcześniejsze ostrzeżenia") < html.index("Zamknięta droga powiatowa")
    assert "odwołane" in html
    assert "Odwołanie: droga otwarta" not in html  # a Cancel message is in the history, not the list
    detail = _main(client.get(f"/ostrzezenia/{alert.pk}/"))
    assert "Ostrzeżenie odwołano" in detail
    assert f'href="/ostrzezenia/{cancel.pk}/"' in detail
    cancel_page = _main(client.get(f"/ostrzezenia/{cancel.pk}/"))
    assert "odwołuje wcześniejsze ostrzeżenie" in cancel_page
    assert f'href="/ostrzezenia/{alert.pk}/"' in cancel_page


def test_detail_shows_areas_localities_times_in_warsaw_and_texts(client, site_tree, published, make_area):
    area = make_area("Osiedle Jagiellońskie", localities=2)
    effective = dt.datetime(2026, 7, 14, 12, 30, tzinfo=dt.UTC)  # 14:30 in Warsaw (CEST)
    alert = published(
        headline="Upał",
        description="Temperatura do 36 °C.",
        instruction="Pij dużo wody.",
        areas=[area],
        effective=effective,
        expires=effective + dt.timedelta(days=1),
    )
    html = _main(client.get(f"/ostrzezenia/{alert.pk}/"))
    assert "<h1>Upał</h1>" in html
    assert "14 lipca 2026, 14:30" in html
    assert "Osiedle Jagiellońskie" in html
    for locality in area.localities.all():
        assert locality.name in html
    assert "Temperatura do 36 °C." in html and "Pij dużo wody." in html
    assert f'href="/ostrzezenia/{alert.pk}/cap.xml"' in html
    assert "Ostrzeżenie już nie obowiązuje." in html


@pytest.mark.parametrize(
    "fields",
    [
        {"state": Alert.State.DRAFT},
        {"state": Alert.State.APPROVED},
        {"state": Alert.State.REJECTED},
        {"status": Alert.Status.DRAFT},
        {"scope": Alert.Scope.PRIVATE},
    ],
)
def test_unpublished_alert_has_no_public_page(client, site_tree, published, fields):
    alert = published(**fields)
    assert client.get(f"/ostrzezenia/{alert.pk}/").status_code == 404
    assert client.get(f"/ostrzezenia/{alert.pk}/cap.xml").status_code == 404


def test_missing_alert_is_404(client, site_tree):
    assert client.get("/ostrzezenia/999999/").status_code == 404


def test_rss_lists_actual_messages_only(client, site_tree, published):
    alert = published(headline="Burza")
    published(headline="Ćwiczenia", status=Alert.Status.EXERCISE)
    published(headline="Odwołanie burzy", msg_type=Alert.MsgType.CANCEL, references=alert)
    response = client.get("/ostrzezenia/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert "Odwołanie: Odwołanie burzy" in titles
    assert any(title.endswith(": Burza") for title in titles)
    assert not any("Ćwiczenia" in title for title in titles)
    links = [item.findtext("link") for item in channel.findall("item")]
    assert f"http://testserver/ostrzezenia/{alert.pk}/" in links


def _count_queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_alerts(client, site_tree, published, make_area):
    now = timezone.now()
    areas = [make_area(localities=3) for _ in range(3)]

    def add(n):
        for i in range(n):
            published(areas=areas, headline=f"Teraz {i}")
            published(
                areas=areas,
                headline=f"Dawne {i}",
                effective=now - dt.timedelta(days=5),
                expires=now - dt.timedelta(days=4),
            )

    add(3)
    few = _count_queries(client, "/ostrzezenia/")
    add(17)
    many = _count_queries(client, "/ostrzezenia/")
    assert many == few, f"{few} queries for 3 alerts, {many} for 20"
    assert "Teraz 16" in client.get("/ostrzezenia/").content.decode()


def test_detail_and_feeds_query_counts_do_not_grow(client, site_tree, published, make_area):
    areas = [make_area(localities=2) for _ in range(2)]
    alert = published(areas=areas)
    for _ in range(2):
        published(areas=areas)
    counts = {url: _count_queries(client, url) for url in ("/ostrzezenia/cap.xml", "/ostrzezenia/rss.xml")}
    detail_few = _count_queries(client, f"/ostrzezenia/{alert.pk}/")
    more_areas = [make_area(localities=4) for _ in range(5)]
    alert.areas.add(*more_areas)
    for _ in range(10):
        published(areas=areas + more_areas)
    for url, few in counts.items():
        assert _count_queries(client, url) == few, url
    assert _count_queries(client, f"/ostrzezenia/{alert.pk}/") == detail_few
