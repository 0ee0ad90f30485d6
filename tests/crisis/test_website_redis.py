"""The banner and the page cache on a real Redis (as in production): the alerts state, its boundary and
the generation live in the shared cache, so what one web process learns every other one serves."""

import datetime as dt
import os
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from cms.cache import CACHE_HEADER
from crisis import website
from crisis.models import Alert

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def redis_cache():
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", ""),
            "KEY_PREFIX": "ratusz-test-crisis-website",
        }
    }
    with override_settings(CACHES=caches):
        cache.clear()
        yield cache
        cache.clear()


def test_banner_comes_and_goes_through_redis(client, site_tree, redis_cache, make_alert, make_area):
    now = timezone.now()
    assert client.get("/")[CACHE_HEADER] == "miss"
    assert client.get("/")[CACHE_HEADER] == "hit"
    alert = make_alert(
        areas=[make_area()],
        headline="Powódź na Mrowli",
        state=Alert.State.BROADCASTING,
        sent=now,
        expires=now + dt.timedelta(minutes=10),
    )
    website.alerts_changed()
    assert redis_cache.get(website.STATE_KEY)["banner"][0].pk == alert.pk
    assert "Powódź na Mrowli" in client.get("/").content.decode()
    assert client.get("/")[CACHE_HEADER] == "hit"

    with mock.patch("django.utils.timezone.now", return_value=now + dt.timedelta(minutes=11)):
        response = client.get("/")
        assert response[CACHE_HEADER] == "miss"
        assert "Powódź na Mrowli" not in response.content.decode()
