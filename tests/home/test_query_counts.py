"""Listings make a constant number of queries whatever the number of news (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import news_create

pytestmark = pytest.mark.django_db


def _queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


URLS = ["/", "/aktualnosci/", "/aktualnosci/?page=2", "/aktualnosci/tag/komunikaty/", "/aktualnosci/rss.xml"]


def test_same_query_count_with_10_and_60_news(client, site_tree, settings):
    """60 news are six full listing pages and more than the feed's 30 items: enough to show an N+1 as
    50 extra queries (200 news proved nothing more and took 40 s to publish)."""
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0  # measure rendering, not the page cache
    news_create(site_tree.news_index, count=7, start=3)  # 10 in all
    with_10 = {url: _queries_for(client, url) for url in URLS}
    news_create(site_tree.news_index, count=50, start=10)  # 60 in all
    with_60 = {url: _queries_for(client, url) for url in URLS}
    assert with_10 == with_60


def test_news_index_query_budget(client, site_tree, settings):
    """A budget, so a regression that adds queries per request is noticed."""
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    assert _queries_for(client, "/aktualnosci/") <= 20
