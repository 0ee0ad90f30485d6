"""RSS 2.0 feed of the news (/aktualnosci/rss.xml)."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from .selectors import news_list

FEED_ITEMS = 30


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "pl"

    def __init__(self, *, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index.title} — {self.index.get_site().site_name or ''}".strip(" —")

    def link(self):
        return self.index.get_url(request=self.request)

    def description(self):
        return self.index.intro or self.index.title

    def items(self):
        return news_list(within=self.index.get_parent())[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time(8, 0)))

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]
