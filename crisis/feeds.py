"""RSS 2.0 of the alerts (``/ostrzezenia/rss.xml``), in the manner of the news feed (``home.feeds``).

Actual messages only — alerts, their updates and cancellations, newest first — so a reader sees a
cancellation as a new item. Exercises and tests are never in the feed (``crisis.selectors``).
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from .cap import sender_name, sent_time
from .models import Alert
from .selectors import alerts_for_feed

FEED_ITEMS = 30


class AlertsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "pl"

    def title(self):
        return _("Ostrzeżenia — %(name)s") % {"name": sender_name()}

    def link(self):
        return reverse("crisis_public:list")

    def description(self):
        return _("Ostrzeżenia i komunikaty kryzysowe dla mieszkańców gminy.")

    def items(self):
        return alerts_for_feed(limit=FEED_ITEMS)

    def item_title(self, item: Alert):
        if item.msg_type == Alert.MsgType.CANCEL:
            return _("Odwołanie: %(headline)s") % {"headline": item.headline}
        if item.msg_type == Alert.MsgType.UPDATE:
            return _("Aktualizacja: %(headline)s") % {"headline": item.headline}
        return f"{item.get_level_display().capitalize()}: {item.headline}"

    def item_description(self, item: Alert):
        areas = ", ".join(area.name for area in item.areas.all())
        parts = [item.description]
        if item.instruction:
            parts.append(item.instruction)
        if areas:
            parts.append(_("Obszar: %(areas)s") % {"areas": areas})
        return "\n\n".join(parts)

    def item_link(self, item: Alert):
        return reverse("crisis_public:detail", args=[item.pk])

    def item_guid(self, item: Alert):
        return f"{item.sender},{item.identifier}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Alert):
        return sent_time(item)

    def item_updateddate(self, item: Alert):
        return item.updated_at

    def item_categories(self, item: Alert):
        return [item.get_category_display()]
