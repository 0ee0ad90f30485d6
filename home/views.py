"""Site search, the news feed, robots.txt and the Polish error pages."""

import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .feeds import NewsFeed
from .models import NewsIndexPage, paginate
from .selectors import search_pages

SEARCH_PER_PAGE = 10
SEARCH_MAX_LENGTH = 200
# Anything but letters, digits and in-word hyphens is a separator for the person and an operator for
# the search engine.
QUERY_NOISE = re.compile(r"[^\w-]|_|(?<!\w)-|-(?!\w)")


def clean_query(raw: str | None) -> tuple[str, str | None]:
    """Normalise a search query; returns the words to search for and a message for the person, if any.

    Bad input must give a page with a message, never a 500 (issue #2): an empty query, a very long
    one (10,000 characters), control characters, lone surrogates and the operator characters of
    the full-text engines (SQLite FTS5 and PostgreSQL tsquery choke on unbalanced quotes, ``*``,
    ``:`` …) are all reduced here to plain words.
    """
    if raw is None:
        return "", None
    text = raw.encode("utf-8", "ignore").decode("utf-8")
    text = QUERY_NOISE.sub(" ", text)
    text = " ".join(text.split())
    if not text:
        return "", _("Wpisz, czego szukasz.")
    if len(text) > SEARCH_MAX_LENGTH:
        shortened = text[:SEARCH_MAX_LENGTH].rsplit(" ", 1)[0] or text[:SEARCH_MAX_LENGTH]
        return shortened, _("Zapytanie było za długie; szukamy według pierwszych %(n)s znaków.") % {
            "n": SEARCH_MAX_LENGTH
        }
    return text, None


@require_GET
def search(request):
    """``/szukaj/?q=…&typ=…&page=…``: results of every kind, or of one, ten to a page."""
    query, message = clean_query(request.GET.get("q"))
    found = search_pages(query=query, kind=request.GET.get("typ")) if query else None
    page = paginate(found.results, request.GET.get("page"), SEARCH_PER_PAGE) if found else None
    if found is not None and not message:
        if found.total_all == 0:
            message = _("Nie znaleźliśmy stron pasujących do zapytania „%(q)s”.") % {"q": query}
        elif found.total == 0:
            message = _("Brak wyników tego rodzaju dla zapytania „%(q)s”. Wybierz inny rodzaj wyników.") % {"q": query}
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": query,
            "search_page": page,
            "search_message": message,
            "search_filters": found.filters if found else [],
            "search_type": found.slug if found else "",
            "search_total_all": found.total_all if found else 0,
        },
    )


@require_GET
def news_rss(request):
    """RSS 2.0 of the site's news (the one NewsIndexPage under the current site's root)."""
    site = Site.find_for_request(request)
    index = NewsIndexPage.objects.live().public().descendant_of(site.root_page).first() if site else None
    if index is None:
        raise Http404
    return NewsFeed(index=index)(request)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /konto/",
        "Disallow: /intranet/",
        "Disallow: /szukaj/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return TemplateResponse(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request):
    # Rendered without a request context: the database or a context processor may be what failed.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"debug": settings.DEBUG}), status=500)
