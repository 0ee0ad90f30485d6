"""Submitted applications ("Złożone wnioski") in the Wagtail admin: a read-only list and detail.

Only staff holding ``eforms.view_submission`` see the menu item, the list, the detail and the files;
nobody can add, edit or delete a submission here (the policy never grants those actions, not even to
a superuser: a submission is a legal record). The detail labels the answers with the form *as it was
submitted* (``form_snapshot``), never the live form, which an editor may have reworded since.
Attached files are served only through :func:`download`, never straight from ``MEDIA_ROOT``.
"""

import django_filters
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from eservices.catalogue.models import ServicePage

from .fields import LAYOUT_TYPES, display_answer, steps_of
from .models import Submission


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Read-only: only "view" is ever granted, and only to holders of ``eforms.view_submission``."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


SUBMISSION_POLICY = SubmissionPermissionPolicy(Submission)
register_permission_policy(Submission, SUBMISSION_POLICY, exact_class=True)


def _unit_codes():
    return [
        (code, code) for code in Submission.objects.order_by("unit_code").values_list("unit_code", flat=True).distinct()
    ]


class SubmissionFilterSet(WagtailFilterSet):
    service = django_filters.ModelChoiceFilter(
        label=_("usługa"), queryset=ServicePage.objects.filter(application_form__isnull=False).order_by("title")
    )
    unit_code = django_filters.ChoiceFilter(label=_("jednostka (kod)"), choices=_unit_codes)
    created_at = django_filters.DateFromToRangeFilter(label=_("złożono"), widget=DateRangePickerWidget)

    class Meta:
        model = Submission
        fields = ["service", "unit_code", "created_at"]


class SubmissionIndexView(IndexView):
    def get_base_queryset(self):
        return Submission.objects.select_related("service", "user")


def _file_entries(submission, name: str, *, with_urls: bool) -> list[dict]:
    """The file(s) of field ``name``: one ``{path, name, ...}`` dict, or a list of them."""
    meta = (submission.files or {}).get(name)
    metas = meta if isinstance(meta, list) else [meta] if meta else []
    return [
        {"name": item.get("name") or item.get("path", ""), "size": item.get("size"), "sha256": item.get("sha256"),
         "url": reverse("eforms_submissions:download", args=(submission.pk, name, index)) if with_urls else ""}
        for index, item in enumerate(metas)
    ]  # fmt: skip


class SubmissionInspectView(InspectView):
    template_name = "eforms/admin/submission_inspect.html"
    fields = ["reference", "service", "user", "unit_code", "created_at"]

    def get_object(self, queryset=None):
        return get_object_or_404(Submission.objects.select_related("service", "user"), pk=self.pk)

    def get_user_display_value(self):
        user = self.object.user
        return f"{user.get_full_name()} <{user.email}>".strip()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        snapshot = submission.form_snapshot or {"fields": []}
        sections = []
        for step in steps_of(snapshot):
            rows = []
            for item in step.items:
                if item["type"] in LAYOUT_TYPES:
                    continue
                name = item["value"].get("name", "")
                if item["type"] == "file":
                    files = _file_entries(submission, name, with_urls=True)
                    if files:
                        rows.append({"label": item["value"].get("label", name), "files": files})
                elif name in submission.answers:
                    value = display_answer(item["type"], submission.answers[name], submission.files, name)
                    rows.append({"label": item["value"].get("label", name), "value": value})
            sections.append({"title": step.title, "rows": rows})
        context.update(snapshot_title=snapshot.get("title", ""), sections=sections,
                       declaration=snapshot.get("declaration", ""))  # fmt: skip
        return context


class SubmissionViewSet(ModelViewSet):
    model = Submission
    name = "eforms_submissions"
    url_prefix = "zlozone-wnioski"
    icon = "form"
    menu_label = _("Złożone wnioski")
    menu_name = "zlozone-wnioski"
    menu_order = 246
    add_to_admin_menu = True
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = SubmissionFilterSet
    search_fields = ["reference"]
    search_backend_name = None  # plain database lookups: submissions are not search-indexed
    list_display = [
        "reference",
        Column("service", label=_("usługa")),
        Column("user", label=_("osoba"), accessor=lambda s: f"{s.user.get_full_name()} ({s.user.email})"),
        DateColumn("created_at", label=_("złożono")),
    ]
    list_per_page = 50
    form_fields = ["reference"]  # required by ModelViewSet; the add/edit views are never routed

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename=get_permission_codename("view", self.model_opts))

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        patterns = [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]
        return [*patterns, path("<int:pk>/plik/<str:name>/<int:index>/", self.download_view, name="download")]

    @property
    def download_view(self):
        return download


def download(request, pk, name, index):
    """Stream an attached file to staff with the view permission, as a download (never rendered inline)."""
    if not SUBMISSION_POLICY.user_has_permission(request.user, "view"):
        raise PermissionDenied
    submission = get_object_or_404(Submission, pk=pk)
    meta = (submission.files or {}).get(name)
    metas = meta if isinstance(meta, list) else [meta] if meta else []
    if index >= len(metas) or not default_storage.exists(metas[index]["path"]):
        raise Http404
    response = FileResponse(
        default_storage.open(metas[index]["path"], "rb"), as_attachment=True, filename=metas[index].get("name")
    )
    response["Cache-Control"] = "private, no-store"
    return response
