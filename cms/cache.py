"""Whole-page cache for anonymous visitors, invalidated the moment anything is published.

Most visits to a municipal site are anonymous reads of the same pages, so a rendered page is kept in
the shared cache (Redis in production, files on disk in the embedded default) and served without
touching the database. A request is treated as anonymous when it carries no session cookie; a
response is stored only if it is a plain 200 that sets no cookie and is not marked private, so a
page with a CSRF token or anything personal is never shared.

Invalidation is by generation: every key includes a generation number, and publishing,
unpublishing, moving or deleting a page, or saving site-wide data (settings, units) bumps it.
Old entries are then never read again and expire on their own. This works across any number of
web processes because the generation lives in the same shared cache.

Content that changes with the clock rather than with an edit (a crisis alert whose time comes or
goes) adds a *variant* to the key: ``RATUSZ_PAGE_CACHE_VARIANTS`` lists callables ``f(request) -> str``
whose results are part of every key, so a page cached before the variant changed is never served
after it. They must be cheap (a cache read); see ``crisis.website.page_cache_variant``.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
DEFAULT_EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/konto/",
    "/intranet/",
    "/dziennik/",
    "/api/",
    "/healthz",
    "/static/",
    "/media/",
    "/documents/",
)
CACHE_HEADER = "X-Page-Cache"


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def invalidate_pages(**_kwargs) -> None:
    """Make every cached page stale. Connected to publishing signals in ``cms.apps``."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


@functools.cache
def _variant_functions(paths: tuple[str, ...]):
    return tuple(import_string(path) for path in paths)


def _variants(request) -> str:
    paths = tuple(getattr(settings, "RATUSZ_PAGE_CACHE_VARIANTS", ()))
    return "|".join(str(function(request)) for function in _variant_functions(paths))


def _cache_key(request, generation: int) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{_variants(request)}".encode("utf-8", "surrogatepass")
    return f"pagecache:{generation}:{hashlib.sha256(raw).hexdigest()}"


def _is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    excluded = getattr(settings, "RATUSZ_PAGE_CACHE_EXCLUDE", DEFAULT_EXCLUDED_PREFIXES)
    return not request.path.startswith(tuple(excluded))


def _is_cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "RATUSZ_PAGE_CACHE_SECONDS", 0)
        if not timeout or not _is_cacheable_request(request):
            return self.get_response(request)

        try:
            key = _cache_key(request, current_generation())
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - a cache outage must degrade to uncached pages, not errors
            logger.warning("page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)

        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, status=200)
            for name, value in headers:
                response[name] = value
            response[CACHE_HEADER] = "hit"
            return response

        response = self.get_response(request)
        if _is_cacheable_response(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "vary")]
            try:
                cache.set(key, (response.content, headers), timeout)
            except Exception:  # noqa: BLE001
                logger.warning("could not store page in cache", exc_info=True)
            response[CACHE_HEADER] = "miss"
        return response
