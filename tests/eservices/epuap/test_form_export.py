"""Every online form can be exported as an ePUAP document; sent back through ePUAP it becomes a case."""

import pytest
from django.urls import reverse
from lxml import etree

from eservices.cases.models import Case
from eservices.epuap import inbound
from eservices.epuap.documents import RATUSZ_NS, parse_document
from eservices.forms.models import ApplicationForm
from tests.factories import UserFactory

from .conftest import OFFICE_BOX, send_from_resident


@pytest.fixture
def waste_form(catalogue):
    return ApplicationForm.objects.create(
        service=catalogue.services["odpady"], title="Deklaracja o opłacie za odpady", first_step_title="Dane",
        fields=[
            ("text", {"label": "Adres nieruchomości", "name": "adres", "required": True}),
            ("number", {"label": "Liczba mieszkańców", "name": "osoby", "required": True}),
        ],
    )  # fmt: skip


def test_export_lists_fields_and_prefills_sender(client, waste_form):
    user = UserFactory(first_name="Anna", last_name="Nowak", pesel="44051401359")
    client.force_login(user)
    response = client.get(reverse("logingov:form_export", args=("oplata-za-odpady",)))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert RATUSZ_NS.encode() in response.content and b'etykieta="Liczba miesz' in response.content
    parsed = parse_document(response.content)
    assert parsed.service_slug == "oplata-za-odpady" and set(parsed.answers) == {"adres", "osoby"}
    assert parsed.sender.pesel == "44051401359"


def test_filled_export_sent_through_epuap_becomes_case_of_the_service(client, waste_form, standin, gateway):
    xml = client.get(reverse("logingov:form_export", args=("oplata-za-odpady",))).content
    root = etree.fromstring(xml)
    for pole in root.iter(f"{{{RATUSZ_NS}}}Pole"):
        pole.text = {"adres": "Rynek 1", "osoby": "4"}[pole.get("nazwa")]
    xml = etree.tostring(root)
    send_from_resident(standin, xml, mailbox=OFFICE_BOX)
    office = waste_form.service.unit
    inbound.mailbox_pull(unit=office, gateway=gateway)
    case = Case.objects.get()
    assert case.service_id == waste_form.service_id and case.channel == "epuap"
    assert (case.answers["adres"], case.answers["osoby"]) == ("Rynek 1", "4")


def test_service_without_form_is_404(client, catalogue):
    assert client.get(reverse("logingov:form_export", args=("zameldowanie",))).status_code == 404
    assert client.get(reverse("logingov:form_export", args=("nie-ma",))).status_code == 404


def test_service_card_links_to_the_export(client, waste_form):
    """Residents who prefer ePUAP find the document on the service card, beside the online form."""
    service = waste_form.service
    service.epuap_available = True
    service.save_revision().publish()
    html = client.get(service.url).content.decode()
    assert reverse("logingov:form_export", args=(service.slug,)) in html
    assert "Pobierz wniosek jako dokument ePUAP (XML)" in html
