"""The public change register of a BIP page (/bip/rejestr-zmian/<page id>/)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Page

from home.models import BipFieldsMixin, paginate

from .selectors import bip_changes

REGISTER_PER_PAGE = 50


@require_GET
def change_register(request, page_id: int):
    """Every publication of the page, oldest first, paginated.

    Shown for a live public BIP page, and for a deleted page that was in BIP (the register outlives
    the page). A draft, private or non-BIP page gives 404, so the register never reveals what the
    page itself does not.
    """
    page = Page.objects.filter(pk=page_id).first()
    changes = bip_changes(page_ref=page_id)
    if page is not None:
        page = page.specific
        visible = page.live and isinstance(page, BipFieldsMixin) and page.in_bip
        if not visible or not Page.objects.filter(pk=page.pk).public().exists():
            raise Http404
        title = page.title
    else:
        first = changes.filter(in_bip=True).only("page_title").last()
        if first is None:
            raise Http404
        title = first.page_title
    entries = paginate(changes, request.GET.get("page"), REGISTER_PER_PAGE)
    entries.object_list = list(entries.object_list)
    for number, change in enumerate(entries.object_list, start=entries.start_index()):
        change.number = number
    return TemplateResponse(
        request,
        "bip/change_register.html",
        {"register_page": page, "register_title": title, "entries": entries},
    )
