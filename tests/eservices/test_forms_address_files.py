"""Addresses from the gmina's street register, several files per field, and field-block previews."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.units.demo_places import seed_places
from cms.units.models import Locality, Street
from cms.units.selectors import localities_with_streets
from eservices.forms.blocks import ApplicationFieldsBlock
from eservices.forms.fields import data_from_answers, display_answer, file_entries, file_meta, steps_of
from eservices.forms.models import ApplicationForm, Draft, Submission
from home.demo.forms_data import DECLARATION, seed_application_forms
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 200
URL = "/uslugi/zameldowanie/wniosek/"
FILES_URL = "/uslugi/oplata-za-odpady/wniosek/"
TOWN_SIMC, STYKOW_SIMC, ROGOZNICA_SIMC = "0662041", "0662153", "0662124"
RZESZOWSKA = f"{TOWN_SIMC}-19345"  # ul. Rzeszowska in the town
RYNEK = f"{TOWN_SIMC}-18880"


@pytest.fixture(autouse=True)
def _no_page_cache(settings, tmp_path):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def places(db):
    return seed_places()


@pytest.fixture
def meldunek(catalogue, places):
    seed_application_forms({"zameldowanie": catalogue.services["zameldowanie"]})
    return ApplicationForm.objects.get(service=catalogue.services["zameldowanie"])


@pytest.fixture
def resident(db):
    return UserFactory(email="jan@example.pl", first_name="Jan", last_name="Nowak", pesel="44051401359",
                       phone="600100200", street="ul. Rzeszowska", house_number="12/3", postal_code="36-060",
                       locality="Głogów Małopolski")  # fmt: skip


def _step1(client):
    return client.post(URL + "?krok=1", {"imie": "Jan", "nazwisko": "Nowak", "pesel": "44051401359",
                                         "email": "jan@example.pl", "telefon": ""})  # fmt: skip


def _step2(client, **address):
    parts = {"locality": TOWN_SIMC, "street": RZESZOWSKA, "house_number": "12", "flat_number": "3",
             "postal_code": "36-060", **address}  # fmt: skip
    data = {f"adres-pobytu__{part}": value for part, value in parts.items()}
    return client.post(URL + "?krok=2", {**data, "data-zamieszkania": "2024-03-01", "wlasciciel": "tak"})


# --- the register ---------------------------------------------------------------------------------


def test_seeding_places_is_idempotent(places):
    localities, streets = Locality.objects.count(), Street.objects.count()
    assert localities >= 14 and streets >= 40
    assert Street.objects.filter(locality__name="Głogów Małopolski").count() >= 40
    with CaptureQueriesContext(connection) as second_run:
        seed_places()
    assert (Locality.objects.count(), Street.objects.count()) == (localities, streets)
    assert not [q for q in second_run.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def test_localities_with_streets_takes_two_queries_however_many_streets(places, django_assert_num_queries):
    def read():
        return {loc.name: [s.full_name for s in loc.streets.all()] for loc in localities_with_streets()}

    with django_assert_num_queries(2):
        before = read()
    extra = Locality.objects.create(name="Nowa Wieś", simc="0662199", postal_code="36-060")
    Street.objects.bulk_create([Street(locality=extra, name=f"Ulica {i}", ulic=f"9{i:04d}") for i in range(30)])
    with django_assert_num_queries(2):
        after = read()
    assert "ul. Rzeszowska" in before["Głogów Małopolski"] and before["Styków"] == []
    assert len(after["Nowa Wieś"]) == 30


def test_register_is_in_the_admin_menu(client, places):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    menu = client.get("/admin/").content.decode()  # the sidebar is JSON: non-ASCII letters are escaped
    assert '"label": "Miejscowo\\u015bci i ulice"' in menu
    listing = client.get("/admin/snippets/units/street/?q=Rzeszowska").content.decode()
    assert "ul. Rzeszowska" in listing and "19345" in listing


# --- the address field ----------------------------------------------------------------------------


def test_street_of_the_chosen_locality_is_stored_with_teryt_codes(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    response = _step2(client)
    assert response.status_code == 302 and response.url == URL + "?krok=3"
    assert Draft.objects.get().answers["adres-pobytu"] == {
        "locality": "Głogów Małopolski", "locality_simc": TOWN_SIMC, "street": "ul. Rzeszowska",
        "street_ulic": "19345", "house_number": "12", "flat_number": "3", "postal_code": "36-060",
    }  # fmt: skip
    client.post(URL + "?krok=3", {"zgoda-ewidencja": "on"})
    summary = client.get(URL + "?krok=4").content.decode()
    assert "ul. Rzeszowska 12/3, 36-060 Głogów Małopolski" in summary


def test_street_of_another_locality_is_refused_next_to_the_street(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    response = _step2(client, locality=ROGOZNICA_SIMC)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_adres-pobytu__street_error"' in body
    assert "Ulica „ul. Rzeszowska” nie leży w miejscowości Rogoźnica, tylko w Głogów Małopolski" in body
    draft = Draft.objects.get()
    assert draft.current_step == 2
    assert draft.answers.get("adres-pobytu", {}).get("street", "") == ""  # the wrong street is not kept
    assert draft.answers["imie"] == "Jan"  # the earlier step is intact


def test_street_in_a_village_without_streets_is_refused(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    body = _step2(client, locality=STYKOW_SIMC).content.decode()
    assert "Styków nie ma ulic: wybierz „bez ulicy” i podaj tylko numer domu." in body
    assert Draft.objects.get().current_step == 2


def test_village_without_streets_takes_the_house_number_only(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    response = _step2(client, locality=STYKOW_SIMC, street="", house_number="210", flat_number="")
    assert response.status_code == 302
    answer = Draft.objects.get().answers["adres-pobytu"]
    assert answer["locality"] == "Styków" and answer["locality_simc"] == STYKOW_SIMC
    assert answer["street"] == answer["street_ulic"] == ""
    assert display_answer("address", answer) == "Styków 210, 36-060 Styków"


def test_town_address_needs_a_street(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    body = _step2(client, street="").content.decode()
    assert "Wybierz ulicę w miejscowości Głogów Małopolski." in body
    assert Draft.objects.get().current_step == 2


def test_bad_postal_code_is_refused_with_a_message(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    body = _step2(client, postal_code="36060").content.decode()
    assert 'id="id_adres-pobytu__postal_code_error"' in body
    assert "Wpisz kod pocztowy w formacie 00-000, np. 36-060." in body
    assert Draft.objects.get().current_step == 2


def test_street_select_is_grouped_by_locality_and_prefilled_from_the_profile(client, meldunek, resident):
    client.force_login(resident)
    _step1(client)
    body = client.get(URL + "?krok=2").content.decode()
    assert '<optgroup label="Głogów Małopolski">' in body and '<optgroup label="Rogoźnica">' in body
    assert f'<option value="{RZESZOWSKA}" selected>ul. Rzeszowska</option>' in body
    assert f'<option value="{TOWN_SIMC}" selected>Głogów Małopolski</option>' in body
    assert 'name="adres-pobytu__house_number" value="12"' in body
    assert 'name="adres-pobytu__flat_number" value="3"' in body


def test_answer_stored_before_the_register_is_matched_by_name(places):
    definition = {"fields": [{"type": "address", "value": {"label": "Adres", "name": "adres", "required": True}}]}
    old = {"street": "Rynek", "house_number": "1", "postal_code": "36-060", "locality": "Głogów Małopolski"}
    data = data_from_answers(steps_of(definition)[0], {"adres": old})
    assert data["adres__locality"] == TOWN_SIMC and data["adres__street"] == RYNEK


# --- several files in one field -------------------------------------------------------------------


@pytest.fixture
def attachments_form(catalogue):
    service = catalogue.services["odpady"]
    return ApplicationForm.objects.create(
        service=service, title="Deklaracja", first_step_title="Dane", declaration=DECLARATION,
        fields=[
            ("text", {"label": "Imię", "name": "imie", "required": True}),
            ("step_break", {"title": "Załączniki"}),
            ("text", {"label": "Opis", "name": "opis", "required": False}),
            ("file", {"label": "Dokumenty", "name": "dokumenty", "required": True, "allowed_types": ["pdf"],
                      "max_size_mb": 5, "max_files": 3}),
        ],
    )  # fmt: skip


def _pdfs(count, *, start=0):
    return [SimpleUploadedFile(f"dok{i}.pdf", PDF + str(i).encode()) for i in range(start, start + count)]


def _attach(client, files, **extra):
    client.post(FILES_URL + "?krok=1", {"imie": "Jan"})
    return client.post(FILES_URL + "?krok=2", {"opis": "trzy skany", "dokumenty": files, **extra})


def test_file_field_with_max_files_is_a_multiple_input(client, attachments_form, resident):
    client.force_login(resident)
    client.post(FILES_URL + "?krok=1", {"imie": "Jan"})
    body = client.get(FILES_URL + "?krok=2").content.decode()
    assert 'name="dokumenty"' in body and "multiple" in body and "do 3 plików" in body


def test_three_files_under_max_three_are_stored_with_sha256(client, attachments_form, resident):
    client.force_login(resident)
    files = _pdfs(3)
    response = _attach(client, files)
    assert response.status_code == 302 and response.url == FILES_URL + "?krok=3"
    stored = Draft.objects.get().files["dokumenty"]
    assert [meta["name"] for meta in stored] == ["dok0.pdf", "dok1.pdf", "dok2.pdf"]
    assert [meta["sha256"] for meta in stored] == [hashlib.sha256(PDF + str(i).encode()).hexdigest() for i in range(3)]
    summary = client.get(FILES_URL + "?krok=3").content.decode()
    assert "dok0.pdf, dok1.pdf, dok2.pdf" in summary
    token = Draft.objects.get().submission_token
    client.post(FILES_URL + "?krok=3", {"submission_token": token, "declaration": "1"})
    assert [meta["sha256"] for meta in Submission.objects.get().files["dokumenty"]] == [m["sha256"] for m in stored]


def test_four_files_over_max_three_are_refused_and_earlier_answers_kept(client, attachments_form, resident):
    client.force_login(resident)
    response = _attach(client, _pdfs(4))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_dokumenty_error"' in body
    assert "Za dużo plików: wybrano 4, a można dołączyć najwyżej 3." in body
    draft = Draft.objects.get()
    assert draft.answers["imie"] == "Jan" and draft.answers["opis"] == "trzy skany"
    assert draft.current_step == 2 and draft.files == {}


def test_renamed_exe_among_the_files_refuses_the_whole_set(client, attachments_form, resident):
    client.force_login(resident)
    files = [*_pdfs(2), SimpleUploadedFile("skan.pdf", EXE)]
    body = _attach(client, files).content.decode()
    assert "„skan.pdf”: Ten plik nie jest tym, na co wskazuje jego nazwa" in body
    assert "program Windows (EXE)" in body
    draft = Draft.objects.get()
    assert draft.current_step == 2 and draft.files == {}


def test_summary_shows_one_file_or_a_list_of_files():
    assert display_answer("file", None, {"a": {"name": "zgoda.pdf"}}, "a") == "zgoda.pdf"
    assert display_answer("file", None, {"a": [{"name": "1.pdf"}, {"name": "2.pdf"}]}, "a") == "1.pdf, 2.pdf"
    assert display_answer("file", None, {}, "a") == "—"


# --- block previews -------------------------------------------------------------------------------


@pytest.mark.parametrize("with_register", [True, False])
def test_every_field_block_preview_renders_through_its_template(db, with_register):
    if with_register:
        seed_places()
    for name, block in ApplicationFieldsBlock().child_blocks.items():
        assert block.is_previewable, name
        value = block.get_preview_value()
        html = block.render(value)
        shown = value.get("label") or value.get("heading") or value.get("title")
        assert shown and shown in html, name
        if name not in ("heading", "step_break"):
            assert "<input" in html or "<select" in html or "<textarea" in html, name
    address = ApplicationFieldsBlock().child_blocks["address"]
    assert ("<optgroup" in address.render(address.get_preview_value())) is with_register


def test_block_preview_page_in_the_admin(client, places):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for name, block in ApplicationFieldsBlock().child_blocks.items():
        response = client.get(f"/admin/block-preview/?id={block.definition_prefix}")
        assert response.status_code == 200, name
        assert "theme/css/site.css" in response.content.decode(), name


def test_file_entries_name_each_file_of_a_several_file_field():
    files = {"zgoda": {"name": "z.pdf"}, "dokumenty": [{"name": "1.pdf"}, {"name": "2.pdf"}]}
    assert [key for key, _meta in file_entries(files)] == ["zgoda", "dokumenty.1", "dokumenty.2"]
    assert file_meta(files, "dokumenty.2") == {"name": "2.pdf"} and file_meta(files, "dokumenty.3") is None
