"""Site search, robots.txt and the Polish error pages."""

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import paginate
from .selectors import search_pages

SEARCH_PER_PAGE = 10
SEARCH_MAX_LENGTH = 200


def clean_query(raw: str) -> tuple[str, str | None]:
    """Normalise a search query; returns the query to run and a message for the person, if any.

    Bad input must give a page with a message, never a 500: empty, very long (10,000 characters),
    control characters and lone surrogates or other odd unicode are all handled here.
    """
    text = "".join(ch for ch in raw if ch.isprintable() or ch.isspace())
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = " ".join(text.split())
    if not text:
        return "", (_("Wpisz, czego szukasz.") if raw else None)
    if len(text) > SEARCH_MAX_LENGTH:
        return text[:SEARCH_MAX_LENGTH].rsplit(" ", 1)[0] or text[:SEARCH_MAX_LENGTH], _(
            "Zapytanie było za długie; szukamy według pierwszych %(n)s znaków."
        ) % {"n": SEARCH_MAX_LENGTH}
    return text, None


@require_GET
def search(request):
    query, message = clean_query(request.GET.get("q", ""))
    results = search_pages(query=query) if query else []
    page = paginate(results, request.GET.get("page"), SEARCH_PER_PAGE) if query else None
    if query and page is not None and page.paginator.count == 0 and not message:
        message = _("Nie znaleźliśmy stron pasujących do zapytania „%(q)s”.") % {"q": query}
    return TemplateResponse(
        request,
        "home/search.html",
        {"search_query": query, "search_page": page, "search_message": message},
    )


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
