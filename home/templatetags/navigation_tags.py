"""Template tags of the public site's chrome: main menu, breadcrumbs, pagination and small helpers.

Every tag here runs a fixed number of queries whatever the size of the tree or of a listing: the site
root is looked up once per request and cached on it, the menu is one query for the root's children and
the breadcrumbs one query for the page's ancestors. Menu items are plain ``Page`` objects (not
``.specific()``), because a menu needs only the title and the URL.
"""

import uuid

from django import template
from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

register = template.Library()

_MISSING = object()
DEFAULT_ACCESSIBILITY_PATH = "/deklaracja-dostepnosci/"


def _request(context):
    return context.get("request")


def site_root(request) -> Page | None:
    """The root page of the request's site, cached on the request (one query per request at most)."""
    if request is None:
        return None
    root = getattr(request, "_ratusz_site_root", _MISSING)
    if root is _MISSING:
        site = Site.find_for_request(request)
        root = site.root_page if site else None
        request._ratusz_site_root = root
    return root


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    """The site's name; without a request (the 500 page) it comes from settings, never the database."""
    request = _request(context)
    if request is not None:
        site = Site.find_for_request(request)
        if site and site.site_name:
            return site.site_name
    return getattr(settings, "WAGTAIL_SITE_NAME", "")


@register.inclusion_tag("components/main_nav.html", takes_context=True)
def main_menu(context):
    """Live, public children of the site root that have "show in menus" ticked, in tree order.

    The item on the path of the current page is marked so it can carry ``aria-current``.
    """
    request = _request(context)
    root = site_root(request)
    current = context.get("page")
    items = []
    if root is not None:
        pages = Page.objects.child_of(root).live().public().in_menu().order_by("path")
        current_path = getattr(current, "path", "")
        for item in pages:
            if current_path == item.path:
                state = "page"
            elif current_path.startswith(item.path):
                state = "true"
            else:
                state = ""
            items.append({"page": item, "current": state})
    on_home = root is not None and current is not None and getattr(current, "pk", None) == root.pk
    return {"request": request, "root": root, "items": items, "on_home": on_home}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current_title=""):
    """The path from the home page to ``page`` (default: the page being rendered).

    For views that are not pages (search) pass ``current_title``: the trail is then home › title.
    Nothing is shown on the home page itself.
    """
    request = _request(context)
    root = site_root(request)
    page = page if page is not None else context.get("page")
    ancestors: list[Page] = []
    title = current_title
    if page is not None:
        if root is not None and page.pk == root.pk:
            return {"request": request, "show": False}
        title = page.title
        if root is not None and page.path.startswith(root.path):
            ancestors = list(
                Page.objects.ancestor_of(page)
                .filter(depth__gte=root.depth)
                .order_by("depth")
                .only("id", "title", "path", "depth", "url_path", "slug")
            )
        elif root is not None:
            ancestors = [root]
    elif root is not None:
        ancestors = [root]
    return {
        "request": request,
        "show": bool(title),
        "root": root,
        "ancestors": ancestors,
        "title": title,
    }


@register.simple_tag(takes_context=True)
def news_index(context):
    """The site's news index (NewsIndexPage, one per site), for tag links and "all news" links.

    News can live under a unit's page too, so a news item's parent is not always the index. One query
    per request at most (cached on the request); ``None`` when the site has no news index.
    """
    request = _request(context)
    cached = getattr(request, "_ratusz_news_index", _MISSING) if request is not None else _MISSING
    if cached is not _MISSING:
        return cached
    from home.models import NewsIndexPage

    root = site_root(request)
    index = NewsIndexPage.objects.live().descendant_of(root).first() if root is not None else None
    if request is not None:
        request._ratusz_news_index = index
    return index


@register.simple_tag(takes_context=True)
def accessibility_statement_url(context, absolute=False) -> str:
    """URL of the accessibility statement (deklaracja dostępności) chosen in the office settings.

    The law requires ``<meta name="deklaracja-dostępności">`` with its absolute URL on every page
    (``absolute=True``: scheme and host of this request). Falls back to ``/deklaracja-dostepnosci/``
    when no live statement is set. Cached on the request because the footer links it too.
    """
    request = _request(context)
    if request is None:
        return DEFAULT_ACCESSIBILITY_PATH
    url = getattr(request, "_ratusz_a11y_url", None)
    if url is None:
        from home.models import OfficeSettings

        office = OfficeSettings.for_request(request)
        statement = office.accessibility_page if office.accessibility_page_id else None
        url = (statement.get_url(request) if statement is not None and statement.live else None) or (
            DEFAULT_ACCESSIBILITY_PATH
        )
        request._ratusz_a11y_url = url
    return request.build_absolute_uri(url) if absolute else url


@register.simple_tag
def page_range(page_obj, on_each_side=1, on_ends=1):
    """Page numbers around the current one with ``…`` gaps (``Paginator.get_elided_page_range``)."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends))


@register.simple_tag
def unique_id(prefix: str = "id") -> str:
    """A fresh HTML id, for block templates that need one (a table's caption, a list's heading)."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@register.filter
def file_size(num_bytes) -> str:
    """A file size as written in Polish: ``850 B``, ``120 KB``, ``1,4 MB``."""
    try:
        size = int(num_bytes)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return _("%(n)s B") % {"n": size}
    if size < 1024 * 1024:
        return _("%(n)s KB") % {"n": max(1, round(size / 1024))}
    megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
    return _("%(n)s MB") % {"n": megabytes}


@register.simple_tag(takes_context=True)
def absolute_page_url(context, page) -> str:
    """The page's address as the visitor sees it (scheme and host of this request), for search results."""
    request = _request(context)
    url = page.get_url(request) or ""
    return request.build_absolute_uri(url) if request is not None and url else url
