import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_bad_postal_code_and_epuap_address_have_clear_messages():
    unit = OrgUnitFactory.build(postal_code="36060", epuap_address="glogow")
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert "Kod pocztowy w formacie 00-000." in exc.value.message_dict["postal_code"]
    assert any("/identyfikator/skrytka" in m for m in exc.value.message_dict["epuap_address"])


def test_units_are_listed_in_the_admin(client):
    OrgUnitFactory(name="Miejsko-Gminny Ośrodek Pomocy Społecznej", code="MGOPS")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/snippets/units/orgunit/")
    assert response.status_code == 200
    assert "Miejsko-Gminny Ośrodek Pomocy Społecznej" in response.content.decode()


def test_unit_admin_search(client):
    OrgUnitFactory(name="Zakład Gospodarki Komunalnej", code="ZGK")
    OrgUnitFactory(name="Publiczne Przedszkole nr 1", code="PP1")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get("/admin/snippets/units/orgunit/", {"q": "Komunalnej"}).content.decode()
    assert "Zakład Gospodarki Komunalnej" in html
    assert "Publiczne Przedszkole nr 1" not in html
