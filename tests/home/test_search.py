"""Site search, including every bad query issue #2 names: never a 500, always a message."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_finds_page_by_word_in_body(client, site_tree):
    html = client.get("/szukaj/", {"q": "sołectw"}).content.decode()
    # "sołectw" appears in the body of "O gminie"
    assert "O gminie" in html or "o-gminie" in html


def test_search_finds_news_by_title(client, site_tree):
    html = client.get("/szukaj/", {"q": "Komunikat"}).content.decode()
    assert "Komunikat nr 1/2026" in html


def test_empty_query_asks_for_input(client, site_tree):
    response = client.get("/szukaj/", {"q": ""})
    assert response.status_code == 200
    assert "Wpisz, czego szukasz." in response.content.decode()


def test_no_results_says_so(client, site_tree):
    html = client.get("/szukaj/", {"q": "zzzyyyxxx"}).content.decode()
    assert "Nie znaleźliśmy stron pasujących do zapytania" in html


def test_ten_thousand_character_query_is_shortened(client, site_tree):
    response = client.get("/szukaj/", {"q": "gmina " * 1700})
    assert response.status_code == 200
    assert "Zapytanie było za długie" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "\x00\x01\x02",  # control characters only
        "\u202e\u200f\u200b",  # bidi overrides, zero-width space
        "🏛️🔥 gmina",  # emoji
        "%ud800",  # surrogate-looking text
        "ąęłńóśźż ĄĘŁŃÓŚŹŻ",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "a & b | c ! d",
        '"unterminated',
        "*:*",
        "Bielsko-Biała -gmina x-",
        "NEAR(a b) AND OR NOT",
    ],
)
def test_odd_queries_never_error(client, site_tree, query):
    response = client.get("/szukaj/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_lone_surrogate_in_raw_query_string(client, site_tree):
    response = client.get("/szukaj/?q=%ED%A0%80abc")  # an invalid UTF-8 encoded surrogate
    assert response.status_code == 200


@pytest.mark.parametrize("param", ["999", "x", ""])
def test_search_bad_page_number(client, site_tree, param):
    response = client.get("/szukaj/", {"q": "Komunikat", "page": param})
    assert response.status_code == 200
    assert "Komunikat nr" in response.content.decode()


@pytest.mark.parametrize("typ", ["", "nieznany", "STRONY", "\x00", "strony" * 2000, "<b>x</b>"])
def test_search_bad_type_filter_shows_every_kind(client, site_tree, typ):
    response = client.get("/szukaj/", {"q": "Komunikat", "typ": typ})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Komunikat nr 1/2026" in html and "<b>x</b>" not in html
