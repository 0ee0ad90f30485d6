"""Behaviour that only PostgreSQL shows: its full-text search backend serves the site search."""

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
