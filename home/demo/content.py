"""Small builders for StreamField content and an idempotent "add this page unless it exists".

Block values are given in their plain form (dicts, HTML strings, model instances); Wagtail's
``StreamBlock.normalize`` turns them into block values when the body is assigned.
"""

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from wagtail.models import Page
from wagtail.rich_text import RichText

WARSAW = ZoneInfo("Europe/Warsaw")


def heading(text: str, level: str = "h2") -> tuple:
    return ("heading", {"text": text, "level": level})


def paragraph(html: str) -> tuple:
    return ("paragraph", RichText(html))


def image(img, alt: str, caption: str = "") -> tuple:
    return ("image", {"image": img, "alt_text": alt, "decorative": False, "caption": caption})


def documents(title: str, docs: list) -> tuple:
    return ("documents", {"title": title, "documents": docs})


def table(rows: list[list[str]], caption: str, first_col_is_header: bool = False) -> tuple:
    """A table whose first row is the header; the caption names it for screen readers."""
    return (
        "table",
        {
            "data": rows,
            "first_row_is_table_header": True,
            "first_col_is_header": first_col_is_header,
            "table_header_choice": "both" if first_col_is_header else "row",
            "table_caption": caption,
        },
    )


def accordion(title: str, items: list[tuple[str, str]]) -> tuple:
    return ("accordion", {"title": title, "items": [{"question": q, "answer": RichText(a)} for q, a in items]})


def call_to_action(title: str, text: str, button_text: str, *, page=None, url: str = "") -> tuple:
    return (
        "call_to_action",
        {"title": title, "text": text, "button_text": button_text, "page": page, "external_url": url},
    )


def contact(name: str, **fields) -> tuple:
    """A contact card; ``fields`` are role, address, room, phone, email, hours."""
    value = dict.fromkeys(("role", "address", "room", "phone", "email", "hours"), "")
    value.update(fields)
    return ("contact", {"name": name, **value})


def link(title: str, description: str = "", *, page=None, url: str = "") -> tuple:
    return ("link", {"title": title, "description": description, "page": page, "external_url": url})


def published_at(day: dt.date, hour: int = 10) -> dt.datetime:
    """An aware timestamp for a publication date, at a plausible office hour in Warsaw."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=WARSAW)


class PageSeeder:
    """Adds pages that are missing and leaves existing ones alone.

    Pages are found by slug among the parent's children, so a second run creates nothing and does
    not overwrite what an editor has changed since. ``build`` is called only for missing pages:
    bodies that reference images or other pages are not even built on a re-run.
    """

    def __init__(self, *, publish_date: dt.date):
        self.publish_date = publish_date
        self.created: list[Page] = []

    def ensure(self, parent: Page, model: type[Page], slug: str, build: Callable[[], dict]) -> Page:
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        fields = build()
        tags = fields.pop("tags", ())
        when = fields.pop("published", None) or published_at(self.publish_date)
        page = model(slug=slug, live=True, first_published_at=when, last_published_at=when, **fields)
        if tags:
            page.tags.add(*tags)
        parent.add_child(instance=page)
        self.created.append(page)
        return page
