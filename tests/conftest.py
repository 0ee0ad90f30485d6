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


# Tests that share an expensive fixture and must run together on one pytest-xdist worker, so that it is
# built once: the browser tests share the seeded demo site (``demo_site``, package scope) and
# tests/test_seed_demo.py seeds the demo once for the module. Add a module here when it gets an
# expensive module-scoped fixture.
XDIST_GROUPS = {"tests/browser/": "browser", "tests/test_seed_demo.py": "seed-demo"}


def xdist_scope(nodeid: str) -> str:
    """The unit of work a test belongs to: its group, or the test itself."""
    for prefix, group in XDIST_GROUPS.items():
        if nodeid.startswith(prefix):
            return group
    return nodeid


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: pytest runs without xdist too (-p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    """``make test`` runs ``pytest -n 2 --dist loadgroup``: the groups above go whole to one worker (the
    biggest first), every other test goes to whichever worker is free.

    pytest-xdist's own ``loadgroup`` reads ``xdist_group`` marks by renaming the tests' node ids, which
    pytest 9 no longer allows; this scheduler groups by node id instead, which needs no marks."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_scope(nodeid)

    return GroupScheduling(config, log)


def pytest_runtest_setup(item):
    """Skip (or, under CI, fail) before any fixture runs: a PostgreSQL-only test must not even set up
    its database fixtures on SQLite."""
    _require_servers(item)


def _require_servers(node):
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


def ensure_wagtail_base_data():
    """Recreate what Wagtail's migrations insert, if a previous transactional test flushed it."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page, Site

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
        )
    if not Site.objects.filter(is_default_site=True).exists():
        welcome = root.add_child(
            instance=Page(title="Witaj", slug="home", content_type=ContentType.objects.get_for_model(Page))
        )
        Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


@pytest.fixture
def wagtail_base(transactional_db):
    """For a transactional test: the root page, default site, locale and root collection, which an
    earlier transactional test's flush removed (pytest-django runs transactional tests last)."""
    ensure_wagtail_base_data()


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Celery's eager mode guards ``apply()`` with a *process-global* "join would block" flag that it
    sets and restores; tests that submit from several threads at once (numbering under concurrency)
    can leave it set, and a later ``result.get()`` then refuses to run. Restore it after each test."""
    yield
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _staff_second_factor(request, monkeypatch):
    """The admin requires a second factor (``cms.accounts.middleware.StaffTwoFactorMiddleware``). A test
    that signs a staff member in with ``client.force_login`` gets a session that has given it, as after
    the real code step, so back-office tests test the back office. Tests of the second factor itself
    are marked ``two_factor`` and get plain sessions."""
    if request.node.get_closest_marker("two_factor"):
        return
    import time

    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cms.accounts.two_factor import STAFF_SESSION_KEY, has_admin_access

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if has_admin_access(user):
            session = self.session
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session[STAFF_SESSION_KEY] = int(time.time())
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
