"""Public alert subscriptions: subscribe, confirm by link or code, unsubscribe, bad input (issue 7)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cms.messaging.models import OutboundMessage
from crisis.models import Category, Subscription
from crisis.services import subscriptions as services
from crisis.targeting import recipients_for_alert

SUBSCRIBE = "/ostrzezenia/subskrypcja/"
CODE = "/ostrzezenia/subskrypcja/kod/"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def area(make_area):
    return make_area("Rudna Wielka")


def _form(area, **overrides) -> dict:
    data = {
        "email": "",
        "phone": "",
        "areas": [area.pk],
        "categories": list(Category.values),
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _link(message: OutboundMessage) -> str:
    return re.search(r"http://testserver(/ostrzezenia/subskrypcja/potwierdz/[^/\s]+/)", message.body).group(1)


def _code(message: OutboundMessage) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def _last(channel: str) -> OutboundMessage:
    return OutboundMessage.objects.filter(channel=channel).order_by("-pk").first()


# --- Subscribe by e-mail ---------------------------------------------------------------------------


def test_email_subscription_is_confirmed_by_the_link_and_only_then_receives_alerts(client, area, make_alert):
    response = client.post(SUBSCRIBE, _form(area, email="Jan.Kowalski@Example.PL"))
    assert response.status_code == 302 and response["Location"] == CODE
    page = client.get(CODE)
    assert "Sprawdź e-mail" in page.content.decode()

    sub = Subscription.objects.get()
    assert (sub.channel, sub.address, sub.state) == ("email", "jan.kowalski@example.pl", "pending")
    assert sub.consent_text and sub.consent_at and sub.source == "web"
    alert = make_alert(areas=[area], send_email=True)
    assert not recipients_for_alert(alert=alert).exists()  # nothing is sent before confirmation

    mail = _last("email")
    assert mail.recipient == "jan.kowalski@example.pl" and "Rudna Wielka" in mail.body
    link = _link(mail)
    assert client.get(link).status_code == 200  # a page with a button: a mail scanner confirms nothing
    assert Subscription.objects.get().state == "pending"
    response = client.post(link)
    assert response.status_code == 200 and "Subskrypcja potwierdzona" in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == "confirmed" and sub.confirmed_at and not sub.confirm_secret
    assert list(recipients_for_alert(alert=alert)) == [sub]
    assert "była już potwierdzona" in client.post(link).content.decode()  # second click: harmless


def test_forged_or_expired_link_is_refused(client, area, settings):
    client.post(SUBSCRIBE, _form(area, email="a@example.pl"))
    link = _link(_last("email"))
    response = client.post(link[:-5] + "xxxx/")
    assert response.status_code == 400 and "nieprawidłowy" in response.content.decode()
    settings_max_age = services.CONFIRM_MAX_AGE
    try:
        services.CONFIRM_MAX_AGE = -1
        response = client.post(link)
    finally:
        services.CONFIRM_MAX_AGE = settings_max_age
    assert response.status_code == 400 and "wygasł" in response.content.decode()
    assert Subscription.objects.get().state == "pending"


# --- Subscribe by SMS ------------------------------------------------------------------------------


def test_sms_code_right_confirms(client, area):
    response = client.post(SUBSCRIBE, _form(area, phone="600 123 456"))
    assert response.status_code == 302
    sub = Subscription.objects.get()
    assert (sub.channel, sub.address, sub.state) == ("sms", "+48600123456", "pending")
    sms = _last("sms")
    code = _code(sms)
    assert sms.recipient == "+48600123456" and code not in sub.confirm_secret  # only its HMAC is stored
    page = client.get(CODE).content.decode()
    assert "Wpisz kod z SMS-a" in page and "+48 *** *** 456" in page
    response = client.post(CODE, {"code": code})
    assert response.status_code == 302
    assert "Numer potwierdzony" in client.get(CODE).content.decode()
    sub.refresh_from_db()
    assert sub.state == "confirmed"


def test_sms_wrong_code_counts_and_the_fifth_voids_it(client, area):
    client.post(SUBSCRIBE, _form(area, phone="+48 512 345 678"))
    code = _code(_last("sms"))
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(CODE, {"code": wrong})
    assert "Nieprawidłowy kod. Pozostało prób: 4." in response.content.decode()
    for _attempt in range(4):
        response = client.post(CODE, {"code": wrong})
    assert "Zbyt wiele błędnych prób" in response.content.decode()
    response = client.post(CODE, {"code": code})  # even the right code no longer works
    assert "Zbyt wiele błędnych prób" in response.content.decode()
    assert Subscription.objects.get().state == "pending"


def test_sms_code_malformed_is_refused_without_counting(client, area):
    client.post(SUBSCRIBE, _form(area, phone="600123456"))
    response = client.post(CODE, {"code": "12ab"})
    assert "Kod ma sześć cyfr" in response.content.decode()
    assert Subscription.objects.get().confirm_attempts == 0


def test_resend_voids_the_old_code_and_is_rate_limited(client, area):
    client.post(SUBSCRIBE, _form(area, phone="600123456"))
    first = _code(_last("sms"))
    client.post(CODE, {"resend": "1"})
    second = _code(_last("sms"))
    assert OutboundMessage.objects.filter(channel="sms").count() == 2
    if first != second:
        assert "Nieprawidłowy kod" in client.post(CODE, {"code": first}).content.decode()
    client.post(CODE, {"resend": "1"})  # the third message this hour
    response = client.post(CODE, {"resend": "1"})
    assert "Spróbuj ponownie za godzinę" in response.content.decode()
    assert OutboundMessage.objects.filter(channel="sms").count() == 3


def test_email_and_phone_together(client, area):
    client.post(SUBSCRIBE, _form(area, email="oba@example.pl", phone="600123456"))
    assert set(Subscription.objects.values_list("channel", "state")) == {("email", "pending"), ("sms", "pending")}
    page = client.get(CODE).content.decode()
    assert "Sprawdź e-mail" in page and "Wpisz kod z SMS-a" in page


# --- A stranger can neither change nor reveal a subscription ---------------------------------------


def test_stranger_cannot_change_or_reveal_a_confirmed_subscription(client, area, make_area, make_subscription):
    other = make_area("Zabajka")
    owner = make_subscription("ofiara@example.pl", areas=[area], categories=[Category.MET])
    fresh = Client()
    new_page = fresh.post(SUBSCRIBE, _form(other, email="nowy@example.pl"))
    response = client.post(SUBSCRIBE, _form(other, email="ofiara@example.pl", categories=[Category.FIRE]))
    assert response.status_code == new_page.status_code == 302
    page = client.get(CODE).content.decode()
    assert "o***@example.pl" in page and "ofiara@" not in page  # the same page as for a new address

    owner.refresh_from_db()
    assert owner.state == "confirmed"
    assert list(owner.areas.all()) == [area] and owner.categories_mask == Category.bit(Category.MET)

    # The owner gets a confirmation of the change; only the owner's click applies it.
    mail = _last("email")
    assert mail.recipient == "ofiara@example.pl" and "zmianę" in mail.subject
    client.post(_link(mail))
    owner.refresh_from_db()
    assert list(owner.areas.all()) == [other] and owner.categories_mask == Category.bit(Category.FIRE)


def test_stranger_cannot_change_a_confirmed_sms_subscription_without_the_code(
    client, area, make_area, make_subscription
):
    other = make_area("Pogwizdów")
    owner = make_subscription("+48600123456", areas=[area])
    client.post(SUBSCRIBE, _form(other, phone="600123456"))
    owner.refresh_from_db()
    assert owner.state == "confirmed" and list(owner.areas.all()) == [area]
    client.post(CODE, {"code": "999999" if _code(_last("sms")) != "999999" else "888888"})
    owner.refresh_from_db()
    assert list(owner.areas.all()) == [area]
    client.post(CODE, {"code": _code(_last("sms"))})  # the owner's phone holds the code
    owner.refresh_from_db()
    assert list(owner.areas.all()) == [other] and owner.state == "confirmed"


def test_old_link_cannot_resubscribe_after_unsubscribing(client, area):
    client.post(SUBSCRIBE, _form(area, email="x@example.pl"))
    link = _link(_last("email"))
    client.post(link)
    sub = Subscription.objects.get()
    services.subscription_unsubscribe(subscription=sub)
    response = client.post(link)
    assert response.status_code == 400
    sub.refresh_from_db()
    assert sub.state == "unsubscribed"


# --- Unsubscribe -----------------------------------------------------------------------------------


def test_one_click_post_unsubscribes_without_csrf_or_login(area, make_subscription, make_alert):
    sub = make_subscription("raz@example.pl", areas=[area])
    url = services.unsubscribe_url(subscription=sub)
    assert url.startswith("http://testserver/ostrzezenia/wypisz/")
    client = Client(enforce_csrf_checks=True)
    response = client.post(url.removeprefix("http://testserver"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.state == "unsubscribed" and sub.unsubscribed_at
    assert not recipients_for_alert(alert=make_alert(areas=[area])).exists()


def test_unsubscribe_by_get_and_button(client, area, make_subscription):
    sub = make_subscription("dwa@example.pl", areas=[area])
    path = services.unsubscribe_url(subscription=sub).removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200 and "Wypisz mnie" in page.content.decode()
    sub.refresh_from_db()
    assert sub.state == "confirmed"  # a GET (a link preview) changes nothing
    response = client.post(path)
    assert "nie będą już przychodzić" in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == "unsubscribed"


def test_forged_unsubscribe_token_is_404(client, make_subscription):
    sub = make_subscription("trzy@example.pl", all_areas=True)
    token = services.unsubscribe_token(subscription=sub)
    other_pk = token.replace(f"{sub.pk}.", f"{sub.pk + 1}.", 1)
    assert client.post(f"/ostrzezenia/wypisz/{other_pk}/").status_code == 404
    sub.refresh_from_db()
    assert sub.state == "confirmed"


def test_sms_stop_by_number_and_code(client, make_subscription):
    sub = make_subscription("+48600123456", all_areas=True)
    response = client.post("/ostrzezenia/stop/", {"phone": "600 123 456"})
    assert response.status_code == 302
    code = _code(_last("sms"))
    assert (
        "Nieprawidłowy kod"
        in client.post("/ostrzezenia/stop/kod/", {"code": "000000" if code != "000000" else "111111"}).content.decode()
    )
    response = client.post("/ostrzezenia/stop/kod/", {"code": code})
    assert "nie będą już przychodzić" in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == "unsubscribed"


def test_sms_stop_for_an_unknown_number_looks_the_same_and_sends_nothing(client, db):
    response = client.post("/ostrzezenia/stop/", {"phone": "600 999 888"})
    assert response.status_code == 302
    assert "Jeśli numer" in client.get("/ostrzezenia/stop/kod/").content.decode()
    assert not OutboundMessage.objects.exists()


def test_sms_unsubscribe_hint_is_short_ascii():
    hint = services.sms_unsubscribe_hint()
    assert hint.isascii() and len(hint) <= 40 and "/ostrzezenia/stop" in hint


# --- Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("17 858 00 00", "numer stacjonarny"),
        ("+49 151 12345678", "tylko na polskie numery"),
        ("123", "nie jest prawidłowy"),
        ("abc", "Wpisz numer telefonu komórkowego"),
    ],
)
def test_invalid_phone_is_refused_with_a_clear_message(client, area, phone, message):
    response = client.post(SUBSCRIBE, _form(area, phone=phone))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Popraw błędy w formularzu" in page
    assert not Subscription.objects.exists() and not OutboundMessage.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "jan@"}, "Wpisz adres e-mail w formacie nazwa@domena.pl."),
        ({"email": "a@example.pl", "areas": None}, "Wybierz co najmniej jeden obszar albo całą gminę."),
        ({"email": "a@example.pl", "consent": None}, "Zaznacz zgodę"),
        ({"email": "a@example.pl", "categories": None}, "Wybierz co najmniej jedną kategorię"),
        ({}, "Podaj adres e-mail lub numer telefonu"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(client, area, overrides, message):
    response = client.post(SUBSCRIBE, _form(area, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscription.objects.exists() and not OutboundMessage.objects.exists()


def test_whole_gmina_without_areas_is_accepted(client, area):
    client.post(SUBSCRIBE, _form(area, email="cala@example.pl", areas=None, all_areas="on"))
    sub = Subscription.objects.get()
    assert sub.all_areas and not sub.areas.exists()


def test_honeypot_stores_nothing(client, area):
    response = client.post(SUBSCRIBE, _form(area, email="bot@example.pl", website="http://spam"))
    assert response.status_code == 302
    assert not Subscription.objects.exists() and not OutboundMessage.objects.exists()


def test_repeated_requests_for_one_contact_are_rate_limited(client, area):
    for _attempt in range(3):
        client.post(SUBSCRIBE, _form(area, email="spam@example.pl"))
    response = client.post(SUBSCRIBE, _form(area, email="spam@example.pl"))
    assert "Spróbuj ponownie za godzinę" in response.content.decode()
    assert OutboundMessage.objects.filter(recipient="spam@example.pl").count() == 3


def test_the_form_page_renders_grouped_areas(client, make_area):
    from crisis.models import AlertArea

    make_area("Osiedle Górne", kind=AlertArea.Kind.OSIEDLE)
    make_area("Budy Głogowskie")
    page = client.get(SUBSCRIBE)
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    html = page.content.decode()
    for text in ("Osiedla (dzielnice miasta)", "Sołectwa", "Osiedle Górne", "Budy Głogowskie", "administrator"):
        assert text in html
    assert reverse("crisis_subscribe:stop") in html
