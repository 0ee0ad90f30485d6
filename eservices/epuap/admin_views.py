"""The ePUAP back office (Wagtail admin, "ePUAP"): mailboxes, the unassigned queue, sending from a case.

* ``/admin/epuap/`` — each unit mailbox's last pull and error, the *nieprzypisane* queue (documents
  that could not become a case, with the reason), recent dispatches with their state. For the
  secretary (kancelaria) and superusers; others get 403.
* ``/admin/epuap/dokumenty/<pk>/`` — one unassigned document: the reason, the sender, the original
  XML to download; open a case in a chosen unit, or record how it was handled.
* ``/admin/epuap/sprawy/<pk>/wyslij/`` — send a case document through ePUAP (a reply or decision to
  the applicant's mailbox, or to another institution's ``/podmiot/skrytka``). For staff who may act
  on the case (``cases.selectors.staff_can_act``); a case outside their scope is a 404.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from eservices.cases import selectors as case_selectors
from eservices.cases.admin_forms import roles_of
from eservices.cases.admin_views import case_for_staff
from eservices.cases.models import CaseWorker
from eservices.cases.workflow import CaseError

from . import inbound, outbound
from .admin_forms import DismissForm, OpenCaseForm, SendForm
from .documents import DocumentError
from .models import InboundDocument, MailboxState, OutboundDispatch


def is_registry_staff(user) -> bool:
    """The secretary (kancelaria) of any unit, or a superuser: they handle the unassigned queue."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return False
    return user.is_superuser or CaseWorker.Role.SECRETARY in roles_of(user).values()


def _forbidden(request):
    return TemplateResponse(
        request,
        "epuap/admin/forbidden.html",
        {"page_title": _("Brak dostępu"), "header_title": _("Brak dostępu")},
        status=403,
    )


def registry_required(view):
    def wrapped(request, *args, **kwargs):
        if not is_registry_staff(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return never_cache(wrapped)


class _Page(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"
    page_title = ""
    extra: dict = {}

    def get_page_title(self):
        return self.page_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.extra)
        return context


def _render(request, template: str, title: str, status: int = 200, **context):
    """Render for any method: a refused POST shows the page again with its errors."""
    view = _Page(template_name=template, page_title=title, extra=context)
    view.setup(request)
    response = view.get(request)
    response.status_code = status
    return response


@registry_required
def index(request):
    states = {state.address: state for state in MailboxState.objects.all()}
    unassigned = InboundDocument.objects.filter(status=InboundDocument.Status.UNASSIGNED).select_related("unit")
    return _render(
        request,
        "epuap/admin/index.html",
        _("ePUAP"),
        rows=[{"unit": unit, "state": states.get(unit.epuap_address)} for unit in inbound.mailboxes_to_pull()],
        unassigned=list(unassigned[:200]),
        dispatches=list(OutboundDispatch.objects.select_related("case", "document")[:50]),
    )


@registry_required
@require_POST
def pull_now(request):
    from .tasks import pull_all

    pull_all.delay()
    messages.success(request, _("Zlecono pobranie dokumentów ze skrytek ePUAP."))
    return redirect("epuap_admin:index")


def _document_page(request, document, *, open_form=None, dismiss_form=None, status=200):
    return _render(
        request,
        "epuap/admin/document.html",
        _("Dokument ePUAP %(id)s") % {"id": document.epuap_id},
        status=status,
        document=document,
        open_form=open_form or OpenCaseForm(initial={"unit": document.unit_id, "title": _("Pismo z ePUAP")}),
        dismiss_form=dismiss_form or DismissForm(),
    )


@registry_required
def document_detail(request, pk: int):
    return _document_page(request, get_object_or_404(InboundDocument, pk=pk))


@registry_required
def document_xml(request, pk: int):
    document = get_object_or_404(InboundDocument, pk=pk)
    response = HttpResponse(bytes(document.xml), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{document.epuap_id}.xml"'
    response["Cache-Control"] = "private, no-store"
    return response


@registry_required
@require_POST
def document_open_case(request, pk: int):
    document = get_object_or_404(InboundDocument, pk=pk)
    form = OpenCaseForm(request.POST)
    if form.is_valid():
        try:
            case = inbound.unassigned_open_case(
                document=document, unit=form.cleaned_data["unit"], title=form.cleaned_data["title"], actor=request.user
            )
        except DocumentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Założono sprawę %(ref)s.") % {"ref": case.reference})
            return redirect("cases_admin:detail", pk=case.pk)
    else:
        messages.error(request, _("Popraw błędy w formularzu."))
    return _document_page(request, document, open_form=form, status=400)


@registry_required
@require_POST
def document_dismiss(request, pk: int):
    document = get_object_or_404(InboundDocument, pk=pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            inbound.unassigned_dismiss(document=document, actor=request.user, comment=form.cleaned_data["comment"])
        except DocumentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Dokument oznaczono jako rozpatrzony."))
            return redirect("epuap_admin:index")
    else:
        messages.error(request, _("Popraw błędy w formularzu."))
    return _document_page(request, document, dismiss_form=form, status=400)


def _case_for_sending(request, pk: int):
    """(case, None) when the person may act on it, (None, 403 response) otherwise; 404 out of scope."""
    if not (request.user.is_authenticated and request.user.is_staff):
        return None, _forbidden(request)
    case = case_for_staff(user=request.user, pk=pk)
    if not case_selectors.staff_can_act(user=request.user, case=case):
        return None, _forbidden(request)
    return case, None


@never_cache
def case_send(request, pk: int):
    case, refused = _case_for_sending(request, pk)
    if refused:
        return refused
    status = 200
    if request.method == "POST":
        form = SendForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outbound.dispatch_create(
                    case=case,
                    document=data["document"],
                    recipient=data["recipient"],
                    method=data["method"],
                    title=data["title"],
                    actor=request.user,
                )
            except CaseError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Dokument przekazano do wysłania przez ePUAP."))
                return redirect(reverse("cases_admin:detail", args=(case.pk,)) + "#epuap")
        status = 400
    else:
        form = SendForm(case=case, initial={"recipient": outbound.reply_address_for(case=case), "title": case.title})
    return _render(
        request,
        "epuap/admin/send.html",
        _("Wyślij przez ePUAP — %(ref)s") % {"ref": case.reference},
        status=status,
        case=case,
        form=form,
    )


@require_POST
def dispatch_retry(request, pk: int):
    dispatch = get_object_or_404(OutboundDispatch, pk=pk)
    case, refused = _case_for_sending(request, dispatch.case_id)
    if refused:
        return refused
    try:
        outbound.dispatch_retry(dispatch=dispatch, actor=request.user)
    except CaseError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Wysyłkę ponowiono."))
    return redirect(reverse("cases_admin:detail", args=(case.pk,)) + "#epuap")
