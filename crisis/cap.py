"""Alerts as OASIS CAP 1.2 XML, one ``alert`` per message, and the Atom feed that carries them.

The mapping (docs/crisis-website.md): one ``info`` in Polish (``pl-PL``); the RSO level as the
``parameter`` ``RSO_LEVEL``; one ``area`` per ``AlertArea`` with its optional ``polygon`` and a
``geocode`` ``TERYT_SIMC`` per locality (the national register's 7-digit code), plus one more
``area`` for the alert's own polygon when drawn. Times are in Europe/Warsaw with an explicit offset
and whole seconds, as CAP's DATE TIME format requires ("2026-11-29T23:00:00+01:00"). An Update or a
Cancel names the message it refers to in ``references`` ("sender,identifier,sent").

``crisis/schema/cap-1.2.xsd`` is the schema every document is tested against (``validation_errors``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from .models import Alert

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_MEDIA_TYPE = "application/cap+xml"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "cap-1.2.xsd"
LANGUAGE = "pl-PL"
RSO_PARAMETER = "RSO_LEVEL"
SIMC_GEOCODE = "TERYT_SIMC"
WARSAW = ZoneInfo("Europe/Warsaw")

# Characters XML 1.0 cannot carry at all (a stray control character pasted into a description).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXERCISE_NOTE = {
    Alert.Status.EXERCISE: "ĆWICZENIA — komunikat ćwiczebny, nie dotyczy rzeczywistego zagrożenia.",
    Alert.Status.TEST: "TEST — komunikat testowy systemu, proszę go zignorować.",
}


def cap_datetime(value: dt.datetime) -> str:
    """CAP DATE TIME: local time in Warsaw, whole seconds, explicit offset ("+01:00", never "Z")."""
    return timezone.localtime(value, WARSAW).replace(microsecond=0).isoformat()


def _text(value: str) -> str:
    return _NOT_XML.sub("", value or "")


def _token(value: str) -> str:
    """identifier/sender: CAP forbids whitespace, commas, < and &."""
    return re.sub(r"[\s,<&]+", "-", (value or "").strip())


def _sub(parent, name: str, text: str | None = None, *, ns: str = CAP_NS):
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = _text(text)
    return element


def _named_value(parent, name: str, value_name: str, value: str) -> None:
    element = _sub(parent, name)
    _sub(element, "valueName", value_name)
    _sub(element, "value", value)


def _polygon(value: str) -> str:
    return " ".join(value.split())


def sent_time(alert: Alert) -> dt.datetime:
    """CAP ``sent``: when the broadcast started; before that, the approval (or creation) time."""
    return alert.sent or alert.approved_at or alert.created_at or timezone.now()


def reference_triple(alert: Alert) -> str:
    return f"{_token(alert.sender)},{_token(alert.identifier)},{cap_datetime(sent_time(alert))}"


def alert_url(alert: Alert, *, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("crisis_public:detail", args=[alert.pk])


def alert_cap_url(alert: Alert, *, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("crisis_public:alert_cap", args=[alert.pk])


def sender_name() -> str:
    return getattr(settings, "RATUSZ_CRISIS_SENDER_NAME", "") or settings.WAGTAIL_SITE_NAME


def alert_element(alert: Alert, *, base_url: str):
    """The CAP ``alert`` element of one message. ``alert.areas`` (and their ``localities``) should be
    prefetched and ``references`` selected when serialising many (``crisis.selectors``)."""
    root = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})
    _sub(root, "identifier", _token(alert.identifier))
    _sub(root, "sender", _token(alert.sender))
    _sub(root, "sent", cap_datetime(sent_time(alert)))
    _sub(root, "status", alert.status)
    _sub(root, "msgType", alert.msg_type)
    _sub(root, "scope", alert.scope)
    if alert.status in _EXERCISE_NOTE:
        _sub(root, "note", _EXERCISE_NOTE[alert.status])
    if alert.references_id and alert.msg_type in (Alert.MsgType.UPDATE, Alert.MsgType.CANCEL):
        _sub(root, "references", reference_triple(alert.references))

    info = _sub(root, "info")
    _sub(info, "language", LANGUAGE)
    _sub(info, "category", alert.category)
    _sub(info, "event", alert.event)
    _sub(info, "urgency", alert.urgency)
    _sub(info, "severity", alert.severity)
    _sub(info, "certainty", alert.certainty)
    _sub(info, "effective", cap_datetime(alert.effective))
    _sub(info, "expires", cap_datetime(alert.expires))
    _sub(info, "senderName", sender_name())
    _sub(info, "headline", alert.headline)
    _sub(info, "description", alert.description)
    if alert.instruction:
        _sub(info, "instruction", alert.instruction)
    _sub(info, "web", alert.web or alert_url(alert, base_url=base_url))
    _named_value(info, "parameter", RSO_PARAMETER, alert.level)

    for area in alert.areas.all():
        area_element = _sub(info, "area")
        _sub(area_element, "areaDesc", area.name)
        if area.polygon:
            _sub(area_element, "polygon", _polygon(area.polygon))
        for locality in area.localities.all():
            _named_value(area_element, "geocode", SIMC_GEOCODE, locality.simc)
    if alert.polygon:
        area_element = _sub(info, "area")
        _sub(area_element, "areaDesc", ", ".join(a.name for a in alert.areas.all()) or alert.headline)
        _sub(area_element, "polygon", _polygon(alert.polygon))
    return root


def alert_document(alert: Alert, *, base_url: str) -> bytes:
    """A standalone CAP 1.2 document (``/ostrzezenia/<id>/cap.xml``)."""
    return etree.tostring(
        alert_element(alert, base_url=base_url), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def atom_feed(alerts, *, base_url: str, feed_path: str, title: str, html_path: str) -> bytes:
    """An Atom feed (RFC 4287) with one entry per message, its CAP ``alert`` embedded in ``content``
    (type ``application/cap+xml``) and linked as its own document — the usual shape of CAP feeds."""
    base = base_url.rstrip("/")
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    _sub(feed, "id", base + feed_path, ns=ATOM_NS)
    _sub(feed, "title", title, ns=ATOM_NS)
    alerts = list(alerts)
    updated = max((a.updated_at for a in alerts), default=None) or timezone.now()
    _sub(feed, "updated", _atom_time(updated), ns=ATOM_NS)
    author = _sub(feed, "author", ns=ATOM_NS)
    _sub(author, "name", sender_name(), ns=ATOM_NS)
    _link(feed, rel="self", href=base + feed_path, type="application/atom+xml")
    _link(feed, rel="alternate", href=base + html_path, type="text/html")
    for alert in alerts:
        entry = _sub(feed, "entry", ns=ATOM_NS)
        _sub(entry, "id", f"urn:cap:{_token(alert.sender)}:{_token(alert.identifier)}", ns=ATOM_NS)
        _sub(entry, "title", alert.headline, ns=ATOM_NS)
        _sub(entry, "updated", _atom_time(alert.updated_at or sent_time(alert)), ns=ATOM_NS)
        _sub(entry, "published", _atom_time(sent_time(alert)), ns=ATOM_NS)
        _sub(entry, "summary", alert.description, ns=ATOM_NS)
        _link(entry, rel="alternate", href=alert_url(alert, base_url=base), type="text/html")
        _link(entry, rel="related", href=alert_cap_url(alert, base_url=base), type=CAP_MEDIA_TYPE)
        content = _sub(entry, "content", ns=ATOM_NS)
        content.set("type", CAP_MEDIA_TYPE)
        content.append(alert_element(alert, base_url=base))
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _atom_time(value: dt.datetime) -> str:
    return cap_datetime(value)


def _link(parent, **attributes) -> None:
    link = _sub(parent, "link", ns=ATOM_NS)
    for name, value in attributes.items():
        link.set(name, value)


@functools.cache
def cap_schema() -> etree.XMLSchema:
    """The CAP 1.2 schema (``crisis/schema/cap-1.2.xsd``), parsed once."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def validation_errors(document) -> list[str]:
    """Why a CAP ``alert`` (bytes or an element) is not valid CAP 1.2; an empty list when it is."""
    if isinstance(document, bytes | str):
        document = etree.fromstring(document.encode() if isinstance(document, str) else document)
    schema = cap_schema()
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
