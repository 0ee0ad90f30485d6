"""The news section: the index at ``/aktualnosci/``, curated news and generated filler news.

Filler news ("Komunikat nr 37/2025: …") exist for benchmarks, which need hundreds of items; they are
dated in 2025, before every curated item, so the demo's front page always shows the curated news.
"""

import datetime as dt

from home.models import NewsIndexPage, NewsPage

from .content import PageSeeder, heading, paragraph, published_at
from .media import image_alt
from .news_data import CURATED_NEWS, GENERIC_TOPICS, PLACES

NEWS_INDEX_SLUG = "aktualnosci"
DEFAULT_NEWS_COUNT = len(CURATED_NEWS)
GENERIC_LAST_DATE = dt.date(2025, 12, 30)


def _resolve(blocks: list[tuple], images: dict, docs: dict) -> list[tuple]:
    """Swap demo keys in image and document blocks for the library objects."""
    resolved = []
    for block_type, value in blocks:
        if block_type == "image" and isinstance(value["image"], str):
            name = value["image"]
            value = {**value, "image": images[name], "alt_text": image_alt(name)}
        elif block_type == "documents":
            value = {**value, "documents": [docs[d] if isinstance(d, str) else d for d in value["documents"]]}
        resolved.append((block_type, value))
    return resolved


def _curated(item, images: dict, docs: dict) -> dict:
    _slug, title, date, tags, lead, intro, body = item
    fields = {
        "title": title,
        "date": date,
        "intro": intro,
        "tags": tags,
        "body": _resolve(body, images, docs),
        "published": published_at(date),
    }
    if lead:
        fields.update(image=images[lead], image_alt=image_alt(lead))
    return fields


def _generic(number: int) -> tuple[str, dict]:
    """The ``number``-th filler news (1-based): slug and fields, varied by topic and place."""
    topic_title, intro, text, tags = GENERIC_TOPICS[number % len(GENERIC_TOPICS)]
    place = PLACES[number % len(PLACES)]
    date = GENERIC_LAST_DATE - dt.timedelta(days=(number - 1) * 2 % 365)
    year = date.year
    title = f"Komunikat nr {number}/{year}: {topic_title.format(place=place)}"
    fields = {
        "title": title[:255],
        "date": date,
        "intro": intro.format(place=place),
        "tags": tags,
        "body": [
            paragraph(text.format(place=place)),
            heading("Kontakt", "h3"),
            paragraph("<p>Biuro Obsługi Interesanta, tel. 17 789 78 11, boi@glogow-mlp.pl.</p>"),
        ],
        "published": published_at(date, hour=8 + number % 8),
    }
    return f"komunikat-{number}-{year}", fields


def seed_news(seeder: PageSeeder, home, images: dict, docs: dict, *, total: int = DEFAULT_NEWS_COUNT):
    """The news index and ``total`` news: the curated ones first, then filler up to ``total``.

    Idempotent per slug; asking for fewer news than exist removes none.
    """
    index = seeder.ensure(
        home,
        NewsIndexPage,
        NEWS_INDEX_SLUG,
        lambda: {
            "title": "Aktualności",
            "show_in_menus": True,
            "intro": "Komunikaty urzędu, inwestycje, wydarzenia kulturalne i sportowe w gminie.",
        },
    )
    existing = set(index.get_children().values_list("slug", flat=True))
    for item in CURATED_NEWS[:total]:
        if item[0] not in existing:
            seeder.ensure(index, NewsPage, item[0], lambda item=item: _curated(item, images, docs))
    for number in range(1, max(0, total - len(CURATED_NEWS)) + 1):
        slug, fields = _generic(number)
        if slug not in existing:
            seeder.ensure(index, NewsPage, slug, lambda fields=fields: fields)
    return index
