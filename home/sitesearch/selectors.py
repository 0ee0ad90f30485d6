"""Reads of the site search: matching, what may be shown, ranking, counts per kind.

A results page costs a fixed number of queries whatever the number of matches: one for the view
restrictions, one ``GROUP BY kind`` for the counts (which also serves as the paginator's count), and
one for the page of results with its pages, documents and units joined in.

On PostgreSQL the match is ``search_vector @@ to_tsquery('simple', '(podatk:* | podatek:*) & …')``
over a GIN index, ranked by how many query words are in the title, then ``ts_rank`` (title lexemes
weigh A, body B), then date. Elsewhere (SQLite) every query word is a ``LIKE '% prefix%'`` on the
token columns, ranked by title words, then date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from .models import SearchEntry
from .services import uses_full_text
from .text import QueryTerm, query_terms, tsquery

Kind = SearchEntry.Kind

# (value of ?typ=, kind, label): the filters offered on the results page, in this order.
FILTERS: tuple[tuple[str, str, Promise], ...] = (
    ("uslugi", Kind.SERVICE, _("Usługi")),
    ("strony", Kind.PAGE, _("Strony")),
    ("aktualnosci", Kind.NEWS, _("Aktualności")),
    ("jednostki", Kind.UNIT, _("Jednostki")),
    ("dokumenty", Kind.DOCUMENT, _("Dokumenty")),
)
KIND_BY_SLUG = {slug: kind for slug, kind, _label in FILTERS}


class CountedResults:
    """A queryset whose size is already known from the per-kind counts, so that ``Paginator`` does
    not run the full-text match a third time just to count."""

    def __init__(self, queryset: QuerySet, count: int):
        self.queryset = queryset
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key):
        return self.queryset[key]

    def __iter__(self):
        return iter(self.queryset)


@dataclass(frozen=True)
class TypeFilter:
    slug: str
    label: Promise
    count: int
    active: bool


@dataclass(frozen=True)
class SearchResults:
    results: CountedResults
    total: int  # matches of the selected kind (all kinds when none is selected)
    total_all: int  # matches of every kind
    filters: list[TypeFilter] = field(default_factory=list)
    slug: str = ""  # the selected kind's ?typ= value, "" for all


def kind_for_slug(slug: str | None) -> str | None:
    """The kind selected by ``?typ=``; anything unknown means all kinds."""
    return KIND_BY_SLUG.get(slug or "")


def _hidden() -> Q | None:
    """Entries nobody may find: pages under a view restriction (intranet, password, groups), and
    documents in a collection under one. One query, like Wagtail's ``PageQuerySet.public()``."""
    page_paths = PageViewRestriction.objects.annotate(kind=Value("page")).values_list("kind", "page__path")
    collection_paths = CollectionViewRestriction.objects.annotate(kind=Value("document")).values_list(
        "kind", "collection__path"
    )
    hidden = Q()
    for kind, path in page_paths.union(collection_paths, all=True):
        if kind == "page":
            hidden |= Q(page__path__startswith=path)
        else:
            hidden |= Q(document__collection__path__startswith=path)
    return hidden or None


def visible_entries() -> QuerySet[SearchEntry]:
    """Entries of live, unexpired, unrestricted pages and of unrestricted documents.

    The index holds only live pages already; checking again here means an expired page disappears
    at ``expire_at`` (not a minute later, when ``publish_scheduled`` unpublishes it) and a missed
    signal can never show a page that is no longer public.
    """
    now = timezone.now()
    live_page = Q(page__live=True) & (Q(page__expire_at__isnull=True) | Q(page__expire_at__gt=now))
    qs = SearchEntry.objects.filter(Q(kind=Kind.DOCUMENT, document__isnull=False) | live_page)
    hidden = _hidden()
    return qs.exclude(hidden) if hidden is not None else qs


def _like(term: QueryTerm, columns: tuple[str, ...]) -> Q:
    q = Q()
    for column in columns:
        for prefix in term.prefixes:
            q |= Q(**{f"{column}__contains": f" {prefix}"})
        if term.exact:
            q |= Q(**{f"{column}__contains": f" {term.exact} "})
    return q


def _raw(expression: str) -> SearchQuery:
    return SearchQuery(expression, search_type="raw", config="simple")


def _title_hits(terms: list[QueryTerm]):
    """How many query words the title contains.

    ``LIKE`` on the short ``title_tokens`` on PostgreSQL too: testing the weight-A lexemes of
    ``search_vector`` would decompress the (TOASTed) vector once more per query word and row.
    """
    hits = []
    for term in terms:
        condition = _like(term, ("title_tokens",))
        hits.append(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))
    total = hits[0]
    for hit in hits[1:]:
        total = total + hit
    return total


def _matching(terms: list[QueryTerm]) -> QuerySet[SearchEntry]:
    qs = visible_entries()
    if uses_full_text():
        return qs.filter(search_vector=_raw(tsquery(terms)))
    for term in terms:
        qs = qs.filter(_like(term, ("title_tokens", "body_tokens")))
    return qs


def _ranked(qs: QuerySet[SearchEntry], terms: list[QueryTerm]) -> QuerySet[SearchEntry]:
    qs = qs.annotate(title_hits=_title_hits(terms))
    order = ["-title_hits"]
    if uses_full_text():
        qs = qs.annotate(rank=SearchRank(F("search_vector"), _raw(tsquery(terms))))
        order.append("-rank")
    return qs.order_by(*order, F("date").desc(nulls_last=True), "-pk")


def search_entries(*, query: str, slug: str | None = None) -> SearchResults:
    """What the site search shows for a cleaned ``query``, optionally of one kind (``?typ=``).

    ``results`` is ordered best first, with ``page``, ``document`` and ``unit`` joined in, ready
    for ``paginate()``; ``filters`` has the count of every kind for the filter links.
    """
    kind = kind_for_slug(slug)
    slug = slug if kind else ""
    terms = query_terms(query)
    counts: dict[str, int] = {}
    qs = SearchEntry.objects.none()
    if terms:
        qs = _matching(terms)
        counts = dict(qs.order_by().values_list("kind").annotate(n=Count("pk")))
        if kind:
            qs = qs.filter(kind=kind)
        qs = (
            _ranked(qs, terms)
            .select_related("page", "document", "unit")
            .defer("title_tokens", "body_tokens", "search_vector")
        )
    total_all = sum(counts.values())
    total = counts.get(kind, 0) if kind else total_all
    filters = [TypeFilter(s, label, counts.get(k, 0), s == slug) for s, k, label in FILTERS]
    return SearchResults(
        results=CountedResults(qs, total), total=total, total_all=total_all, filters=filters, slug=slug
    )
