"""What a page or a document contributes to the index: kind, title, summary, date, unit, tokens.

The searchable text of a page is whatever its type declares in Wagtail's ``search_fields``
(``SearchField`` and ``RelatedFields``, StreamField blocks through their ``get_searchable_content``),
so a page type added by another module is searchable without changes here. The ``title`` field goes
to the title tokens (ranked first); everything else to the body.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import Manager
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from home.models import NewsPage, UnitPage

from .models import SearchEntry
from .text import index_tokens

SUMMARY_LENGTH = 600


UnitSections = Mapping[str, tuple[int, str]]


def unit_sections() -> dict[str, tuple[int, str]]:
    """``{path of a UnitPage: (its OrgUnit id, the unit's name)}``: the units' sections of the site."""
    return {
        path: (unit_id, name) for path, unit_id, name in UnitPage.objects.values_list("path", "unit_id", "unit__name")
    }


def unit_for_path(path: str, sections: UnitSections) -> tuple[int | None, str]:
    """The unit (id, name) of the nearest UnitPage at or above ``path``: the section the page is in."""
    for length in range(len(path), 0, -Page.steplen):
        found = sections.get(path[:length])
        if found is not None:
            return found
    return None, ""


def _flatten(value) -> Iterable[str]:
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    else:
        yield force_str(value)


def _field_texts(obj, fields) -> Iterable[tuple[str, str]]:
    """``(field name, text)`` for every ``SearchField`` of ``obj``, following ``RelatedFields``."""
    for field in fields:
        if isinstance(field, index.SearchField):
            for text in _flatten(field.get_value(obj)):
                yield field.field_name, text
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            elif callable(related):
                related = related()
            for sub_obj in related if hasattr(related, "__iter__") else [related]:
                yield from _field_texts(sub_obj, field.fields)


def _title_and_body(obj) -> tuple[list[str], list[str]]:
    titles, body = [], []
    for name, text in _field_texts(obj, obj.get_search_fields()):
        (titles if name == "title" else body).append(strip_tags(text))
    return titles, body


def page_kind(page: Page) -> str:
    """The result kind; a page type of another module names its own (``search_kind``), so that
    ``home`` need not import it (service cards are ``"service"``)."""
    kind = getattr(page, "search_kind", "")
    if kind in SearchEntry.Kind.values:
        return kind
    if isinstance(page, NewsPage):
        return SearchEntry.Kind.NEWS
    if isinstance(page, UnitPage):
        return SearchEntry.Kind.UNIT
    return SearchEntry.Kind.PAGE


def page_entry(page: Page, *, sections: UnitSections) -> SearchEntry:
    """An unsaved entry for a (specific) page; the name of the unit whose section it is in is added
    to its body, so "biblioteka ferie" finds the library's news about the winter holidays."""
    unit_id, unit_name = unit_for_path(page.path, sections)
    titles, body = _title_and_body(page)
    summary = (page.search_description or getattr(page, "intro", "") or "").strip()
    if isinstance(page, UnitPage) and not summary:
        unit = page.unit
        summary = ", ".join(p for p in (unit.street, f"{unit.postal_code} {unit.city}".strip()) if p)
    if isinstance(page, NewsPage):
        date = page.date
    elif page.last_published_at:
        date = timezone.localdate(page.last_published_at)
    else:
        date = None
    return SearchEntry(
        kind=page_kind(page),
        page_id=page.pk,
        unit_id=unit_id,
        title=page.title[:255],
        summary=summary[:SUMMARY_LENGTH],
        date=date,
        title_tokens=index_tokens(*titles),
        body_tokens=index_tokens(page.search_description, *body, unit_name),
    )


def document_entry(document) -> SearchEntry:
    """An unsaved entry for a document: its title, tags (the text of the file is not indexed)."""
    titles, body = _title_and_body(document)
    return SearchEntry(
        kind=SearchEntry.Kind.DOCUMENT,
        document_id=document.pk,
        title=document.title[:255],
        summary="",
        date=timezone.localdate(document.created_at) if document.created_at else None,
        title_tokens=index_tokens(*titles),
        body_tokens=index_tokens(*body),
    )
