"""Demo application forms (issue 4): at least 12 live forms, and every one of them really works.

The walk test answers every field of every step with valid generated data (checksummed PESEL, NIP,
REGON and NRB, a real PDF for attachments), picks the answers that *show* conditional fields so they
are validated too, and ends with a ``Submission`` carrying a reference number.
"""

import datetime as dt

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eservices.forms.fields import LAYOUT_TYPES, condition_holds, definition_of, steps_of
from eservices.forms.models import ApplicationForm, Draft, Submission
from home.demo.forms_data import FORMS, seed_application_forms
from home.demo.services import SERVICES
from tests.eservices.conftest import catalogue_create, service_create
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SERVICE_DATA = {data["slug"]: data for data in SERVICES}
VALID = {
    "pesel": "44051401359",
    "nip": "5260250274",
    "regon": "123456785",
    "nrb": "61109010140000071219812874",
    "email": "jan@example.pl",
    "phone": "600100200",
    "text": "Jan Nowak",
    "long_text": "Opis sprawy na potrzeby testu formularza.",
}
ADDRESS = {"street": "Rynek", "house_number": "1", "flat_number": "", "postal_code": "36-060",
           "locality": "Głogów Małopolski"}  # fmt: skip


@pytest.fixture(autouse=True)
def _no_page_cache(settings, tmp_path):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the demo forms (the seeded demo's forms: tests/test_seed_demo.py) ------------------------------


def test_field_names_are_unique_within_each_form():
    for slug, data in FORMS.items():
        names = [spec["name"] for kind, spec in data["fields"] if kind not in LAYOUT_TYPES]
        assert len(names) == len(set(names)), slug
        for kind, spec in data["fields"]:
            if kind not in LAYOUT_TYPES and spec["show_if_field"]:
                assert spec["show_if_field"] in names, f"{slug}: {spec['name']} depends on a missing field"


# --- every form, walked by a resident ---------------------------------------------------------------


def _wanted_values(fields: list[dict], *, last: bool = False) -> dict[str, str]:
    """For each controlling field, the value that shows (the first or the last of) the fields depending on it."""
    wanted = {}
    for item in fields:
        spec = item["value"]
        if item["type"] not in LAYOUT_TYPES and spec.get("show_if_field"):
            if last:
                wanted[spec["show_if_field"]] = spec["show_if_value"]
            else:
                wanted.setdefault(spec["show_if_field"], spec["show_if_value"])
    return wanted


def _walks() -> list:
    """Every demo form once; twice when a controlling field leads to two different branches (PESEL or NIP)."""
    walks = []
    for slug, data in sorted(FORMS.items()):
        fields = [{"type": kind, "value": spec} for kind, spec in data["fields"]]
        walks.append(pytest.param(slug, False, id=slug))
        if _wanted_values(fields) != _wanted_values(fields, last=True):
            walks.append(pytest.param(slug, True, id=f"{slug}-other-branch"))
    return walks


def _date_for(spec: dict) -> str:
    today = timezone.localdate()
    if not spec.get("allow_past", True):
        return (today + dt.timedelta(days=30)).isoformat()
    if not spec.get("allow_future", True):
        return (today - dt.timedelta(days=30)).isoformat()
    return today.isoformat()


def _choices(spec: dict) -> list[str]:
    return [item["value"] if isinstance(item, dict) else item for item in spec.get("choices") or []]


def _address_for(form, name: str) -> dict:
    """A whole address, typed in or chosen from the gmina's register when the form offers it."""
    data = {f"{name}__{part}": value for part, value in ADDRESS.items()}
    locality = form.fields[f"{name}__locality"]
    if isinstance(locality, forms.ChoiceField):
        groups = [options for _label, options in form.fields[f"{name}__street"].choices if isinstance(options, list)]
        if groups:
            street = groups[0][0][0]  # "<SIMC>-<ULIC>": a street of the first locality that has streets
            data[f"{name}__street"], data[f"{name}__locality"] = street, street.split("-")[0]
        else:
            data[f"{name}__street"], data[f"{name}__locality"] = "", next(v for v, _label in locality.choices if v)
    return data


def _answers_for(step, wanted: dict, form) -> dict:
    """Valid POST data for every input of the step as rendered (extra keys for hidden fields are ignored)."""
    data = {}
    for item in step.field_items:
        kind, spec = item["type"], item["value"]
        name = spec["name"]
        if kind == "address":
            if f"{name}__locality" in form.fields:
                data.update(_address_for(form, name))
        elif kind == "file":
            data[name] = SimpleUploadedFile(f"{name}.pdf", PDF, content_type="application/pdf")
        elif kind == "number":
            low = spec.get("min_value")
            data[name] = str(low if low not in (None, "") else 1)
        elif kind == "date":
            data[name] = _date_for(spec)
        elif kind in ("choice", "multiple_choice"):
            options = _choices(spec)
            value = wanted.get(name) if wanted.get(name) in options else options[0]
            data[name] = [value] if kind == "multiple_choice" else value
        elif kind == "yes_no":
            data[name] = wanted.get(name, "tak")
        elif kind == "consent":
            data[name] = "on"
        else:
            value = VALID[kind]
            data[name] = value[: spec.get("max_length") or 200]
    return data


@pytest.fixture
def resident(db):
    return UserFactory(email="jan@example.pl", first_name="Jan", last_name="Nowak", pesel="44051401359",
                       phone="600100200", identity_level="verified", street="Rynek", house_number="1",
                       postal_code="36-060", locality="Głogów Małopolski")  # fmt: skip


@pytest.mark.parametrize(("slug", "other_branch"), _walks())
def test_verified_resident_walks_every_step_and_submits(client, site_tree, resident, slug, other_branch):
    data = SERVICE_DATA[slug]
    page = service_create(catalogue_create(site_tree.home), data["title"], slug=slug, unit=site_tree.units[0],
                          requires_verified_identity=data["verified"])  # fmt: skip
    seed_application_forms({slug: page})
    form = ApplicationForm.objects.get(service=page)
    assert form.live and form.service.application_url == f"/uslugi/{slug}/wniosek/"
    url = form.service.application_url
    definition = definition_of(form)
    steps = steps_of(definition)
    wanted = _wanted_values(definition["fields"], last=other_branch)
    client.force_login(resident)

    assert client.get(url).status_code == 200
    given = {}
    for step in steps:
        page_of_step = client.get(f"{url}?krok={step.number}")
        assert page_of_step.status_code == 200
        answers = _answers_for(step, wanted, page_of_step.context["form"])
        given.update({name: value for name, value in answers.items() if not hasattr(value, "read")})
        response = client.post(f"{url}?krok={step.number}", answers)
        errors = response.context["form"].errors if response.status_code == 200 else {}
        assert response.status_code == 302, f"{slug}, krok {step.number}: {errors}"
        assert response.url == f"{url}?krok={step.number + 1}"

    summary_url = f"{url}?krok={len(steps) + 1}"
    summary = client.get(summary_url)
    assert summary.status_code == 200
    assert form.title in summary.content.decode()
    token = Draft.objects.get(user=resident).submission_token
    response = client.post(summary_url, {"submission_token": token, "declaration": "1"}, follow=True)
    submission = Submission.objects.get(user=resident, service=page)
    assert submission.reference == f"{site_tree.units[0].code.upper()}-WN-1/{timezone.localdate().year}"
    assert submission.reference in response.content.decode()
    assert not Draft.objects.filter(user=resident).exists()
    inputs = [item for item in definition["fields"] if item["type"] not in LAYOUT_TYPES]
    shown = {item["value"]["name"] for item in inputs if condition_holds(item["value"], given)}
    answered = {item["value"]["name"] for item in inputs if item["type"] != "file"} & shown
    assert set(submission.answers) == answered, "shown fields answered, hidden ones not stored"
    assert set(submission.files) == {item["value"]["name"] for item in inputs if item["type"] == "file"} & shown
    conditional = {item["value"]["name"] for item in inputs if item["value"].get("show_if_field")}
    assert not conditional or conditional & shown, "the walk took a branch that shows conditional fields"
