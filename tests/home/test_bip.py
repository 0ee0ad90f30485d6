"""BIP pages: the metryczka and the public, append-only change register."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.bip.models import BipChangeRecord, ImmutableRecordError
from home.bip.services import bip_record_publication
from home.demo.bip import PAGES, seed_bip
from home.models import BipIndexPage, StandardPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def people():
    first = UserFactory(email="anna.nowak@glogow-mlp.pl", first_name="Anna", last_name="Nowak", is_staff=True)
    second = UserFactory(email="jan.kos@glogow-mlp.pl", first_name="Jan", last_name="Kos", is_staff=True)
    return first, second


@pytest.fixture
def bip(site_tree):
    index = BipIndexPage(title="Biuletyn Informacji Publicznej", slug="bip", intro="Informacja publiczna gminy.")
    site_tree.home.add_child(instance=index)
    index.save_revision().publish()
    return index


def publish(page, user, note, *, at, monkeypatch, body=None):
    """Publish a new revision of ``page`` as ``user`` at the Warsaw time ``at``."""
    moment = at.replace(tzinfo=WARSAW)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    page.bip_change_note = note
    if body is not None:
        page.body = [("paragraph", body)]
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    monkeypatch.undo()
    page.refresh_from_db()
    return revision


@pytest.fixture
def budget(bip, people, monkeypatch):
    """A BIP page published twice: by Anna Nowak on 15 Jan 2026, changed by Jan Kos on 20 Jan 2026."""
    anna, jan = people
    page = StandardPage(
        title="Budżet gminy 2026",
        slug="budzet-gminy-2026",
        live=False,
        owner=anna,
        bip_author="Dorota Ślusarczyk, Skarbnik Gminy",
        bip_produced_on=dt.date(2025, 12, 18),
    )
    bip.add_child(instance=page)
    publish(
        page, anna, "Udostępnienie uchwały budżetowej.", at=dt.datetime(2026, 1, 15, 10, 0), monkeypatch=monkeypatch
    )
    publish(
        page,
        jan,
        "Dodano wieloletnią prognozę finansową.",
        at=dt.datetime(2026, 1, 20, 14, 30),
        monkeypatch=monkeypatch,
        body="<p>Wieloletnia prognoza finansowa.</p>",
    )
    return page


def metryczka_of(client, url) -> str:
    html = client.get(url).content.decode()
    start = html.find('<section class="metryczka"')
    assert start != -1, "no metryczka"
    return html[start : html.find("</section>", start)]


def detail(html: str, label: str) -> str:
    start = html.index(f"<dt>{label}</dt><dd>") + len(f"<dt>{label}</dt><dd>")
    return html[start : html.index("</dd>", start)]


def test_metryczka_shows_the_right_people_and_dates(client, budget, site_tree):
    html = metryczka_of(client, budget.url)
    assert detail(html, "Podmiot udostępniający informację") == "Urząd Miejski w Głogowie Małopolskim"
    assert detail(html, "Informację wytworzył(a)") == "Dorota Ślusarczyk, Skarbnik Gminy"
    assert "18.12.2025" in detail(html, "Data wytworzenia informacji")
    assert detail(html, "Informację wprowadził(a)") == "Anna Nowak"
    assert ">15.01.2026 10:00<" in detail(html, "Data udostępnienia")
    assert detail(html, "Ostatnią zmianę wprowadził(a)") == "Jan Kos"
    assert ">20.01.2026 14:30<" in detail(html, "Data ostatniej zmiany")


def test_author_is_what_the_editor_typed_and_the_unit_publishes_its_own_pages(client, site_tree, people, monkeypatch):
    library_page = site_tree.unit_pages[1]
    page = StandardPage(title="Regulamin biblioteki", slug="regulamin", live=False, is_bip=True, bip_author="Ala Ma")
    library_page.add_child(instance=page)
    publish(page, people[0], "Nowy regulamin.", at=dt.datetime(2026, 2, 1, 9, 0), monkeypatch=monkeypatch)
    page.bip_author = "Anna Szpunar, Dyrektor"
    publish(page, people[1], "Poprawiono autora.", at=dt.datetime(2026, 2, 2, 9, 0), monkeypatch=monkeypatch)

    html = metryczka_of(client, page.url)
    assert detail(html, "Podmiot udostępniający informację") == "Miejsko-Gminna Biblioteka Publiczna"
    assert detail(html, "Informację wytworzył(a)") == "Anna Szpunar, Dyrektor"


def test_change_register_lists_every_publication_in_order_with_notes(client, budget, people, monkeypatch):
    publish(budget, people[0], "Zmiana budżetu w marcu.", at=dt.datetime(2026, 3, 2, 8, 15), monkeypatch=monkeypatch)
    html = metryczka_of(client, budget.url)
    rows = [
        ("1", "15.01.2026 10:00", "Anna Nowak", "Udostępnienie uchwały budżetowej."),
        ("2", "20.01.2026 14:30", "Jan Kos", "Dodano wieloletnią prognozę finansową."),
        ("3", "02.03.2026 08:15", "Anna Nowak", "Zmiana budżetu w marcu."),
    ]
    positions = [html.index(note) for *_, note in rows]
    assert positions == sorted(positions)
    for number, date, person, note in rows:
        assert f'<th scope="row">{number}</th>' in html and date in html and person in html and note in html

    register = client.get(f"/bip/rejestr-zmian/{budget.pk}/")
    assert register.status_code == 200
    full = register.content.decode()
    assert full.count("<h1") == 1 and "Rejestr zmian: Budżet gminy 2026" in full
    assert [full.index(note) for *_, note in rows] == sorted(full.index(note) for *_, note in rows)
    assert f'href="{budget.url}"' in full


def test_a_new_publication_appends_and_never_rewrites(budget, people, monkeypatch):
    register = BipChangeRecord.objects.filter(page_ref=budget.pk).order_by("id")
    before = list(register.values())
    budget.body = [("paragraph", "<p>Nowa treść.</p>")]
    publish(budget, people[1], "", at=dt.datetime(2026, 4, 1, 12, 0), monkeypatch=monkeypatch)
    after = list(register.values())
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    # The note is kept as typed on the page; the register copied each one at its publication.
    assert [r["change_note"] for r in after] == [
        "Udostępnienie uchwały budżetowej.",
        "Dodano wieloletnią prognozę finansową.",
        "",
    ]

    record = BipChangeRecord.objects.first()
    record.change_note = "Przepisana historia"
    with pytest.raises(ImmutableRecordError):
        record.save()
    with pytest.raises(ImmutableRecordError):
        record.delete()
    with pytest.raises(ImmutableRecordError):
        BipChangeRecord.objects.filter(page_ref=budget.pk).update(user_name="ktoś")
    with pytest.raises(ImmutableRecordError):
        BipChangeRecord.objects.filter(page_ref=budget.pk).delete()
    assert list(register.values()) == after


def test_recording_a_revision_twice_adds_nothing(budget, people):
    revision = budget.live_revision
    count = BipChangeRecord.objects.count()
    again = bip_record_publication(page=budget, revision=revision, user=people[0])
    assert again.revision_id == revision.pk
    assert BipChangeRecord.objects.count() == count


def test_register_outlives_the_deleted_page(client, budget):
    page_id = budget.pk
    budget.delete()
    assert BipChangeRecord.objects.filter(page_ref=page_id).count() == 2
    response = client.get(f"/bip/rejestr-zmian/{page_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budżet gminy 2026" in html and "Dodano wieloletnią prognozę finansową." in html
    assert "została usunięta" in html


def test_page_not_in_bip_shows_no_metryczka_and_no_register(client, site_tree, people, monkeypatch):
    about = site_tree.about
    publish(about, people[0], "Nowe zdjęcia.", at=dt.datetime(2026, 1, 5, 9, 0), monkeypatch=monkeypatch)
    html = client.get(about.url).content.decode()
    assert "metryczka" not in html and "Rejestr zmian" not in html
    assert client.get(f"/bip/rejestr-zmian/{about.pk}/").status_code == 404
    assert client.get("/bip/rejestr-zmian/999999/").status_code == 404

    # Marked as BIP by the editor: the metryczka appears, with the history from before.
    about.is_bip = True
    publish(about, people[1], "Strona w BIP.", at=dt.datetime(2026, 1, 6, 9, 0), monkeypatch=monkeypatch)
    html = metryczka_of(client, about.url)
    assert detail(html, "Informację wprowadził(a)") == "Anna Nowak"
    assert "Nowe zdjęcia." in html and "Strona w BIP." in html


def test_draft_and_scheduled_versions_are_not_in_the_register(client, budget, people, monkeypatch):
    budget.bip_change_note = "Szkic, nieopublikowany."
    budget.save_revision(user=people[0])
    budget.go_live_at = timezone.now() + dt.timedelta(days=3)
    budget.bip_change_note = "Zaplanowana zmiana."
    budget.save_revision(user=people[0]).publish(user=people[0], skip_permission_checks=True)
    html = metryczka_of(client, budget.url)
    assert "Szkic" not in html and "Zaplanowana zmiana." not in html
    assert BipChangeRecord.objects.filter(page_ref=budget.pk).count() == 2


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_bip_page_query_count_is_the_same_with_2_and_20_register_entries(client, budget, people, monkeypatch):
    with_2 = _queries(client, budget.url)
    for i in range(18):
        publish(
            budget, people[i % 2], f"Zmiana nr {i + 3}.", at=dt.datetime(2026, 2, 1 + i, 9), monkeypatch=monkeypatch
        )
    with_20 = _queries(client, budget.url)
    assert with_2 == with_20

    for i in range(5):
        publish(
            budget, people[0], f"Późniejsza zmiana {i}.", at=dt.datetime(2026, 3, 1 + i, 9), monkeypatch=monkeypatch
        )
    html = metryczka_of(client, budget.url)
    assert html.count('<th scope="row">') == 20  # the latest 20 …
    assert '<th scope="row">25</th>' in html and '<th scope="row">5</th>' not in html
    assert "Pełny rejestr zmian (25 wpisów)" in html  # … and the way to all of them
    assert detail(html, "Informację wprowadził(a)") == "Anna Nowak"  # the first entry is not among them
    assert _queries(client, budget.url) == with_20


def test_bip_index_lists_its_pages(client, budget, bip):
    html = client.get(bip.url).content.decode()
    assert html.count("<h1") == 1
    assert "Działy Biuletynu" in html and f'href="{budget.url}"' in html and "Budżet gminy 2026" in html


def test_seed_bip_publishes_every_page_in_versions_and_is_idempotent(client, site_tree):
    UserFactory(email="admin@ratusz.local", first_name="Administrator", last_name="Demo", is_staff=True)
    UserFactory(email="redaktor@ratusz.local", first_name="Ewa", last_name="Redaktorska", is_staff=True)
    created = seed_bip()
    assert len(created) == 1 + len(PAGES)
    in_bip = BipChangeRecord.objects.filter(page__path__startswith=created[0].path)
    records = in_bip.count()
    assert records == sum(len(versions) for *_, versions in PAGES)
    assert seed_bip() == []
    assert in_bip.count() == records
    assert all(in_bip.values_list("in_bip", flat=True))

    statute = StandardPage.objects.get(slug="statut-gminy")
    assert statute.url == "/bip/statut-gminy/"
    html = metryczka_of(client, statute.url)
    assert detail(html, "Informację wprowadził(a)") == "Administrator Demo"
    assert detail(html, "Ostatnią zmianę wprowadził(a)") == "Ewa Redaktorska"
    assert "Dodano odnośnik do tekstu jednolitego" in html
