"""The crisis team's back office ("Zarządzanie kryzysowe → Ostrzeżenia" in the Wagtail admin).

The list, composing from a template with the SMS preview, the alert's page (data, recipients,
history, the decision buttons) and one POST URL per action, each calling one service of
``crisis.services.alerts``. A refused action (``AlertError``) shows the service's Polish message and
changes nothing; a refusal for want of the right (approving one's own real alert, no approver role)
answers 403. Who gets in at all: anyone with a permission on alerts (the two crisis groups,
``crisis.roles``) and superusers.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from . import admin_forms as af
from .models import Alert, AlertDecision, AlertTemplate
from .models.alerts import default_sms_max_parts
from .services import alerts as svc
from .sms import compose_sms, sms_info
from .targeting import recipient_counts

ALERT_PERMISSIONS = ("crisis.view_alert", "crisis.add_alert", "crisis.change_alert", "crisis.approve_alert")
#: hook for other modules' panels on the alert page (e.g. the broadcast's progress): fn(request, alert) -> html
DETAIL_PANELS_HOOK = "crisis_alert_detail_panels"


# --- access -----------------------------------------------------------------------------------------


def has_crisis_access(user) -> bool:
    """Members of the crisis groups and superusers see the alerts."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(user.has_perm(perm) for perm in ALERT_PERMISSIONS)


def _forbidden(request, message: str = ""):
    return TemplateResponse(
        request,
        "crisis/admin/forbidden.html",
        {"page_title": _("Brak dostępu"), "header_title": _("Brak dostępu"), "message": message},
        status=403,
    )


def crisis_access_required(view):
    def wrapped(request, *args, **kwargs):
        if not has_crisis_access(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _render(view_class, request, *, status: int = 200, **kwargs):
    """Render a template view for any method (a refused POST shows the page again with its errors)."""
    view = view_class()
    view.setup(request, **kwargs)
    response = view.get(request, **kwargs)
    response.status_code = status
    return response


def _crumbs(*items):
    return [{"url": reverse("crisis_alerts:index"), "label": _("Ostrzeżenia")}, *items]


# --- the list ---------------------------------------------------------------------------------------

STATE_LABELS = dict(Alert.State.choices)
STATUS_LABELS = dict(Alert.Status.choices)
LEVEL_LABELS = dict(af.Level.choices)
MSG_TYPE_LABELS = dict(Alert.MsgType.choices)


class PlainColumn(Column):
    """A text cell built in Python (no template render per cell; see ``eservices.cases.admin_views``)."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            value = self.empty_value_display
        return format_html("<td>{}</td>", value)


def _state_cell(alert: Alert):
    label = STATE_LABELS[alert.state]
    if alert.cancelled_at:
        label = format_html('{} <span class="w-status">{}</span>', label, _("odwołane"))
    if alert.state == Alert.State.SUBMITTED:
        return format_html('<span class="w-status w-status--primary" data-state="{}">{}</span>', alert.state, label)
    return format_html('<span data-state="{}">{}</span>', alert.state, label)


def _when(value) -> str:
    """An absolute local time: "in 2 days" and "2 days ago" read alike in a relative column."""
    return dateformat.format(timezone.localtime(value), "d.m.Y H:i")


class AlertIndexView(BaseListingView):
    """All alerts, newest first, filtered by state, CAP status, RSO level and type; one query a page."""

    model = Alert
    page_title = gettext_lazy("Ostrzeżenia")
    header_icon = "warning"
    index_url_name = "crisis_alerts:index"
    index_results_url_name = "crisis_alerts:index_results"
    paginate_by = 30
    filterset_class = af.AlertFilterSet
    is_searchable = True
    search_backend_name = None
    search_fields = ["headline", "identifier", "event"]
    verbose_name = gettext_lazy("ostrzeżenie")
    verbose_name_plural = gettext_lazy("ostrzeżeń")
    columns = [
        TitleColumn("headline", label=gettext_lazy("nagłówek"), url_name="crisis_alerts:detail"),
        PlainColumn("msg_type", label=gettext_lazy("typ"), accessor=lambda a: MSG_TYPE_LABELS[a.msg_type]),
        PlainColumn("level", label=gettext_lazy("stopień"), accessor=lambda a: LEVEL_LABELS[a.level]),
        PlainColumn("status", label=gettext_lazy("status CAP"), accessor=lambda a: STATUS_LABELS[a.status]),
        PlainColumn("state", label=gettext_lazy("stan"), accessor=_state_cell),
        PlainColumn("effective", label=gettext_lazy("obowiązuje od"), accessor=lambda a: _when(a.effective)),
        PlainColumn("expires", label=gettext_lazy("do"), accessor=lambda a: _when(a.expires)),
        PlainColumn("created_by", label=gettext_lazy("autor"), accessor=lambda a: str(a.created_by)),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not has_crisis_access(request.user):
            return _forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return Alert.objects.select_related("created_by").order_by("-created_at", "-pk")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        from django.db.models import Q

        query = self.search_query
        return queryset.filter(
            Q(headline__icontains=query) | Q(identifier__icontains=query) | Q(event__icontains=query)
        )

    def get_header_buttons(self):
        if not self.request.user.has_perm("crisis.add_alert"):
            return []
        return [HeaderButton(_("Nowe ostrzeżenie"), url=reverse("crisis_alerts:create"), icon_name="plus")]


class AlertIndexResultsView(AlertIndexView):
    results_only = True


# --- composing --------------------------------------------------------------------------------------


class ComposeView(WagtailAdminTemplateMixin, TemplateView):
    """The compose form (new alert, edit of a draft) with the server-rendered SMS preview."""

    template_name = "crisis/admin/compose.html"
    header_icon = "warning"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.form = kwargs["form"]
        self.alert = kwargs.get("alert")
        self.show_preview = kwargs.get("show_preview", False)

    def get_page_title(self):
        return _("Zmień ostrzeżenie") if self.alert else _("Nowe ostrzeżenie")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + _crumbs({"url": "", "label": self.get_page_title()})

    def sms_preview(self):
        form = self.form
        if form.is_bound:
            text = form.data.get("sms_text", "")
            transliterate = bool(form.data.get("sms_transliterate"))
            max_parts = form.data.get("sms_max_parts") or default_sms_max_parts()
        else:
            values = {**{name: getattr(form.instance, name) for name in ("sms_text", "sms_transliterate")}}
            values.update({k: v for k, v in form.initial.items() if k in ("sms_text", "sms_transliterate")})
            text, transliterate = values["sms_text"] or "", values["sms_transliterate"]
            max_parts = form.initial.get("sms_max_parts") or form.instance.sms_max_parts
        try:
            max_parts = int(max_parts)
        except (TypeError, ValueError):
            max_parts = default_sms_max_parts()
        cleaned = getattr(form, "cleaned_data", {})
        text = svc.fill_placeholders(text, areas=cleaned.get("areas") or (), expires=cleaned.get("expires"))
        status = (form.data.get("status") if form.is_bound else None) or form.instance.status
        info = (
            sms_info(compose_sms(text, status=status), transliterate=transliterate)
            if text.strip()
            else sms_info("", transliterate=transliterate)
        )
        return {
            "info": info,
            "max_parts": max_parts,
            "over": info.parts > max_parts,
            "limit": info.max_chars(max_parts),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        templates = []
        if self.alert is None:
            templates = [
                {"template": template, "url": f"{reverse('crisis_alerts:create')}?szablon={template.pk}"}
                for template in AlertTemplate.objects.order_by("name")
            ]
        context.update(
            form=self.form,
            alert=self.alert,
            templates=templates,
            preview=self.sms_preview(),
            show_preview=self.show_preview,
            error_count=len(self.form.errors) if self.form.is_bound else 0,
        )
        return context


def _prefilled_form(request) -> af.AlertForm:
    template = None
    raw = request.GET.get("szablon", "")
    if raw.isdigit():
        template = AlertTemplate.objects.filter(pk=int(raw)).first()
    initial = svc.alert_prefill(template=template) if template else {}
    initial.pop("template", None)
    form = af.AlertForm(initial=initial)
    form.template = template
    return form


def _save(request, form: af.AlertForm, *, alert: Alert | None) -> Alert:
    """Create or update, and submit too when the operator asked for it, all or nothing."""
    fields, areas = form.service_fields(), list(form.cleaned_data.get("areas") or [])
    with transaction.atomic():
        if alert is None:
            template = AlertTemplate.objects.filter(pk=request.POST.get("template") or 0).first()
            alert = svc.alert_create(user=request.user, areas=areas, template=template, **fields)
        else:
            alert = svc.alert_update(alert=alert, user=request.user, areas=areas, **fields)
        if request.POST.get("action") == "submit":
            alert = svc.alert_submit(alert=alert, user=request.user)
    return alert


def _compose(request, *, alert: Alert | None):
    if request.method != "POST":
        form = af.AlertForm(instance=alert) if alert else _prefilled_form(request)
        return _render(ComposeView, request, form=form, alert=alert)
    form = af.AlertForm(request.POST, instance=alert or Alert())
    form.template = AlertTemplate.objects.filter(pk=request.POST.get("template") or 0).first() if not alert else None
    action = request.POST.get("action", "save")
    if action == "preview":
        form.is_valid()  # show the field errors next to the preview, save nothing
        return _render(ComposeView, request, form=form, alert=alert, show_preview=True)
    if form.is_valid():
        try:
            saved = _save(request, form, alert=alert)
        except svc.AlertError as error:
            if error.forbidden:
                return _forbidden(request, error.message)
            form.add_service_errors(error)
        else:
            done = (
                _("Ostrzeżenie przekazano do zatwierdzenia.")
                if saved.state == Alert.State.SUBMITTED
                else _("Zapisano szkic ostrzeżenia.")
            )
            messages.success(request, done)
            return redirect("crisis_alerts:detail", pk=saved.pk)
    messages.error(request, _("Popraw błędy w formularzu — ostrzeżenie nie zostało zapisane."))
    return _render(ComposeView, request, status=400, form=form, alert=alert, show_preview=True)


@never_cache
@crisis_access_required
def alert_create(request):
    """New alert, optionally from a template (``?szablon=<id>``)."""
    if not request.user.has_perm("crisis.add_alert"):
        return _forbidden(request, _("Nie masz uprawnień do tworzenia ostrzeżeń."))
    return _compose(request, alert=None)


@never_cache
@crisis_access_required
def alert_edit(request, pk: int):
    """Edit a draft or a rejected alert; anything else goes back to its page."""
    alert = get_object_or_404(Alert, pk=pk)
    if not request.user.has_perm("crisis.change_alert"):
        return _forbidden(request, _("Nie masz uprawnień do zmiany ostrzeżeń."))
    if alert.state not in svc.EDITABLE_STATES:
        messages.warning(request, _("Tego ostrzeżenia nie można już zmieniać."))
        return redirect("crisis_alerts:detail", pk=alert.pk)
    return _compose(request, alert=alert)


# --- the alert page ---------------------------------------------------------------------------------

ACTION_LABELS = {
    "submit": gettext_lazy("Przekaż do zatwierdzenia"),
    "approve": gettext_lazy("Zatwierdź i wyślij"),
    "reject": gettext_lazy("Odrzuć"),
    "cancel": gettext_lazy("Odwołaj ostrzeżenie"),
    "update": gettext_lazy("Przygotuj aktualizację"),
}


def _action_allowed(action: str, *, alert: Alert, user) -> bool:
    """Whether the button is shown (the service decides again on POST)."""
    published = alert.state in svc.PUBLISHED_STATES and alert.msg_type != Alert.MsgType.CANCEL
    open_followup = (
        published and alert.followups.filter(state__in=(*svc.EDITABLE_STATES, Alert.State.SUBMITTED)).exists()
    )
    rules = {
        "submit": alert.state in svc.EDITABLE_STATES and user.has_perm("crisis.change_alert"),
        "approve": not svc.approval_refusal(alert=alert, user=user),
        "reject": alert.state == Alert.State.SUBMITTED and user.has_perm("crisis.approve_alert"),
        "cancel": published and not alert.cancelled_at and not open_followup and user.has_perm("crisis.add_alert"),
        "update": published and not alert.cancelled_at and not open_followup and user.has_perm("crisis.add_alert"),
    }
    return rules[action]


def _build_form(action: str, *, alert: Alert, data=None):
    bound = {"data": data} if data is not None else {}
    if action == "reject":
        return af.ReasonForm(**bound, prefix=action)
    if action == "cancel":
        initial = {"sms_text": _("ODWOLANIE: %(headline)s") % {"headline": alert.headline}}
        return af.CancelForm(**bound, prefix=action, initial=initial)
    return af.EmptyForm(**bound, prefix=action)


def _progress_url(alert: Alert) -> str:
    """The broadcast's progress page (``crisis/admin_broadcast.py``) once the broadcast has begun."""
    if alert.state not in (Alert.State.BROADCASTING, Alert.State.SENT):
        return ""
    try:
        return reverse("crisis_broadcast:progress", args=(alert.pk,))
    except NoReverseMatch:
        return ""


class AlertDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "crisis/admin/detail.html"
    header_icon = "warning"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.alert = get_object_or_404(
            Alert.objects.select_related("created_by", "approved_by", "references", "template"), pk=kwargs["pk"]
        )
        self.bound_forms = kwargs.get("bound_forms") or {}

    def get_page_title(self):
        return self.alert.headline

    def get_page_subtitle(self):
        return self.alert.identifier

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + _crumbs(
            {"url": "", "label": self.alert.headline, "sublabel": self.alert.identifier}
        )

    @cached_property
    def extra_panels(self):
        return [fn(self.request, self.alert) for fn in hooks.get_hooks(DETAIL_PANELS_HOOK)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alert, user = self.alert, self.request.user
        actions = []
        for action, label in ACTION_LABELS.items():
            if _action_allowed(action, alert=alert, user=user) or action in self.bound_forms:
                form = self.bound_forms.get(action) or _build_form(action, alert=alert)
                url = reverse("crisis_alerts:action", args=(alert.pk, action))
                actions.append({"name": action, "label": label, "form": form, "url": url})
        context.update(
            alert=alert,
            areas=list(alert.areas.order_by("sort_order", "name")),
            sms=sms_info(compose_sms(alert.sms_text, status=alert.status), transliterate=alert.sms_transliterate)
            if alert.send_sms
            else None,
            counts=recipient_counts(alert=alert),
            decisions=list(alert.decisions.select_related("user")),
            followups=list(alert.followups.order_by("created_at")),
            actions=actions,
            can_edit=alert.state in svc.EDITABLE_STATES and user.has_perm("crisis.change_alert"),
            approval_refusal=(
                svc.approval_refusal(alert=alert, user=user)
                if alert.state == Alert.State.SUBMITTED and user.has_perm("crisis.approve_alert")
                else ""
            ),
            extra_panels=self.extra_panels,
            progress_url=_progress_url(alert),
            decision_labels=dict(AlertDecision.Action.choices),
        )
        return context


@never_cache
@crisis_access_required
@require_GET
def alert_detail(request, pk: int):
    return _render(AlertDetailView, request, pk=pk)


def perform(action: str, *, alert: Alert, user, data: dict) -> tuple[Alert, str]:
    """Call the service of ``action``; returns the alert to show next and the success message."""
    if action == "submit":
        return svc.alert_submit(alert=alert, user=user), _("Ostrzeżenie przekazano do zatwierdzenia.")
    if action == "approve":
        approved = svc.alert_approve(alert=alert, user=user)
        return approved, _("Ostrzeżenie zatwierdzone — rozsyłanie się rozpoczęło.") if not approved.send_at else _(
            "Ostrzeżenie zatwierdzone — zostanie wysłane o wybranej godzinie."
        )
    if action == "reject":
        return svc.alert_reject(alert=alert, user=user, reason=data.get("reason", "")), _("Ostrzeżenie odrzucone.")
    if action == "cancel":
        overrides = {"sms_text": data["sms_text"]} if data.get("sms_text") else {}
        cancel = svc.alert_cancel(alert=alert, user=user, reason=data.get("reason", ""), **overrides)
        return cancel, _("Przygotowano komunikat odwołujący; czeka na zatwierdzenie przez drugą osobę.")
    if action == "update":
        update = svc.alert_update_followup(alert=alert, user=user)
        return update, _("Przygotowano aktualizację jako szkic: popraw treść i przekaż do zatwierdzenia.")
    raise Http404


@never_cache
@crisis_access_required
@require_POST
def alert_action(request, pk: int, action: str):
    """Run one decision; a refusal re-renders the alert page with the message (403 when not allowed)."""
    if action not in ACTION_LABELS:
        raise Http404
    alert = get_object_or_404(Alert, pk=pk)
    form = _build_form(action, alert=alert, data=request.POST)
    status = 400
    if form.is_valid():
        try:
            shown, done = perform(action, alert=alert, user=request.user, data=form.cleaned_data)
        except svc.AlertError as error:
            status = 403 if error.forbidden else 400
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
            messages.error(request, error.message)
        else:
            messages.success(request, done)
            if action == "update":
                return redirect("crisis_alerts:edit", pk=shown.pk)
            return redirect("crisis_alerts:detail", pk=shown.pk)
    return _render(AlertDetailView, request, status=status, pk=pk, bound_forms={action: form})
