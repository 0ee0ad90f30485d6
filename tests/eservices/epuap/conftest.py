"""Fixtures of the ePUAP tests: the stand-in on 127.0.0.1, the real SOAP client pointed at it, units."""

import pytest

from eservices.cases.models import CaseWorker
from eservices.epuap.documents import Attachment, Party, build_document
from eservices.epuap.gateway.soap import SoapGateway
from eservices.epuap.keys import generate_keypair
from eservices.epuap.standin import EpuapStandin
from tests.factories import OrgUnitFactory, UserFactory

OFFICE_BOX = "/glogowmlp/SkrytkaESP"
LIBRARY_BOX = "/biblioteka-glogow/skrytka"
RESIDENT_BOX = "/jan.nowak/skrytka"
PESEL = "44051401359"


@pytest.fixture(scope="session")
def office_keys():
    return generate_keypair("Urząd Miejski w Głogowie Małopolskim — system ePUAP")


@pytest.fixture(scope="session")
def resident_keys():
    return generate_keypair("Jan Nowak")


@pytest.fixture(scope="session")
def _standin_server():
    standin = EpuapStandin()
    url = standin.start()
    yield standin, url
    standin.stop()


@pytest.fixture
def standin(_standin_server):
    server, _url = _standin_server
    server.reset()
    server.trusted_certs = None
    server.require_signature = True
    server.auto_open = True
    server.timeout_seconds = 2.0
    return server


@pytest.fixture
def standin_url(_standin_server):
    return _standin_server[1]


@pytest.fixture(autouse=True)
def _epuap_settings(settings, tmp_path, standin_url, office_keys, monkeypatch):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RATUSZ_CASES_ROOT = tmp_path / "cases"
    settings.EPUAP_URL = standin_url
    settings.EPUAP_TIMEOUT = 1.0
    monkeypatch.setattr("eservices.epuap.gateway.soap._office_keypair", lambda *a: office_keys)


@pytest.fixture
def gateway(standin_url, office_keys):
    return SoapGateway(url=standin_url, keypair=office_keys, timeout=1.0)


@pytest.fixture
def office(db):
    return OrgUnitFactory(
        code="UM", name="Urząd Miejski w Głogowie Małopolskim", unit_type="office", epuap_address=OFFICE_BOX
    )


@pytest.fixture
def library(db):
    return OrgUnitFactory(code="BIB", name="Biblioteka Publiczna", unit_type="library", epuap_address=LIBRARY_BOX)


@pytest.fixture
def secretary(db, office):
    user = UserFactory(email="kancelaria@glogow-mlp.pl", is_staff=True, first_name="Anna", last_name="Kancelaria")
    CaseWorker.objects.create(user=user, unit=office, role=CaseWorker.Role.SECRETARY)
    return user


@pytest.fixture
def clerk(db, office):
    user = UserFactory(email="urzednik@glogow-mlp.pl", is_staff=True, first_name="Piotr", last_name="Urzędnik")
    CaseWorker.objects.create(user=user, unit=office, role=CaseWorker.Role.CLERK)
    return user


def letter(*, title="Wniosek o udostępnienie informacji", body="Proszę o informację.", keys=None, attachments=()):
    return build_document(
        title=title,
        body=body,
        sender=Party(pesel=PESEL, first_name="Jan", last_name="Nowak"),
        addressee=Party(name="Urząd Miejski w Głogowie Małopolskim"),
        attachments=list(attachments) or [Attachment("skan.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")],
        keypair=keys,
    )


def send_from_resident(standin, content, mailbox=OFFICE_BOX):
    return standin.deliver_to_mailbox(
        mailbox,
        content,
        file_name="pismo.xml",
        sender_identifier=PESEL,
        sender_identifier_type="PESEL",
        sender_first_name="Jan",
        sender_last_name="Nowak",
        reply_address=RESIDENT_BOX,
    )
