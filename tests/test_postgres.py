"""Behaviour that only PostgreSQL shows: its full-text search backend serves the site search."""

import re

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_site_search_runs_on_postgres_full_text(client, site_tree):
    from django.db import connection

    assert connection.vendor == "postgresql"
    html = client.get("/szukaj/", {"q": "Komunikat"}).content.decode()
    assert "Komunikat nr 2/2026" in html


def test_odd_unicode_query_on_postgres(client, site_tree):
    """tsquery syntax characters and NUL bytes must not reach PostgreSQL as errors."""
    for q in ("a & b | !c", "\x00abc", "'\"():*", "ąę łó"):
        assert client.get("/szukaj/", {"q": q}).status_code == 200


def test_site_search_uses_tsvector_with_a_gin_index(client, site_tree):
    """Issue #3: on PostgreSQL the search is its full-text search (tsvector @@ tsquery, GIN, ts_rank)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.sitesearch.models import GIN_INDEX_NAME, SearchEntry
    from home.sitesearch.selectors import _raw
    from home.sitesearch.text import query_terms, tsquery

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [GIN_INDEX_NAME])
        assert "USING gin (search_vector)" in cursor.fetchone()[0]
    assert not SearchEntry.objects.filter(search_vector__isnull=True).exists()

    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/szukaj/", {"q": "komunikatu"}).status_code == 200
    sql = " ".join(q["sql"] for q in ctx.captured_queries if "sitesearch_searchentry" in q["sql"])
    assert "@@" in sql and "to_tsquery" in sql and "ts_rank" in sql and "komunikat:*" in sql

    # The match the selector uses can be served by the GIN index (the planner picks a sequential
    # scan on a table this small, so that is switched off to see whether the index applies).
    matching = SearchEntry.objects.filter(search_vector=_raw(tsquery(query_terms("komunikat")))).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sitesearch_searchentry")
        cursor.execute("SET LOCAL enable_seqscan = off")
        compiled, params = matching.query.sql_with_params()
        cursor.execute(f"EXPLAIN {compiled}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert GIN_INDEX_NAME in plan


def test_title_tokens_weigh_more_than_body_tokens(site_tree):
    from home.sitesearch.models import SearchEntry

    vector = SearchEntry.objects.get(page=site_tree.about).search_vector  # title "O gminie"
    assert re.search(r"'gminie':\d+A", vector)  # title: weight A
    assert re.search(r"'solectw':\d+B", vector)  # body ("18 sołectw"): weight B


def test_query_text_never_becomes_tsquery_syntax(client, site_tree):
    """Whatever a person types reaches to_tsquery as [a-z0-9] lexemes only: no syntax error, no
    operator injection (``!``, ``<->``, weights, prefixes of their own)."""
    for q in ("komunikat:* | !gmina", "x <-> y", "a:A*B", "')); SELECT 1; --", "\\\\", "(((", "&&&", "!"):
        response = client.get("/szukaj/", {"q": q})
        assert response.status_code == 200
    html = client.get("/szukaj/", {"q": "!komunikat:*"}).content.decode()
    assert "Komunikat nr 1/2026" in html
