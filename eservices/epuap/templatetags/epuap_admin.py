"""``{% epuap_case_panel %}``: the "ePUAP" section of a case page in the back office (dispatches, send)."""

from django import template

from eservices.cases import selectors as case_selectors

from ..models import InboundDocument, OutboundDispatch

register = template.Library()


@register.inclusion_tag("epuap/admin/case_panel.html", takes_context=True)
def epuap_case_panel(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "case": case,
        "can_send": bool(user) and case_selectors.staff_can_act(user=user, case=case),
        "dispatches": list(OutboundDispatch.objects.filter(case=case).select_related("document", "upp", "upd")),
        "inbound": InboundDocument.objects.filter(case=case).first(),
        "csrf_token": context.get("csrf_token"),
    }
