"""The resident's balances page (/konto/naleznosci/), the dashboard panel and the iCal feed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eservices.finance import ical, services
from eservices.finance.models import Liability, Taxpayer, TaxpayerAccess
from eservices.finance.templatetags.finance_tags import format_pln
from tests.factories import UserFactory

TODAY = dt.date(2025, 6, 2)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def signed_in(client, finance_user):
    client.force_login(finance_user)
    return client


def test_format_pln():
    assert format_pln(Decimal("1234.5")) == "1\u00a0234,50\u00a0zł"
    assert format_pln(Decimal("1234567.891")) == "1\u00a0234\u00a0567,89\u00a0zł"
    assert format_pln(Decimal("0")) == "0,00\u00a0zł"
    assert format_pln(Decimal("-12.5"), separator=" ") == "-12,50 zł"
    assert format_pln("abc") == ""


def test_anonymous_is_sent_to_sign_in(client, taxpayer):
    response = client.get("/konto/naleznosci/")
    assert response.status_code == 302
    assert "/konto/logowanie/" in response["Location"]


def test_page_shows_balances_with_interest_to_today(signed_in, taxpayer, property_liability):
    """On 2 VI 2025 instalments 1 and 2 (17 III, 15 V) are overdue; a 50 zł payment went to rata 1."""
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2025, 3, 10), amount=Decimal("50.00"))
    response = signed_in.get("/konto/naleznosci/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jan Podatnik" in html
    assert "Podatek od nieruchomości 2025" in html
    assert "17.03.2025" in html and "17.11.2025" in html
    balance = response.context["accounts"][0]["balance"]
    assert balance.overdue == Decimal("150.00")
    assert balance.paid == Decimal("50.00")
    assert balance.upcoming == Decimal("200.00")
    assert format_pln(balance.due_now) in html
    assert format_pln(Decimal("150.00")) in html
    assert 'class="table-scroll" role="region" tabindex="0"' in html
    # headings in order: h1, then h2 per taxpayer, h3 per liability
    assert html.index("<h1") < html.index("<h2") < html.index("<h3")
    # a slip link for each unpaid instalment
    assert f"/konto/naleznosci/{taxpayer.pk}/blankiet/?raty=" in html


def test_another_persons_taxpayer_is_never_shown(signed_in, taxpayer, other_taxpayer):
    services.liability_create(taxpayer=other_taxpayer, kind=Liability.Kind.VEHICLE, year=2025, total=Decimal("900"))
    html = signed_in.get("/konto/naleznosci/").content.decode()
    assert "Anna Inna" not in html
    assert "Podatek od środków transportowych" not in html
    assert signed_in.get(f"/konto/naleznosci/{other_taxpayer.pk}/blankiet/?raty=1").status_code == 404


def test_spouse_sees_only_the_joint_liability(client, taxpayer):
    services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.JOINT, year=2025, total=Decimal("300.00"))
    services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.VEHICLE, year=2025, total=Decimal("800.00"))
    spouse = UserFactory(email="malzonka@example.pl")
    services.taxpayer_grant_access(user=spouse, taxpayer=taxpayer, relation=TaxpayerAccess.Relation.SPOUSE)
    client.force_login(spouse)
    html = client.get("/konto/naleznosci/").content.decode()
    assert "Łączne zobowiązanie pieniężne 2025" in html
    items = client.get("/konto/naleznosci/").context["accounts"][0]["balance"].liabilities
    assert [item.liability.kind for item in items] == [Liability.Kind.JOINT]
    assert "800,00" not in html
    assert "Nadpłata" not in html


def test_year_filter(signed_in, taxpayer, property_liability):
    services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.DOG, year=2024, total=Decimal("60.00"))
    html = signed_in.get("/konto/naleznosci/?rok=2024").content.decode()
    assert "Opłata od posiadania psów 2024" in html
    assert "Podatek od nieruchomości 2025" not in html
    assert '<option value="2024" selected>' in html
    response = signed_in.get("/konto/naleznosci/?rok=2023")
    assert "Brak należności za rok 2023." in response.content.decode()


def test_bad_year_shows_a_message_and_the_current_view(signed_in, taxpayer, property_liability):
    response = signed_in.get("/konto/naleznosci/?rok=abc")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nieprawidłowy rok „abc”" in html
    assert "Podatek od nieruchomości 2025" in html


def test_by_default_this_year_and_unpaid_earlier_years(signed_in, taxpayer, property_liability):
    """What the resident has to pay: this year's liabilities and arrears from earlier years; a paid
    liability of an earlier year is history, shown with "all years" (a plain link, no JS needed)."""
    services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.DOG, year=2023, total=Decimal("60.00"))
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2023, 3, 1), amount=Decimal("60.00"))
    services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.VEHICLE, year=2024, total=Decimal("800.00"))
    response = signed_in.get("/konto/naleznosci/")
    html = response.content.decode()
    assert "Podatek od nieruchomości 2025" in html
    assert "Podatek od środków transportowych 2024" in html  # unpaid: arrears
    assert "Opłata od posiadania psów 2023" not in html  # paid in full
    assert "01.03.2023" not in html  # nor the payment that paid it
    assert "Pokazujemy należności za rok 2025 oraz niezapłacone z lat wcześniejszych." in html
    assert 'href="?rok=wszystkie"' in html
    assert '<option value="" selected>Bieżące i zaległe</option>' in html
    balance = response.context["accounts"][0]["balance"]
    assert balance.overdue == Decimal("200.00") + Decimal("800.00")  # two 2025 instalments + the 2024 vehicle tax

    everything = signed_in.get("/konto/naleznosci/?rok=wszystkie")
    html = everything.content.decode()
    assert "Opłata od posiadania psów 2023" in html and "01.03.2023" in html
    assert '<option value="wszystkie" selected>Wszystkie lata</option>' in html
    assert "Pokazujemy należności za rok" not in html
    assert everything.context["accounts"][0]["balance"].overdue == balance.overdue


def test_nothing_due_says_so_and_points_to_the_history(signed_in, taxpayer):
    services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.DOG, year=2023, total=Decimal("60.00"))
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2023, 3, 1), amount=Decimal("60.00"))
    html = signed_in.get("/konto/naleznosci/").content.decode()
    assert "Brak należności za rok 2025 i zaległości z lat wcześniejszych." in html
    assert 'href="?rok=wszystkie"' in html


def test_user_without_taxpayers_gets_a_hint(client, db):
    client.force_login(UserFactory(email="nikt@example.pl"))
    html = client.get("/konto/naleznosci/").content.decode()
    assert "nie przypisano jeszcze żadnego podatnika" in html


def _queries(client, path: str = "/konto/naleznosci/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_constant_query_count(signed_in, taxpayer):
    for year in (2024, 2025):
        liability = services.liability_create(
            taxpayer=taxpayer, kind=Liability.Kind.PROPERTY, year=year, total=Decimal("400.00")
        )
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2025, 3, 1), amount=Decimal("150.00"))
    _queries(signed_in)  # warm-up: site and settings caches
    few = _queries(signed_in)
    few_all = _queries(signed_in, "/konto/naleznosci/?rok=wszystkie")
    for year in range(2006, 2024):
        services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.PROPERTY, year=year, total=Decimal("400.00"))
        services.payment_create(taxpayer=taxpayer, paid_on=dt.date(year, 3, 1), amount=Decimal("120.00"))
    assert liability.taxpayer.liabilities.count() == 20
    assert _queries(signed_in) == few
    assert _queries(signed_in, "/konto/naleznosci/?rok=wszystkie") == few_all


def test_pay_button_links_to_the_payment_with_instalment_ids(signed_in, taxpayer, property_liability):
    html = signed_in.get("/konto/naleznosci/").content.decode()
    first, second = property_liability.instalments.order_by("number")[:2]
    assert f'/konto/naleznosci/{taxpayer.pk}/zaplac/?raty={first.pk},{second.pk}"' in html  # the arrears
    assert f'/konto/naleznosci/{taxpayer.pk}/zaplac/?raty={first.pk}"' in html
    assert "Zapłać online" in html


def test_instalment_and_payment_rows(signed_in, taxpayer, property_liability):
    """The table rows (built by ``finance_tags.instalment_rows``/``payment_rows``): a paid instalment,
    a partly paid overdue one with its badge and links, each payment with what it paid."""
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2025, 3, 10), amount=Decimal("150.00"))
    html = signed_in.get("/konto/naleznosci/").content.decode()
    first, second = property_liability.instalments.order_by("number")[:2]
    nbsp = "\u00a0"
    zero = f"0,00{nbsp}zł"
    assert (
        f'<tr><th scope="row">1</th><td>17.03.2025</td><td>100,00{nbsp}zł</td><td>100,00{nbsp}zł</td>'
        f"<td>{zero}</td><td>{zero}</td><td>zapłacona</td></tr>"
    ) in html
    assert (
        f'<tr><th scope="row">2</th><td>15.05.2025 <span class="badge">po terminie</span></td>'
        f"<td>100,00{nbsp}zł</td><td>50,00{nbsp}zł</td><td>50,00{nbsp}zł</td><td>{zero}</td><td>"
    ) in html
    slip = f"/konto/naleznosci/{taxpayer.pk}/blankiet/"
    assert (
        f'<a href="{slip}?raty={second.pk}">Blankiet (PDF)<span class="visually-hidden"> — rata 2</span></a>' in html
    )
    assert f'href="{slip}?raty={first.pk}"' not in html  # paid: no slip for it
    assert (
        f"<tr><td>10.03.2025</td><td>150,00{nbsp}zł</td><td>Przelew</td><td>Podatek od nieruchomości 2025, "
        f"rata 1: 100,00{nbsp}zł<br>Podatek od nieruchomości 2025, rata 2: 50,00{nbsp}zł</td><td>{zero}</td></tr>"
    ) in html


def test_dashboard_panel(signed_in, taxpayer, property_liability):
    html = signed_in.get(reverse("accounts:dashboard")).content.decode()
    assert "Twoje należności" in html
    assert "do zapłaty teraz" in html


def test_dashboard_panel_hidden_without_taxpayers(client, db):
    client.force_login(UserFactory(email="nikt2@example.pl"))
    assert "Twoje należności" not in client.get(reverse("accounts:dashboard")).content.decode()


# --- iCal ---------------------------------------------------------------------------------


def _unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_ical_feed_format(signed_in, taxpayer, property_liability):
    response = signed_in.get("/konto/naleznosci/kalendarz.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # CRLF only
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    lines = _unfold(body)
    # only instalments due from today: 15.09 and 17.11.2025
    assert [line for line in lines if line.startswith("DTSTART")] == [
        "DTSTART;VALUE=DATE:20250915",
        "DTSTART;VALUE=DATE:20251117",
    ]
    third = property_liability.instalments.get(number=3)
    assert f"UID:ratusz-rata-{third.pk}@" in body
    assert lines.count("BEGIN:VEVENT") == 2 and lines.count("END:VEVENT") == 2
    assert sum(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines) == 2
    assert any(line.startswith("SUMMARY:Termin płatności: Podatek od nieruchomości 2025\\, rata 3") for line in lines)


def test_ical_folding_and_escaping():
    long = "SUMMARY:" + "ż" * 60
    folded = ical.fold(long)
    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_ical_paid_instalments_are_left_out(signed_in, taxpayer, property_liability):
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2025, 3, 1), amount=Decimal("400.00"))
    body = signed_in.get("/konto/naleznosci/kalendarz.ics").content.decode()
    assert "BEGIN:VEVENT" not in body


def test_ical_private_token(client, finance_user, taxpayer, property_liability, other_taxpayer):
    token = ical.calendar_token(finance_user)
    response = client.get(f"/naleznosci/kalendarz/{token}.ics")
    assert response.status_code == 200
    assert "DTSTART;VALUE=DATE:20250915" in response.content.decode()
    # the page shows this address
    client.force_login(finance_user)
    assert f"/naleznosci/kalendarz/{token}.ics" in client.get("/konto/naleznosci/").content.decode()


def test_ical_token_of_someone_else_or_forged_fails(client, finance_user, taxpayer, other_taxpayer):
    other_user = other_taxpayer.access.get().user
    token = ical.calendar_token(finance_user)
    forged = f"{other_user.pk}.{token.split('.', 1)[1]}"
    assert client.get(f"/naleznosci/kalendarz/{forged}.ics").status_code == 404
    assert client.get("/naleznosci/kalendarz/abc.ics").status_code == 404
    assert client.get(f"/naleznosci/kalendarz/{finance_user.pk}.x.ics").status_code == 404


def test_ical_token_revoked_by_password_change(client, finance_user, taxpayer):
    token = ical.calendar_token(finance_user)
    finance_user.set_password("Nowe-haslo-2025!")
    finance_user.save()
    assert client.get(f"/naleznosci/kalendarz/{token}.ics").status_code == 404
    assert client.get(f"/naleznosci/kalendarz/{ical.calendar_token(finance_user)}.ics").status_code == 200


def test_ical_spouse_gets_only_joint_dates(client, taxpayer):
    services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.JOINT, year=2025, total=Decimal("300.00"))
    services.liability_create(taxpayer=taxpayer, kind=Liability.Kind.VEHICLE, year=2025, total=Decimal("800.00"))
    spouse = UserFactory(email="malzonek@example.pl")
    services.taxpayer_grant_access(user=spouse, taxpayer=taxpayer, relation=TaxpayerAccess.Relation.SPOUSE)
    client.force_login(spouse)
    body = client.get("/konto/naleznosci/kalendarz.ics").content.decode()
    assert "Łączne zobowiązanie pieniężne" in body
    assert "środków transportowych" not in body
    assert Taxpayer.objects.count() == 1


def test_payment_rows_fees_only_and_restricted_viewer():
    """A payment that went only to a reminder fee says so (no "—"); a viewer who sees only some
    kinds (a spouse) gets no overpayment cell."""
    from types import SimpleNamespace

    from eservices.finance.models import Payment
    from eservices.finance.templatetags.finance_tags import payment_rows

    payment = Payment(paid_on=dt.date(2025, 4, 1), amount=Decimal("16.00"), channel=Payment.Channel.BANK)
    payment.allocated_fees = Decimal("16.00")
    view = SimpleNamespace(payment=payment, allocations=[], overpayment=Decimal("0.00"))
    full = payment_rows([view])
    assert "<td>Koszty upomnienia: 16,00\u00a0zł</td><td>0,00\u00a0zł</td></tr>" in full
    restricted = payment_rows([view], True)
    assert restricted.endswith("<td>Koszty upomnienia: 16,00\u00a0zł</td></tr>")
    payment.allocated_fees = Decimal("0.00")
    assert "<td>—</td>" in payment_rows([view], True)
