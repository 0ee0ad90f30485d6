"""``{% bip_metryczka %}``: the metryczka and the latest change-register entries of the current page.

Used through ``components/bip_metryczka.html``, which the page templates include; renders nothing for
a page that is not in BIP. A constant number of queries: see ``home.bip.selectors``.
"""

from django import template

from ..selectors import bip_metryczka as metryczka_for
from ..selectors import bip_sections as sections_of

register = template.Library()


@register.inclusion_tag("bip/metryczka.html", takes_context=True)
def bip_metryczka(context, page=None):
    page = page if page is not None else context.get("page")
    request = context.get("request")
    return {"request": request, "metryczka": metryczka_for(page=page, request=request) if page else None}


@register.simple_tag
def bip_sections(index):
    """The pages listed on the BIP section's page."""
    return sections_of(index=index)
