"""The clerk's back office ("Sprawy" in the Wagtail admin): the list, the case page, its actions.

Who sees what is decided by ``selectors.cases_for_staff`` (a clerk or head: their units; the
secretary and superusers: everything); a case outside the scope is a 404, so its existence is not
revealed. Who may do what on a visible case: ``selectors.staff_can_act/assign/route``. Every action
is a small form POSTed to its own URL that calls one service; a refused action (``CaseError``) shows
the service's Polish message and leaves the case as it was. Staff without a case-handling role get
a 403 and no menu item.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from cms.audit.services import access_log_record

from . import admin_forms as af
from . import selectors, services
from .models import Case, CaseDocument, CaseEvent
from .workflow import Action, CaseError, Status, allowed_actions

PER_PAGE = 50


# --- access -----------------------------------------------------------------------------------------


def has_back_office(user) -> bool:
    """Superusers and staff with a ``CaseWorker`` role see the "Sprawy" menu."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return False
    return user.is_superuser or bool(af.roles_of(user))


def _render(view_class, request, *, status: int = 200, **kwargs):
    """Render a template view for any method (a failed POST shows the page again with its errors)."""
    view = view_class()
    view.setup(request, **kwargs)
    response = view.get(request, **kwargs)
    response.status_code = status
    return response


def _forbidden(request):
    return TemplateResponse(
        request,
        "cases/admin/forbidden.html",
        {"page_title": _("Brak dostępu"), "header_title": _("Brak dostępu")},
        status=403,
    )


def back_office_required(view):
    """403 for staff without a case-handling role (Wagtail already refused people without admin access)."""

    def wrapped(request, *args, **kwargs):
        if not has_back_office(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def case_for_staff(*, user, pk: int) -> Case:
    """The case if it is in the person's scope, else 404."""
    return get_object_or_404(selectors.cases_for_staff(user=user), pk=pk)


# --- the list ---------------------------------------------------------------------------------------

#: what the list's columns read (``only``): no JSON answers, no service page, no wide columns
LIST_FIELDS = (
    "id",
    "reference",
    "title",
    "applicant_name",
    "status",
    "received_at",
    "due_date",
    "unit__id",
    "unit__code",
    "assigned_to__id",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__email",
)


def filtered_cases(request, *, ignore: tuple[str, ...] = ()):
    """The person's scope narrowed by the list's filters and search (``ignore`` drops some filters)."""
    data = request.GET.copy()
    for name in ignore:
        data.pop(name, None)
    queryset = selectors.cases_for_staff(user=request.user)
    filters = af.CaseFilterSet(data=data, request=request)
    if filters.is_valid():
        queryset = filters.filter_queryset(queryset)
    query = (request.GET.get("q") or "").strip()
    if query:
        queryset = queryset.filter(af.search_q(query))
    return queryset


def status_counts(queryset) -> dict[str, dict[str, int]]:
    """``{status: {"n": …, "overdue": …, "due_soon": …}}`` for every status, in one GROUP BY query.

    Counting ``status`` (never null) reads only ``status`` and ``due_date``, so PostgreSQL answers it
    from the (unit, status, due_date) or (status, due_date) index alone (an index-only scan)."""
    today = timezone.localdate()
    rows = (
        queryset.order_by()
        .values("status")
        .annotate(
            n=Count("status"),
            overdue=Count("status", filter=selectors.overdue_q(today=today)),
            due_soon=Count("status", filter=selectors.due_soon_q(today=today)),
        )
    )
    counts = {status.value: {"n": 0, "overdue": 0, "due_soon": 0} for status in Status}
    for row in rows:
        counts[row.pop("status")] = row
    return counts


DEADLINE_KEYS = {af.OVERDUE: "overdue", af.DUE_SOON: "due_soon"}


def list_total(counts: dict[str, dict[str, int]], *, status: str = "", deadline: str = "") -> int:
    """How many cases the list shows, from the counts per status (no second ``COUNT(*)``)."""
    key = DEADLINE_KEYS.get(deadline, "n")
    rows = [counts[status]] if status else counts.values()
    return sum(row.get(key, 0) for row in rows)


class PlainColumn(Column):
    """Wagtail's text cell (``wagtailadmin/tables/cell.html``) built in Python.

    A page has 50 rows of 8 cells; a template render per cell was most of the page's time, more
    than all its queries together. The title (link) and date (relative, with a tooltip) cells keep
    Wagtail's templates."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            value = self.empty_value_display
        classname = format_html(' class="{}"', self.classname) if self.classname else ""
        return format_html("<td{}>{}</td>", classname, value)


class DeadlineColumn(PlainColumn):
    """The due date with its flag: *po terminie*, *wkrótce*, or *wstrzymany* while awaiting a supplement.

    ``overdue`` and ``due_soon`` come from the list's query (``selectors.with_deadline_flags``)."""

    def get_value(self, instance):
        due = dateformat.format(instance.due_date, "d.m.Y")
        if instance.is_suspended:
            return format_html('{} <span class="w-status">{}</span>', due, _("wstrzymany"))
        if instance.is_final:
            return "—"
        if instance.overdue:
            return format_html(
                '{} <span class="w-status w-status--primary" data-flag="overdue">{}</span>', due, _("po terminie")
            )
        if instance.due_soon:
            return format_html('{} <span class="w-status" data-flag="due-soon">{}</span>', due, _("wkrótce"))
        return due


#: ``get_status_display`` hashes every (lazy) label of the choices on each call; a dict does not
STATUS_LABELS = dict(Status.choices)


def _person(user) -> str:
    return str(user) if user is not None else "—"


class CaseIndexView(BaseListingView):
    """The "Sprawy" list: filters, search, counts per status, 50 a page, constant queries.

    Three queries over the cases, whatever their number: the scope's roles, one GROUP BY status
    (the counts above the list, which also give the paginator its total), and the page itself,
    read along the (-received_at, -id) or (unit, -received_at, -id) index."""

    model = Case
    results_template_name = "cases/admin/index_results.html"
    page_title = gettext_lazy("Sprawy")
    header_icon = "folder-open-inverse"
    index_url_name = "cases_admin:index"
    index_results_url_name = "cases_admin:index_results"
    paginate_by = PER_PAGE
    filterset_class = af.CaseFilterSet
    is_searchable = True
    verbose_name = gettext_lazy("sprawa")
    verbose_name_plural = gettext_lazy("spraw")
    columns = [
        TitleColumn("reference", label=gettext_lazy("znak sprawy"), url_name="cases_admin:detail"),
        PlainColumn("title", label=gettext_lazy("usługa / tytuł")),
        PlainColumn("unit", label=gettext_lazy("jednostka"), accessor=lambda case: case.unit.code.upper()),
        PlainColumn("applicant_name", label=gettext_lazy("wnioskodawca")),
        PlainColumn("status", label=gettext_lazy("status"), accessor=lambda case: STATUS_LABELS[case.status]),
        PlainColumn("assigned_to", label=gettext_lazy("prowadzący"), accessor=lambda case: _person(case.assigned_to)),
        DateColumn("received_at", label=gettext_lazy("wpłynęła")),
        DeadlineColumn("due_date", label=gettext_lazy("termin załatwienia")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not has_back_office(request.user):
            return _forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def scope(self):
        """The person's cases (one query for their roles), ordered newest first with the id as tiebreak."""
        return selectors.cases_for_staff(user=self.request.user).order_by("-received_at", "-id")

    def get_base_queryset(self):
        rows = self.scope.select_related(None).select_related("unit", "assigned_to").only(*LIST_FIELDS)
        return selectors.with_deadline_flags(rows)

    def search_queryset(self, queryset):
        return queryset.filter(af.search_q(self.search_query)) if self.is_searching else queryset

    @cached_property
    def cleaned_filters(self) -> dict[str, Any]:
        """The filters as the list applies them (Wagtail ignores all of them when the form is invalid)."""
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data
        return {}

    @cached_property
    def counts(self) -> dict[str, dict[str, int]]:
        """Counts per status over the scope, search and every filter except status and deadline."""
        queryset = self.scope
        for name, value in self.cleaned_filters.items():
            if name not in ("status", "deadline"):
                queryset = self.filters.filters[name].filter(queryset, value)
        return status_counts(self.search_queryset(queryset))

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        # The total is in the counts already: the status and deadline filters select one of them.
        paginator.count = list_total(
            self.counts,
            status=self.cleaned_filters.get("status") or "",
            deadline=self.cleaned_filters.get("deadline") or "",
        )
        return paginator

    def get_header_buttons(self):
        query = self.request.GET.copy()
        for name in (self.page_kwarg, "_w_filter_fragment"):
            query.pop(name, None)
        export = reverse("cases_admin:export") + (f"?{query.urlencode()}" if query else "")
        return [
            HeaderButton(
                _("Zarejestruj wniosek z biura podawczego"), url=reverse("cases_admin:counter"), icon_name="plus"
            ),
            HeaderButton(_("Eksport CSV"), url=export, icon_name="download"),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = self.counts
        base = self.request.GET.copy()
        for name in ("status", "deadline", self.page_kwarg, "_w_filter_fragment"):
            base.pop(name, None)

        def link(**params):
            query = base.copy()
            for key, value in params.items():
                query[key] = value
            return f"{self.index_url}?{query.urlencode()}"

        context["status_counts"] = [
            {
                "label": status.label,
                "count": counts[status.value]["n"],
                "url": link(status=status.value),
                "current": self.request.GET.get("status") == status.value,
            }
            for status in Status
        ]
        context["overdue_count"], context["overdue_url"] = (
            list_total(counts, deadline=af.OVERDUE),
            link(deadline=af.OVERDUE),
        )
        context["due_soon_count"], context["due_soon_url"] = (
            list_total(counts, deadline=af.DUE_SOON),
            link(deadline=af.DUE_SOON),
        )
        context["all_count"] = list_total(counts)
        return context


class CaseIndexResultsView(CaseIndexView):
    results_only = True


# --- the case page ----------------------------------------------------------------------------------


@dataclass
class Permissions:
    view: bool
    act: bool
    assign: bool
    route: bool


def permissions_for(*, user, case: Case) -> Permissions:
    return Permissions(
        view=True,
        act=selectors.staff_can_act(user=user, case=case),
        assign=selectors.staff_can_assign(user=user, case=case),
        route=selectors.staff_can_route(user=user, case=case),
    )


#: action slug -> (label, who may, shown when)
ACTION_LABELS = {
    "register": gettext_lazy("Zarejestruj i przydziel"),
    "assign": gettext_lazy("Przydziel innemu pracownikowi"),
    "start": gettext_lazy("Rozpocznij załatwianie"),
    "request_supplement": gettext_lazy("Wezwij do uzupełnienia"),
    "resume": gettext_lazy("Wznów bez uzupełnienia"),
    "note": gettext_lazy("Dodaj notatkę wewnętrzną"),
    "message": gettext_lazy("Napisz do wnioskodawcy"),
    "attach": gettext_lazy("Dołącz dokument"),
    "letter": gettext_lazy("Wygeneruj pismo"),
    "decide": gettext_lazy("Załatw sprawę"),
    "refuse": gettext_lazy("Odmów"),
    "leave_unexamined": gettext_lazy("Pozostaw bez rozpatrzenia"),
    "route": gettext_lazy("Przekaż do innej jednostki"),
}


def _allowed(action: str, *, case: Case, perms: Permissions) -> bool:
    """Whether the button is shown: the workflow allows it from the current status and the role may."""
    workflow = set(allowed_actions(case.status))
    open_case = not case.is_final and not case.anonymised_at
    rules = {
        "register": Action.REGISTER in workflow and perms.act,
        "assign": perms.assign and open_case and case.status != Status.SUBMITTED,
        "start": Action.START in workflow and perms.act,
        "request_supplement": Action.REQUEST_SUPPLEMENT in workflow and perms.act,
        "resume": Action.RESUME in workflow and perms.act,
        "note": perms.view and not case.anonymised_at,
        "message": perms.act and not case.anonymised_at,
        "attach": perms.act and not case.anonymised_at,
        "letter": Action.DECIDE in workflow and perms.act,
        "decide": Action.DECIDE in workflow and perms.act,
        "refuse": Action.REFUSE in workflow and perms.act,
        "leave_unexamined": Action.LEAVE_UNEXAMINED in workflow and perms.act,
        "route": Action.ROUTE in workflow and perms.route,
    }
    return rules[action]


def _may(action: str, perms: Permissions) -> bool:
    """Whether the role may try ``action`` at all (the workflow is the service's to refuse)."""
    if action == "assign":
        return perms.assign
    if action == "route":
        return perms.route
    if action == "note":
        return perms.view
    return perms.act


def build_form(action: str, *, case: Case, user, perms: Permissions, data=None, files=None):
    """The unbound (``data`` None) or bound form of ``action``."""
    bound = {"data": data, "files": files} if data is not None else {}
    prefix = {"prefix": action}
    if action in ("register", "assign"):
        return af.ClerkChoiceForm(**bound, **prefix, case=case, user=user, can_assign=perms.assign)
    if action in ("start", "resume", "refuse", "leave_unexamined"):
        return af.CommentForm(**bound, **prefix)
    if action == "request_supplement":
        return af.SupplementRequestForm(**bound, **prefix)
    if action == "note":
        return af.NoteForm(**bound, **prefix)
    if action == "message":
        return af.MessageForm(**bound, **prefix)
    if action == "attach":
        return af.AttachForm(**bound, **prefix)
    if action == "letter":
        return (
            af.LetterForm(**bound, **prefix)
            if data is not None
            else af.LetterForm(**prefix, initial=af.LetterForm.prefilled(case).initial)
        )
    if action == "decide":
        return af.DecideForm(**bound, **prefix, case=case)
    if action == "route":
        return af.RouteForm(**bound, **prefix, case=case)
    raise Http404


def perform(action: str, *, case: Case, user, data: dict[str, Any]) -> str:
    """Call the service of ``action``; returns the success message. Raises ``CaseError``."""
    comment = data.get("comment", "")
    if action == "register":
        services.case_register(case=case, clerk=data["clerk"], actor=user, comment=comment)
        return _("Sprawa zarejestrowana i przydzielona: %(who)s.") % {"who": data["clerk"]}
    if action == "assign":
        services.case_assign(case=case, clerk=data["clerk"], actor=user, comment=comment)
        return _("Sprawa przydzielona: %(who)s.") % {"who": data["clerk"]}
    if action == "start":
        services.case_start(case=case, actor=user, comment=comment)
        return _("Rozpoczęto załatwianie sprawy.")
    if action == "request_supplement":
        request = services.case_request_supplement(case=case, actor=user, text=data["text"], deadline=data["deadline"])
        deadline = request.deadline.strftime("%d.%m.%Y")
        return _("Wysłano wezwanie do uzupełnienia z terminem %(date)s.") % {"date": deadline}
    if action == "resume":
        services.case_resume(case=case, actor=user, comment=comment)
        return _("Sprawa wznowiona.")
    if action == "note":
        services.case_add_note(case=case, actor=user, text=data["text"])
        return _("Dodano notatkę wewnętrzną.")
    if action == "message":
        services.case_message_to_applicant(case=case, actor=user, text=data["text"], uploads=data["files"])
        return _("Wiadomość wysłana do wnioskodawcy.")
    if action == "attach":
        services.case_attach_document(
            case=case,
            actor=user,
            kind=data["kind"],
            upload=data["file"],
            visible_to_applicant=data["visible_to_applicant"],
            comment=comment,
        )
        return _("Dołączono dokument.")
    if action == "letter":
        document = services.case_generate_letter(
            case=case,
            actor=user,
            title=data["title"],
            body=data["body"],
            kind=data["kind"],
            signer_title=data["signer_title"],
        )
        return _("Wygenerowano pismo „%(name)s”. Możesz teraz załatwić nim sprawę.") % {"name": document.name}
    if action == "decide":
        services.case_decide(case=case, actor=user, comment=comment, document=data["document"], upload=data["upload"])
        return _("Sprawa załatwiona.")
    if action == "refuse":
        services.case_refuse(case=case, actor=user, comment=comment)
        return _("Odmówiono załatwienia sprawy.")
    if action == "leave_unexamined":
        services.case_leave_unexamined(case=case, actor=user, comment=comment)
        return _("Wniosek pozostawiono bez rozpatrzenia.")
    if action == "route":
        services.case_route(case=case, actor=user, unit=data["unit"], comment=comment)
        return _("Sprawę przekazano do jednostki: %(unit)s.") % {"unit": data["unit"]}
    raise Http404


def _application_files(case: Case) -> list[dict]:
    """The files of the application as submitted (web: in storage; counter scans: case documents)."""
    rows = []
    for name, meta in (case.files or {}).items():
        metas = meta if isinstance(meta, list) else [meta]
        for index, item in enumerate(metas):
            if not isinstance(item, dict):
                continue
            rows.append(
                {
                    "name": item.get("name") or name,
                    "size": item.get("size"),
                    "sha256": item.get("sha256", ""),
                    "url": reverse("cases_admin:file", args=(case.pk, name, index)),
                }
            )
    return rows


class CaseDetailView(WagtailAdminTemplateMixin, TemplateView):
    """One case: data, answers, files, documents, the whole timeline (internal notes too), actions."""

    template_name = "cases/admin/detail.html"
    header_icon = "folder-open-inverse"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.case = case_for_staff(user=request.user, pk=kwargs["pk"])
        self.bound_forms = kwargs.get("bound_forms") or {}
        # the applicant's data is on the page: accountability (issue 11, cms.audit)
        access_log_record(request=request, action="view", subject_type="case", subject_id=self.case.reference,
                          subject_label=self.case.applicant_name)  # fmt: skip

    def get_page_title(self):
        return self.case.reference

    def get_page_subtitle(self):
        return self.case.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("cases_admin:index"), "label": _("Sprawy")},
            {"url": "", "label": self.case.reference},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user = self.case, self.request.user
        perms = permissions_for(user=user, case=case)
        actions = []
        for action, label in ACTION_LABELS.items():
            if _allowed(action, case=case, perms=perms):
                form = self.bound_forms.get(action) or build_form(action, case=case, user=user, perms=perms)
                multipart = any(field.widget.needs_multipart_form for field in form.fields.values())
                url = reverse("cases_admin:action", args=(case.pk, action))
                actions.append({"name": action, "label": label, "form": form, "url": url, "multipart": multipart})
        timeline = list(
            case.events.select_related("actor")
            .prefetch_related(Prefetch("documents", queryset=CaseDocument.objects.order_by("created_at", "id")))
            .order_by("created_at", "id")
        )
        context.update(
            case=case,
            today=timezone.localdate(),
            answers=[
                {"heading": True, "label": label[3:]} if label.startswith("## ") else {"label": label, "value": value}
                for label, value in selectors.answers_for_display(case=case)
            ],
            overdue=case.is_overdue(),
            due_soon=case.is_due_soon(),
            application_files=_application_files(case),
            documents=list(case.documents.select_related("created_by").order_by("created_at", "id")),
            timeline=timeline,
            supplement=selectors.open_supplement_request(case=case),
            actions=actions,
            note_kind=CaseEvent.Kind.NOTE,
        )
        return context


@never_cache
@back_office_required
@require_GET
def case_detail(request, pk: int):
    return _render(CaseDetailView, request, pk=pk)


@never_cache
@back_office_required
@require_POST
def case_action(request, pk: int, action: str):
    """Run one action; on a refusal re-render the case page with the message and the bound form."""
    if action not in ACTION_LABELS:
        raise Http404
    case = case_for_staff(user=request.user, pk=pk)
    perms = permissions_for(user=request.user, case=case)
    form = build_form(action, case=case, user=request.user, perms=perms, data=request.POST, files=request.FILES)
    status = 400
    if not _may(action, perms):
        messages.error(request, _("Nie masz uprawnień do tej czynności w tej sprawie."))
        status = 403
    elif form.is_valid():
        try:
            done = perform(action, case=case, user=request.user, data=form.cleaned_data)
        except CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            messages.error(request, error.message)
        else:
            messages.success(request, done)
            return redirect("cases_admin:detail", pk=case.pk)
    else:
        messages.error(request, _("Popraw błędy w formularzu „%(action)s”.") % {"action": ACTION_LABELS[action]})
    return _render(CaseDetailView, request, status=status, pk=pk, bound_forms={action: form})


# --- files ------------------------------------------------------------------------------------------


def _attachment(handle, name: str, content_type: str = "") -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type or None)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@back_office_required
@require_GET
def document_download(request, pk: int, document_pk: int):
    """A case document (receipt, decision, attachment, supplement) for staff who see the case."""
    case = case_for_staff(user=request.user, pk=pk)
    document = get_object_or_404(CaseDocument, pk=document_pk, case=case)
    return _attachment(document.file.open("rb"), document.name, document.content_type)


@never_cache
@back_office_required
@require_GET
def file_download(request, pk: int, name: str, index: int):
    """A file of the application as submitted (a web upload or a counter scan)."""
    case = case_for_staff(user=request.user, pk=pk)
    meta = (case.files or {}).get(name)
    metas = meta if isinstance(meta, list) else [meta] if meta else []
    if index >= len(metas) or not isinstance(metas[index], dict):
        raise Http404
    item = metas[index]
    if item.get("document"):
        document = get_object_or_404(CaseDocument, pk=item["document"], case=case)
        return _attachment(document.file.open("rb"), document.name, document.content_type)
    if not item.get("path") or not default_storage.exists(item["path"]):
        raise Http404
    return _attachment(default_storage.open(item["path"], "rb"), item.get("name") or name)


# --- counter applications ---------------------------------------------------------------------------


class CounterView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cases/admin/counter.html"
    page_title = gettext_lazy("Zarejestruj wniosek z biura podawczego")
    header_icon = "plus"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("cases_admin:index"), "label": _("Sprawy")},
            {"url": "", "label": self.get_page_title()},
        ]


@never_cache
@back_office_required
def counter_register(request):
    """An application brought on paper: the clerk types it in and scans the documents."""
    if request.method == "POST":
        form = af.CounterForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            text = (data["text"] or "").strip()
            try:
                case = services.case_register_counter(
                    unit=data["unit"],
                    service=data["service"],
                    actor=request.user,
                    title=data["title"],
                    applicant_name=data["applicant_name"],
                    applicant_email=data["applicant_email"],
                    applicant_phone=data["applicant_phone"],
                    applicant_pesel=data["applicant_pesel"],
                    applicant_address=data["applicant_address"],
                    answers={_("Treść wniosku"): text} if text else None,
                    uploads=data["files"],
                )
            except CaseError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                messages.error(request, error.message)
            else:
                messages.success(request, _("Zarejestrowano wniosek, znak sprawy: %(ref)s.") % {"ref": case.reference})
                return HttpResponseRedirect(reverse("cases_admin:detail", args=(case.pk,)))
        else:
            messages.error(request, _("Popraw błędy w formularzu."))
        status = 400
    else:
        form, status = af.CounterForm(user=request.user), 200
    return _render(CounterView, request, status=status, form=form)


# --- CSV export -------------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


CSV_HEADER = [
    gettext_lazy("znak sprawy"),
    gettext_lazy("usługa / tytuł"),
    gettext_lazy("jednostka"),
    gettext_lazy("status"),
    gettext_lazy("prowadzący"),
    gettext_lazy("wpłynęła"),
    gettext_lazy("termin załatwienia"),
    gettext_lazy("zamknięta"),
]


def _csv_rows(queryset):
    labels = dict(Status.choices)
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(h) for h in CSV_HEADER])  # BOM: spreadsheets read it as UTF-8
    rows = queryset.order_by("-received_at", "-id").values_list(
        "reference",
        "title",
        "unit__code",
        "status",
        "assigned_to__first_name",
        "assigned_to__last_name",
        "assigned_to__email",
        "received_at",
        "due_date",
        "closed_at",
    )
    for reference, title, unit, status, first, last, email, received, due, closed in rows.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                reference,
                title,
                unit.upper(),
                labels.get(status, status),
                f"{first or ''} {last or ''}".strip() or email or "",
                timezone.localtime(received).strftime("%Y-%m-%d %H:%M"),
                due.isoformat(),
                timezone.localtime(closed).strftime("%Y-%m-%d %H:%M") if closed else "",
            ]
        )


@never_cache
@back_office_required
@require_GET
def export_csv(request):
    """The filtered list as CSV, streamed (works for the whole register of a year)."""
    response = StreamingHttpResponse(_csv_rows(filtered_cases(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sprawy-{timezone.localdate():%Y-%m-%d}.csv"'
    return response
