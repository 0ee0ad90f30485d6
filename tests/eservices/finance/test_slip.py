"""Payment slips: the ZBP 2D payload (worked examples of the ZBP recommendation) and the PDF."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from eservices.finance import services
from eservices.finance.accounts import format_nrb
from eservices.finance.interest import late_interest, load_rates
from eservices.finance.models import Liability
from eservices.finance.slips import SlipData, render_slip, slip_title, zbp2d_payload
from eservices.finance.templatetags.finance_tags import format_pln

TODAY = dt.date(2025, 6, 2)
ZBP_ACCOUNT = "92124012340001567890123456"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


# --- the payload ----------------------------------------------------------------------------


def test_zbp_example_institution_with_nip():
    """ZBP, "2D dla Odbiorcy typ 1 z kwotą płatności bez możliwości edycji"."""
    payload = zbp2d_payload(
        nip="1234567890", account=ZBP_ACCOUNT, amount=Decimal("12.00"), recipient="Odbiorca 1", title="FV 1234/34/2012"
    )
    assert payload == "1234567890|PL|92124012340001567890123456|001200|Odbiorca 1|FV 1234/34/2012|||"


def test_zbp_example_recipient_without_nip():
    """ZBP, "2D dla Odbiorcy typ 2": the NIP field stays empty."""
    payload = zbp2d_payload(
        account=ZBP_ACCOUNT, amount=Decimal("12.00"), recipient="Odbiorca 1", title="Przelew ekspress"
    )
    assert payload == "|PL|92124012340001567890123456|001200|Odbiorca 1|Przelew ekspress|||"


def test_payload_normalises_and_cuts_fields():
    payload = zbp2d_payload(
        nip="123-456-78-90",
        account="PL 92 1240 1234 0001 5678 9012 3456",
        amount=Decimal("1234.565"),
        recipient="Urząd Miejski w Głogowie Małopolskim",
        title="Podatek od nieruchomości 2026 rata 2, 44051401359",
    )
    fields = payload.split("|")
    assert len(fields) == 9
    assert fields[:4] == ["1234567890", "PL", ZBP_ACCOUNT, "123457"]  # 1 234,57 zł, half-up
    assert fields[4] == "Urząd Miejski w Głog"  # 20 characters
    assert fields[5] == "Podatek od nieruchomości 2026 ra"
    assert fields[6:] == ["", "", ""]


def test_payload_separator_in_a_field_becomes_a_space():
    payload = zbp2d_payload(account=ZBP_ACCOUNT, amount=Decimal("1"), recipient="A|B", title="x|y")
    assert payload == "|PL|92124012340001567890123456|000100|A B|x y|||"


def test_amount_too_large_for_six_digits_is_left_to_the_payer():
    payload = zbp2d_payload(account=ZBP_ACCOUNT, amount=Decimal("10000.00"), recipient="Gmina", title="t")
    assert payload.split("|")[3] == "000000"
    assert zbp2d_payload(account=ZBP_ACCOUNT, amount=Decimal("9999.99"), recipient="G", title="t").split("|")[3] == (
        "999999"
    )


def test_a_short_nip_is_not_written():
    assert zbp2d_payload(nip="123", account=ZBP_ACCOUNT, amount=Decimal("1"), recipient="G", title="t").startswith(
        "|PL|"
    )


@pytest.mark.parametrize("account", ["", "1234", "PL9212401234000156789012345X", "9212401234000156789012345"])
def test_bad_account_is_refused(account):
    with pytest.raises(ValueError, match="26 cyfr"):
        zbp2d_payload(account=account, amount=Decimal("1"), recipient="G", title="t")


def test_negative_amount_is_refused():
    with pytest.raises(ValueError, match="ujemna"):
        zbp2d_payload(account=ZBP_ACCOUNT, amount=Decimal("-1"), recipient="G", title="t")


def test_render_slip_contains_account_amount_and_title():
    data = SlipData(
        recipient_name="Gmina Głogów Małopolski",
        recipient_nip="8130000000",
        account=ZBP_ACCOUNT,
        amount=Decimal("1234.50"),
        title="Podatek od nieruchomości 2026 rata 2, 44051401359",
        payer_name="Jan Podatnik",
        payer_address="ul. Rzeszowska 1, 36-060 Głogów Małopolski",
    )
    text = _text(render_slip(data))
    assert format_nrb(ZBP_ACCOUNT) in text
    assert "1 234,50 zł" in text
    assert "Podatek od nieruchomości 2026 rata 2, 44051401359" in text
    assert "Gmina Głogów Małopolski" in text and "Jan Podatnik" in text


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages).replace("\xa0", " ")


# --- the view -------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, finance_user):
    client.force_login(finance_user)
    return client


def test_slip_title(property_liability):
    first, second = property_liability.instalments.order_by("number")[:2]
    assert slip_title(instalments=[second], identifier="44051401359") == (
        "Podatek od nieruchomości 2025 rata 2, 44051401359"
    )
    assert slip_title(instalments=[first, second], identifier="1") == "Podatek od nieruchomości 2025 raty 1, 2, 1"


def test_slip_pdf_for_an_upcoming_instalment(signed_in, taxpayer, property_liability):
    third = property_liability.instalments.get(number=3)
    response = signed_in.get(f"/konto/naleznosci/{taxpayer.pk}/blankiet/?raty={third.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = _text(response.content)
    assert format_nrb(taxpayer.account_number) in text
    assert "100,00 zł" in text
    assert "Podatek od nieruchomości 2025 rata 3, 44051401359" in text
    assert "Jan Podatnik" in text and "36-060 Głogów Małopolski" in text
    assert "15.09.2025" in text


def test_slip_for_arrears_includes_interest_to_today(signed_in, taxpayer):
    liability = services.liability_create(
        taxpayer=taxpayer, kind=Liability.Kind.VEHICLE, year=2024, total=Decimal("2000.00")
    )
    first = liability.instalments.get(number=1)  # 1000 zł due 15 II 2024 → well over a year of interest
    response = signed_in.get(f"/konto/naleznosci/{taxpayer.pk}/blankiet/?raty={first.pk}")
    text = _text(response.content)
    assert "odsetki za zwłokę naliczone na dzień 02.06.2025" in text
    interest = late_interest(amount=Decimal("1000.00"), due_date=first.due_date, on=TODAY, rates=load_rates())
    assert interest > 100  # over a year at 10+ %
    assert format_pln(Decimal("1000.00") + interest, separator=" ") in text
    assert format_pln(interest, separator=" ") in text


def test_slip_of_another_persons_taxpayer_is_404(signed_in, other_taxpayer):
    liability = services.liability_create(
        taxpayer=other_taxpayer, kind=Liability.Kind.PROPERTY, year=2025, total=Decimal("400.00")
    )
    instalment = liability.instalments.first()
    assert signed_in.get(f"/konto/naleznosci/{other_taxpayer.pk}/blankiet/?raty={instalment.pk}").status_code == 404


def test_slip_with_someone_elses_instalment_is_refused(signed_in, taxpayer, property_liability, other_taxpayer):
    liability = services.liability_create(
        taxpayer=other_taxpayer, kind=Liability.Kind.PROPERTY, year=2025, total=Decimal("400.00")
    )
    foreign = liability.instalments.first()
    response = signed_in.get(f"/konto/naleznosci/{taxpayer.pk}/blankiet/?raty={foreign.pk}", follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "Nie znaleziono wskazanych rat." in response.content.decode()


@pytest.mark.parametrize("raty", ["", "abc", "1;2", ",,"])
def test_slip_with_bad_instalment_list(signed_in, taxpayer, property_liability, raty):
    response = signed_in.get(f"/konto/naleznosci/{taxpayer.pk}/blankiet/?raty={raty}", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/naleznosci/"
    assert "Wybierz raty, za które chcesz wydrukować blankiet." in response.content.decode()


def test_slip_for_a_paid_instalment(signed_in, taxpayer, property_liability):
    services.payment_create(taxpayer=taxpayer, paid_on=dt.date(2025, 3, 1), amount=Decimal("100.00"))
    first = property_liability.instalments.get(number=1)
    response = signed_in.get(f"/konto/naleznosci/{taxpayer.pk}/blankiet/?raty={first.pk}", follow=True)
    assert "Wskazane raty są już zapłacone" in response.content.decode()


def test_spouse_cannot_get_a_slip_for_a_personal_liability(client, taxpayer, property_liability):
    from eservices.finance.models import TaxpayerAccess
    from tests.factories import UserFactory

    spouse = UserFactory(email="zona@example.pl")
    services.taxpayer_grant_access(user=spouse, taxpayer=taxpayer, relation=TaxpayerAccess.Relation.SPOUSE)
    client.force_login(spouse)
    instalment = property_liability.instalments.first()
    response = client.get(f"/konto/naleznosci/{taxpayer.pk}/blankiet/?raty={instalment.pk}", follow=True)
    assert "Nie znaleziono wskazanych rat." in response.content.decode()
