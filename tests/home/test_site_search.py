"""Polish-aware site search (issue #3, point 4): what a person searching /szukaj/ finds, and what never.

These run on SQLite and on PostgreSQL (where the same behaviour goes through tsvector/tsquery);
PostgreSQL-only checks are in ``tests/test_postgres.py``.
"""

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import NewsPage, StandardPage
from home.sitesearch.models import SearchEntry
from home.sitesearch.selectors import search_entries
from home.sitesearch.text import index_tokens, query_terms, tsquery

pytestmark = pytest.mark.django_db


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def standard(parent, title, text="", **fields):
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower())[:50].strip("-") or "strona"
    body = [("paragraph", f"<p>{text}</p>")] if text else []
    return publish(parent, StandardPage(title=title, slug=slug, body=body, **fields))


def titles(client, q, **params) -> list[str]:
    html = client.get("/szukaj/", {"q": q, **params}).content.decode()
    return re.findall(r'class="search-result__title"><a href="[^"]*">([^<]+)</a>', html)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def document(title, *, collection=None, tags=()):
    doc = get_document_model()(title=title, collection=collection or Collection.get_first_root_node())
    doc.file = ContentFile(b"%PDF-1.4\n%%EOF\n", name="plik.pdf")
    doc.save()
    if tags:
        doc.tags.add(*tags)
        doc.save()
    return doc


# --- Polish matching ------------------------------------------------------------------------------


def test_query_without_diacritics_finds_word_with_them(client, site_tree):
    standard(site_tree.about, "Sprawy meldunkowe", "Wydajemy zaświadczenie o zameldowaniu od ręki.")
    assert titles(client, "zaswiadczenie") == ["Sprawy meldunkowe"]
    assert titles(client, "ZAŚWIADCZENIE") == ["Sprawy meldunkowe"]


def test_prefix_finds_base_form_and_inflected_form(client, site_tree):
    """``podatk`` finds "podatek" (fleeting e) and "podatku" (stem); other forms find each other."""
    standard(site_tree.about, "Strona pierwsza", "Termin płatności: podatek płacimy w ratach.")
    standard(site_tree.about, "Strona druga", "Wysokość podatku ustala rada gminy.")
    standard(site_tree.about, "Strona trzecia", "Zapłać podatkiem rolnym.")
    assert set(titles(client, "podatk")) == {"Strona pierwsza", "Strona druga", "Strona trzecia"}
    assert set(titles(client, "podatku")) == {"Strona pierwsza", "Strona druga", "Strona trzecia"}
    assert set(titles(client, "podatek")) == {"Strona pierwsza", "Strona druga", "Strona trzecia"}
    assert titles(client, "meldunek") == []


def test_all_words_must_match_in_any_order_and_field(client, site_tree):
    standard(site_tree.about, "Odpady komunalne", "Harmonogram wywozu dla sołectwa Rogoźnica.")
    standard(site_tree.about, "Odpady wielkogabarytowe", "Zbiórka raz w roku.")
    assert titles(client, "rogoznica odpadow") == ["Odpady komunalne"]
    assert set(titles(client, "odpady")) == {"Odpady komunalne", "Odpady wielkogabarytowe"}


def test_stop_words_do_not_hide_results(client, site_tree):
    standard(site_tree.about, "Wniosek o wydanie dowodu osobistego")
    assert titles(client, "wniosek na dowód") == ["Wniosek o wydanie dowodu osobistego"]


def test_title_match_ranks_above_body_match(client, site_tree):
    body_only = standard(site_tree.about, "Informacja o opłatach", "Kanalizacja, kanalizacja i kanalizacja.")
    title_match = standard(site_tree.about, "Kanalizacja sanitarna", "Budowa sieci w sołectwach.")
    # The body match is newer, so only the rank can put the title match first.
    body_only.last_published_at = timezone.now() + dt.timedelta(days=1)
    body_only.save_revision().publish()
    assert titles(client, "kanalizacji") == [title_match.title, body_only.title]


def test_index_tokens_are_plain_ascii_and_queries_carry_no_operators():
    tokens = index_tokens("Zażółć gęślą jaźń — PODATEK!", "x'); DROP TABLE --")
    assert re.fullmatch(r"( [a-z0-9]+)+ ", tokens)
    assert " podatk " in tokens and " zazolc " in tokens
    hostile = "a:* | b & !c <-> 'd' \\ (e) f:A* %g_ 💥"
    expression = tsquery(query_terms(hostile))
    assert re.fullmatch(r"[a-z0-9:*|&() ]+", expression)
    assert "!" not in expression and "<" not in expression and "'" not in expression


# --- Kinds, counts, units ---------------------------------------------------------------------------


def test_results_filterable_by_kind_with_counts(client, site_tree, media):
    standard(site_tree.about, "Komunikaty archiwalne", "Starsze komunikaty urzędu.")
    document("Komunikat wyborczy")
    response = client.get("/szukaj/", {"q": "komunikat"})
    html = response.content.decode()
    assert response.context["search_total_all"] == 5
    counts = {f.slug: f.count for f in response.context["search_filters"]}
    assert counts == {"uslugi": 0, "strony": 1, "aktualnosci": 3, "jednostki": 0, "dokumenty": 1}
    assert 'href="?q=komunikat&amp;typ=aktualnosci"' in html
    assert re.search(r'aria-current="page">Wszystkie \(5\)', html)

    news_only = client.get("/szukaj/", {"q": "komunikat", "typ": "aktualnosci", "page": "2"}).content.decode()
    assert re.search(r'typ=aktualnosci" aria-current="page">Aktualności \(3\)', news_only)
    found = re.findall(r'class="search-result__title"><a href="[^"]*">([^<]+)</a>', news_only)
    assert sorted(found) == ["Komunikat nr 1/2026", "Komunikat nr 2/2026", "Komunikat nr 3/2026"]
    assert titles(client, "komunikat", typ="dokumenty") == ["Komunikat wyborczy"]
    # A value nobody offers shows every kind rather than an error.
    assert len(titles(client, "komunikat", typ="<b>nic</b>")) == 5


def test_empty_kind_says_so_and_still_offers_the_others(client, site_tree):
    html = client.get("/szukaj/", {"q": "komunikat", "typ": "dokumenty"}).content.decode()
    assert "Brak wyników tego rodzaju" in html
    assert "Aktualności (3)" in html


def test_news_result_shows_kind_and_date(client, site_tree):
    html = client.get("/szukaj/", {"q": "komunikat nr 2"}).content.decode()
    assert "Aktualność" in html and 'datetime="2026-01-02"' in html
    assert 'href="/aktualnosci/komunikat-2-2026/"' in html


def test_unit_content_appears_under_the_units_name(client, site_tree):
    office_page, library_page = site_tree.unit_pages
    standard(library_page, "Ferie zimowe", "Zajęcia dla dzieci w czytelni.")
    publish(library_page, NewsPage(title="Nowe książki", slug="nowe-ksiazki", intro="Zakupiliśmy nowości."))
    html = client.get("/szukaj/", {"q": "ferie"}).content.decode()
    assert "Jednostka: Miejsko-Gminna Biblioteka Publiczna" in html
    assert "Jednostka: Miejsko-Gminna Biblioteka Publiczna" in client.get("/szukaj/", {"q": "ksiazki"}).content.decode()
    # The unit's name is searchable with its content, and the unit page itself is a "unit" result.
    assert titles(client, "biblioteka ferie") == ["Ferie zimowe"]
    assert titles(client, "bibliotece", typ="jednostki") == ["Miejsko-Gminna Biblioteka Publiczna"]


def test_renamed_unit_relabels_its_content(client, site_tree):
    library = site_tree.units[1]
    standard(site_tree.unit_pages[1], "Ferie zimowe")
    library.name = "Biblioteka Publiczna Gminy"
    library.save()
    assert "Jednostka: Biblioteka Publiczna Gminy" in client.get("/szukaj/", {"q": "ferie"}).content.decode()
    assert titles(client, "gminy ferie") == ["Ferie zimowe"]


def test_moved_page_joins_the_units_section(client, site_tree):
    page = standard(site_tree.about, "Regulamin czytelni")
    page.move(site_tree.unit_pages[1], pos="last-child")
    html = client.get("/szukaj/", {"q": "regulamin"}).content.decode()
    assert "Jednostka: Miejsko-Gminna Biblioteka Publiczna" in html
    assert "/urzad/jednostki/" in html


def test_documents_found_by_title_and_tags(client, site_tree, media):
    doc = document("Uchwała budżetowa na rok 2026", tags=["finanse"])
    html = client.get("/szukaj/", {"q": "uchwala budzetowa"}).content.decode()
    assert doc.url in html and "Dokument" in html and "PDF" in html
    assert titles(client, "finanse") == ["Uchwała budżetowa na rok 2026"]


# --- What never appears ------------------------------------------------------------------------------


def test_unpublished_page_is_not_found(client, site_tree):
    page = StandardPage(title="Projekt planu zagospodarowania", slug="projekt", live=False)
    site_tree.about.add_child(instance=page)
    page.save_revision()  # a draft, never published
    assert titles(client, "zagospodarowania") == []


def test_restricted_page_and_its_children_are_not_found(client, site_tree, django_user_model):
    intranet = standard(site_tree.home, "Intranet urzędu", "Regulamin pracy.")
    standard(intranet, "Grafik dyżurów", "Regulamin dyżurów.")
    PageViewRestriction.objects.create(page=intranet, restriction_type=PageViewRestriction.LOGIN)
    assert titles(client, "regulamin") == []
    assert titles(client, "grafik") == []
    # Signed-in staff do not find them here either: the public search shows public pages only.
    client.force_login(django_user_model.objects.create_user(email="u@example.pl", password="x-123-abc"))
    assert titles(client, "regulamin") == []


def test_expired_page_is_not_found_even_before_it_is_unpublished(client, site_tree):
    page = standard(site_tree.about, "Ogłoszenie o przetargu", "Przetarg na dowóz uczniów.")
    StandardPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - dt.timedelta(minutes=1))
    assert titles(client, "przetarg") == []
    call_command("publish_scheduled")  # Wagtail unpublishes it: page_unpublished drops the entry
    assert not SearchEntry.objects.filter(page_id=page.pk).exists()


def test_documents_in_a_restricted_collection_are_not_found(client, site_tree, media):
    root = Collection.get_first_root_node()
    staff = root.add_child(name="Dla pracowników")
    inner = staff.add_child(name="Regulaminy")
    document("Regulamin wynagradzania", collection=inner)
    document("Regulamin targowiska")
    CollectionViewRestriction.objects.create(collection=staff, restriction_type=CollectionViewRestriction.LOGIN)
    assert titles(client, "regulamin") == ["Regulamin targowiska"]


# --- Keeping the index fresh ----------------------------------------------------------------------------


def test_index_follows_publish_unpublish_and_delete(client, site_tree):
    page = standard(site_tree.about, "Stypendia sportowe")
    assert titles(client, "stypendia") == ["Stypendia sportowe"]

    page.title = "Nagrody sportowe"
    page.save_revision().publish()
    assert titles(client, "stypendia") == []
    assert titles(client, "nagrody") == ["Nagrody sportowe"]

    page.unpublish()
    assert titles(client, "nagrody") == []

    page.save_revision().publish()
    assert titles(client, "nagrody") == ["Nagrody sportowe"]
    page.delete()
    assert titles(client, "nagrody") == []
    assert not SearchEntry.objects.filter(title="Nagrody sportowe").exists()


def test_rebuild_command_indexes_everything(site_tree, media):
    document("Cennik usług")
    SearchEntry.objects.all().delete()
    call_command("search_rebuild", stdout=None)
    # home, news index, 3 news, about, office, units index, 2 unit pages, statement, 1 document
    assert SearchEntry.objects.count() == 12
    assert search_entries(query="cennik").total == 1


def test_failed_indexing_does_not_stop_publishing(site_tree, monkeypatch, caplog):
    from home.sitesearch import services

    def broken(**kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(services, "search_index_page", broken)
    page = standard(site_tree.about, "Strona mimo awarii")
    assert StandardPage.objects.get(pk=page.pk).live
    assert "search_rebuild" in caplog.text


# --- Cost ----------------------------------------------------------------------------------------------


def _queries(client, params) -> int:
    client.get("/szukaj/", params)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/szukaj/", params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_results_page_query_count_does_not_grow_with_matches(client, site_tree, settings, media):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    library_page = site_tree.unit_pages[1]

    def add(start, count):
        for i in range(start, start + count):
            parent = library_page if i % 2 else site_tree.about
            standard(parent, f"Kanalizacja etap {i}", "Budowa kanalizacji.")
            document(f"Kanalizacja mapa {i}")

    add(0, 5)
    params = [{"q": "kanalizacja"}, {"q": "kanalizacja", "typ": "dokumenty", "page": "2"}]
    with_5 = [_queries(client, p) for p in params]
    add(5, 45)
    with_50 = [_queries(client, p) for p in params]
    assert with_5 == with_50
    assert with_50[0] <= 12
