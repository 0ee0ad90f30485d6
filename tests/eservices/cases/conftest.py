"""Builders of cases: units, a resident, staff with roles, and a case opened through the service."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eservices.cases import services
from eservices.cases.models import Case, CaseWorker
from tests.factories import OrgUnitFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "decyzja.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"0" * size, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _private_dirs(settings, tmp_path):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RATUSZ_CASES_ROOT = tmp_path / "cases"


@pytest.fixture
def office(db):
    return OrgUnitFactory(
        code="UM", name="Urząd Miejski w Głogowie Małopolskim", unit_type="office", city="Głogów Małopolski"
    )


@pytest.fixture
def library(db):
    return OrgUnitFactory(code="BIB", name="Biblioteka Publiczna", unit_type="library")


@pytest.fixture
def resident(db):
    return UserFactory(
        email="jan@example.pl",
        first_name="Jan",
        last_name="Nowak",
        pesel="44051401359",
        street="Rynek",
        house_number="1",
        postal_code="36-060",
        locality="Głogów Małopolski",
    )


@pytest.fixture
def other_resident(db):
    return UserFactory(email="ola@example.pl", first_name="Ola", last_name="Inna")


def _staff(email, unit, role):
    user = UserFactory(email=email, is_staff=True, first_name="Urzędnik", last_name=email.split("@")[0])
    CaseWorker.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def clerk(office):
    return _staff("urzednik@example.pl", office, CaseWorker.Role.CLERK)


@pytest.fixture
def head(office):
    return _staff("kierownik@example.pl", office, CaseWorker.Role.HEAD)


@pytest.fixture
def secretary(office):
    return _staff("sekretariat@example.pl", office, CaseWorker.Role.SECRETARY)


@pytest.fixture
def open_case(office, resident):
    def _open(*, applicant=None, unit=None, title="Wniosek o wydanie zaświadczenia", **extra) -> Case:
        applicant = applicant or resident
        return services.case_open(
            unit=unit or office,
            title=title,
            applicant=applicant,
            applicant_name=applicant.get_full_name(),
            applicant_email=applicant.email,
            jrwa_symbol="5340",
            **{"answers": {"imie": applicant.first_name}, **extra},
        )

    return _open
