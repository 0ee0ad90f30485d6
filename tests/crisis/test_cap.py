"""CAP 1.2 (issue 7): every alert the site serves validates against crisis/schema/cap-1.2.xsd, and the
schema refuses what CAP forbids (so a passing validation means something)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from lxml import etree

from crisis import cap
from crisis.models import Alert
from crisis.models.alerts import Category, Level

pytestmark = pytest.mark.django_db

NS = {"cap": cap.CAP_NS, "atom": cap.ATOM_NS}
POLYGON = "50.15,21.95 50.16,22.00 50.13,22.02 50.15,21.95"


def _assert_valid(element):
    errors = cap.validation_errors(element)
    assert not errors, "\n".join(errors)


def _alert_doc(client, alert):
    response = client.get(f"/ostrzezenia/{alert.pk}/cap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def test_feed_serves_current_actual_alerts_each_valid(client, published):
    first = published(headline="Burza", level=Level.ALARM)
    second = published(headline="Przerwa w dostawie wody", category=Category.INFRA)
    published(headline="Ćwiczenia", status=Alert.Status.EXERCISE)
    now = timezone.now()
    published(headline="Wygasłe", effective=now - dt.timedelta(days=2), expires=now - dt.timedelta(days=1))

    response = client.get("/ostrzezenia/cap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    assert feed.tag == f"{{{cap.ATOM_NS}}}feed"
    alerts = feed.findall("atom:entry/atom:content/cap:alert", NS)
    assert len(alerts) == 2
    for element in alerts:
        _assert_valid(element)
    identifiers = {element.findtext("cap:identifier", namespaces=NS) for element in alerts}
    assert identifiers == {first.identifier, second.identifier}
    entry_links = feed.xpath("atom:entry/atom:link[@rel='related']/@href", namespaces=NS)
    assert f"http://testserver/ostrzezenia/{first.pk}/cap.xml" in entry_links


def test_single_alert_document_has_the_cap_fields(client, published, make_area):
    area = make_area("Osiedle Rudna", localities=3)
    area.polygon = POLYGON
    area.save()
    alert = published(areas=[area], level=Level.ALARM, web="https://glogow-mlp.pl/powodz")
    root = _alert_doc(client, alert)
    _assert_valid(root)
    text = lambda path: root.findtext(path, namespaces=NS)  # noqa: E731
    assert root.tag == f"{{{cap.CAP_NS}}}alert"
    assert text("cap:identifier") == alert.identifier
    assert text("cap:sender") == alert.sender
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", text("cap:sent"))
    assert text("cap:status") == "Actual" and text("cap:msgType") == "Alert" and text("cap:scope") == "Public"
    assert root.find("cap:references", NS) is None
    assert text("cap:info/cap:language") == "pl-PL"
    assert text("cap:info/cap:category") == alert.category
    assert text("cap:info/cap:headline") == alert.headline
    assert text("cap:info/cap:web") == "https://glogow-mlp.pl/powodz"
    assert text("cap:info/cap:parameter/cap:valueName") == "RSO_LEVEL"
    assert text("cap:info/cap:parameter/cap:value") == "alarm"
    assert text("cap:info/cap:area/cap:areaDesc") == "Osiedle Rudna"
    assert text("cap:info/cap:area/cap:polygon") == POLYGON
    geocodes = root.findall("cap:info/cap:area/cap:geocode", NS)
    assert {g.findtext("cap:valueName", namespaces=NS) for g in geocodes} == {"TERYT_SIMC"}
    assert {g.findtext("cap:value", namespaces=NS) for g in geocodes} == set(
        area.localities.values_list("simc", flat=True)
    )


def test_times_are_warsaw_with_offset_and_whole_seconds(published):
    summer = dt.datetime(2026, 7, 1, 10, 0, 0, 123456, tzinfo=dt.UTC)
    winter = dt.datetime(2026, 12, 1, 10, 0, 0, tzinfo=dt.UTC)
    assert cap.cap_datetime(summer) == "2026-07-01T12:00:00+02:00"
    assert cap.cap_datetime(winter) == "2026-12-01T11:00:00+01:00"


def test_cancel_references_the_cancelled_alert(client, published):
    original = published(headline="Zamknięcie mostu")
    cancel = published(headline="Most otwarty", msg_type=Alert.MsgType.CANCEL, references=original)
    root = _alert_doc(client, cancel)
    _assert_valid(root)
    sent = cap.cap_datetime(original.sent)
    assert root.findtext("cap:msgType", namespaces=NS) == "Cancel"
    assert root.findtext("cap:references", namespaces=NS) == f"{original.sender},{original.identifier},{sent}"

    # The feed carries the Cancel (so aggregators withdraw the original), no longer the original.
    Alert.objects.filter(pk=original.pk).update(cancelled_at=timezone.now())
    feed = etree.fromstring(client.get("/ostrzezenia/cap.xml").content)
    alerts = feed.findall("atom:entry/atom:content/cap:alert", NS)
    assert [a.findtext("cap:msgType", namespaces=NS) for a in alerts] == ["Cancel"]
    for element in alerts:
        _assert_valid(element)


def test_alert_polygon_becomes_an_area_of_its_own(client, published):
    alert = published(polygon=f"  {POLYGON}  ")
    root = _alert_doc(client, alert)
    _assert_valid(root)
    polygons = root.findall("cap:info/cap:area/cap:polygon", NS)
    assert [p.text for p in polygons] == [POLYGON]


def test_exercise_is_marked_in_status_and_note(client, published):
    alert = published(status=Alert.Status.EXERCISE)
    root = _alert_doc(client, alert)
    _assert_valid(root)
    assert root.findtext("cap:status", namespaces=NS) == "Exercise"
    assert "ĆWICZENIA" in root.findtext("cap:note", namespaces=NS)


def test_control_characters_in_texts_do_not_break_the_document(client, published):
    alert = published(description="Uwaga\x0b na\x01 drogach")
    root = _alert_doc(client, alert)
    _assert_valid(root)
    assert root.findtext("cap:info/cap:description", namespaces=NS) == "Uwaga na drogach"


def test_empty_feed_is_a_valid_atom_feed(client):
    feed = etree.fromstring(client.get("/ostrzezenia/cap.xml").content)
    assert feed.find("atom:id", NS) is not None and feed.find("atom:updated", NS) is not None
    assert feed.findall("atom:entry", NS) == []


# --- The schema bites -----------------------------------------------------------------------------


@pytest.fixture
def valid_element(published):
    return cap.alert_element(published(), base_url="http://testserver")


def _mutated(element, change):
    copy = etree.fromstring(etree.tostring(element))
    change(copy)
    return copy


def _find(root, path):
    return root.find(path, NS)


def _insert_before(root, path, name, text):
    """Insert a CAP element where the schema allows it (before ``path``), so only its value is wrong."""
    anchor = _find(root, path)
    element = etree.Element(f"{{{cap.CAP_NS}}}{name}")
    element.text = text
    anchor.addprevious(element)


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda r: _find(r, "cap:info").remove(_find(r, "cap:info/cap:category")), "info/category is required"),
        (lambda r: setattr(_find(r, "cap:info/cap:severity"), "text", "Catastrophic"), "severity enumeration"),
        (lambda r: setattr(_find(r, "cap:status"), "text", "Real"), "status enumeration"),
        (lambda r: setattr(_find(r, "cap:msgType"), "text", "Cancelled"), "msgType enumeration"),
        (lambda r: setattr(_find(r, "cap:sent"), "text", "2026-11-29T23:00:00Z"), "no Z designator"),
        (lambda r: setattr(_find(r, "cap:sent"), "text", "2026-11-29T23:00:00.5+01:00"), "no fractional seconds"),
        (lambda r: setattr(_find(r, "cap:sent"), "text", "2026-11-29T23:00:00"), "offset required"),
        (lambda r: setattr(_find(r, "cap:identifier"), "text", "ab c,d"), "identifier without spaces or commas"),
        (lambda r: r.remove(_find(r, "cap:scope")), "scope is required"),
        (lambda r: r.insert(0, r[2]), "element order"),
        (
            lambda r: _insert_before(r, "cap:info/cap:area/cap:geocode", "polygon", "50.1,21.9 50.2,22.0"),
            "polygon: 4 pairs",
        ),
        (lambda r: _insert_before(r, "cap:info", "references", "nonsense"), "references: sender,identifier,sent"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_schema_refuses_invalid_documents(valid_element, change, reason):
    _assert_valid(valid_element)
    assert cap.validation_errors(_mutated(valid_element, change)), reason
