"""The public site as a visitor sees it: pages, news, units, feeds, sitemap, error pages."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db


def test_home_shows_latest_news_and_office_footer(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl"' in html
    assert html.count("<h1") == 1
    assert "Komunikat nr 3/2026" in html  # newest news item
    # Footer: the office's details from the site setting.
    for fragment in (
        "Urząd Miejski w Głogowie Małopolskim",
        "ul. Rynek 1",
        "NIP",
        "5170000000",
        "690581799",
        "83 9162 0003 0000 0000 0000 0001",
        "/glogowmlp/SkrytkaESP",
    ):
        assert fragment in html, fragment


def test_every_page_links_the_accessibility_statement(client, site_tree):
    for url in (
        "/",
        "/aktualnosci/",
        site_tree.news[0].url,
        "/o-gminie/",
        site_tree.unit_pages[0].url,
        "/szukaj/?q=gmina",
    ):
        html = client.get(url).content.decode()
        assert 'name="deklaracja-dostępności"' in html, url
        assert "/deklaracja-dostepnosci/" in html, url


def test_accessibility_statement_has_required_sections(client, site_tree):
    html = client.get("/deklaracja-dostepnosci/").content.decode()
    for section_id in (
        "a11y-wstep",
        "a11y-data-publikacja",
        "a11y-data-aktualizacja",
        "a11y-status",
        "a11y-data-sporzadzenie",
        "a11y-kontakt",
        "a11y-procedura",
        "a11y-architektura",
        "a11y-komunikacja",
    ):
        assert f'id="{section_id}"' in html, section_id
    assert "częściowo zgodna" in html
    assert "dostepnosc@glogow-mlp.pl" in html


def test_news_index_paginates_ten_per_page(client, site_tree):
    from tests.factories import news_create

    news_create(site_tree.news_index, count=20, start=3)  # 23 in all
    first = client.get("/aktualnosci/").content.decode()
    assert "Komunikat nr 23/2026" in first and "Komunikat nr 13/2026" not in first
    third = client.get("/aktualnosci/?page=3").content.decode()
    assert "Komunikat nr 1/2026" in third and "Komunikat nr 23/2026" not in third


@pytest.mark.parametrize("param", ["999", "abc", "-1", "0", "1e9", "%00"])
def test_news_index_bad_page_number_never_errors(client, site_tree, param):
    """Bad input (issue #2): past the end or non-numeric gives a page, never a 500."""
    response = client.get(f"/aktualnosci/?page={param}")
    assert response.status_code == 200
    assert "Komunikat nr" in response.content.decode()


def test_news_tag_filter_and_unknown_tag(client, site_tree):
    from tests.factories import news_create

    news_create(site_tree.news_index, count=1, start=50, tags=("kultura",))
    html = client.get("/aktualnosci/tag/kultura/").content.decode()
    assert "Komunikat nr 51/2026" in html
    assert "Komunikat nr 1/2026" not in html
    assert client.get("/aktualnosci/tag/nie-ma-takiego/").status_code == 404


def test_news_page_shows_date_and_tags(client, site_tree):
    page = site_tree.news[0]
    html = client.get(page.url).content.decode()
    assert page.title in html
    assert 'datetime="2026-01-01"' in html
    assert "/aktualnosci/tag/komunikaty/" in html


def test_rss_feed_lists_news(client, site_tree):
    response = client.get("/aktualnosci/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0] == "Komunikat nr 3/2026"
    assert len(titles) == 3
    assert channel.findtext("language") == "pl"


def test_unit_page_shows_contact_details(client, site_tree):
    page = site_tree.unit_pages[0]
    html = client.get(page.url).content.decode()
    assert page.url.startswith("/urzad/jednostki/")
    for fragment in ("ul. Rynek 1", "36-060 Głogów Małopolski", "/glogowmlp/SkrytkaESP", "Paweł Baj", "17 789 70 00"):
        assert fragment in html, fragment


def test_unit_index_lists_units(client, site_tree):
    html = client.get("/urzad/jednostki/").content.decode()
    assert "Urząd Miejski w Głogowie Małopolskim" in html
    assert "Miejsko-Gminna Biblioteka Publiczna" in html


def test_main_menu_and_breadcrumbs(client, site_tree):
    html = client.get(site_tree.unit_pages[1].url).content.decode()
    assert 'href="/aktualnosci/"' in html and 'href="/o-gminie/"' in html  # main menu
    assert 'aria-current="page"' in html
    assert 'href="/urzad/jednostki/"' in html  # breadcrumb to the parent


def test_sitemap_lists_public_pages(client, site_tree):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/aktualnosci/" in body and "/deklaracja-dostepnosci/" in body and site_tree.news[0].slug in body


def test_robots_and_favicon(client, site_tree):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Disallow: /admin/" in robots.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and favicon["Location"].endswith("favicon.svg")


def test_unknown_url_gives_polish_404_with_search(client, site_tree):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Nie znaleziono strony" in html
    assert 'action="/szukaj/"' in html
    assert '<html lang="pl"' in html


def test_server_error_page_is_polish_and_standalone(rf):
    from home.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="pl"' in html
    assert 'action="/szukaj/"' in html


def test_unpublished_page_is_not_visible(client, site_tree):
    page = site_tree.news[1]
    page.unpublish()
    assert client.get(page.url if page.url else "/aktualnosci/komunikat-2-2026/").status_code == 404
    assert page.title not in client.get("/aktualnosci/").content.decode()
