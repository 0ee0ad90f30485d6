"""``/uslugi/<slug>/wniosek-epuap.xml``: a service's online form as an ePUAP document.

For residents who prefer to submit through ePUAP: the document is the portal's own template
(``documents.RATUSZ_NS``) naming the service and listing every field of the form (its technical
name and label), with the signed-in resident's name and PESEL filled in as the sender. Signed with
Profil Zaufany and sent to the office's mailbox, it comes back through the inbound pull as a case of
that service (``inbound._open_case``).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .documents import Party, build_document


@require_GET
def form_as_epuap(request, slug: str):
    from eservices.catalogue.models import ServicePage
    from eservices.forms.fields import LAYOUT_TYPES, definition_of
    from eservices.forms.selectors import form_for_service

    service = get_object_or_404(ServicePage.objects.live().select_related("unit"), slug=slug)
    form = form_for_service(service=service)
    if form is None:
        raise Http404
    answers, labels = {}, {}
    for item in definition_of(form)["fields"]:
        if item["type"] in LAYOUT_TYPES:
            continue
        name = item["value"].get("name") or ""
        if name:
            answers[name], labels[name] = "", item["value"].get("label") or name
    user = request.user
    sender = Party()
    if user.is_authenticated:
        sender = Party(pesel=user.pesel, first_name=user.first_name, last_name=user.last_name)
    office = service.unit
    content = build_document(
        title=form.title or service.title,
        body="",
        sender=sender,
        addressee=Party(name=office.name if office else "", nip=office.nip if office else ""),
        service_slug=service.slug,
        answers=answers,
        labels=labels,
    )
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wniosek-{service.slug}-epuap.xml"'
    response["Cache-Control"] = "private, no-store"
    return response
