"""Shared fixtures and the rules for tests that need real servers.

Tests marked ``postgres``, ``redis``/``celery`` or ``browser`` skip with a reason when that server is
not there (a fresh laptop); under CI (``CI=true``) a missing server is a failure instead, so CI can
never go green by skipping them.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection

CHROMIUM = "/usr/bin/chromium"


def _redis_reachable(url: str) -> bool:
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _skip_or_fail(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must run this test, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _require_servers(request):
    node = request.node
    if node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _skip_or_fail("it needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test")
    if (node.get_closest_marker("redis") or node.get_closest_marker("celery")) and not _redis_reachable(
        os.environ.get("REDIS_URL", "")
    ):
        _skip_or_fail("it needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 with a running server")
    if node.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        _skip_or_fail(f"it needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tree(db):
    """A small published site: home, news index with 3 news, pages, units, settings."""
    from tests.factories import build_site

    return build_site(news=3)
