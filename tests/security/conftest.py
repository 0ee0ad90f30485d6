"""Fixtures of the security tests: private directories, an empty cache for the rate limits, the
``ratusz.security`` log."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.RATUSZ_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RATUSZ_CASES_ROOT = tmp_path / "cases"
    cache.clear()
    yield
    cache.clear()
