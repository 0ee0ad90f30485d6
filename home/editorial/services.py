"""Writes that set up who may edit, approve and publish which part of the site (Plone-style local roles).

A unit's section is its ``UnitPage`` and everything under it, plus the unit's collection of images and
documents. Two groups work in it:

* ``<jednostka> — redaktorzy``: add and change pages in the section (no publish), add/change/choose
  media in the unit's collection. They publish only through the unit's workflow.
* ``<jednostka> — moderatorzy``: the same plus publish, lock and unlock; they are the approvers of the
  unit's workflow ``Akceptacja — <jednostka>`` and get its e-mails.

``Redakcja centralna`` edits and publishes the whole site and every collection, and is a backup
approver in every unit's workflow (otherwise a page waiting for moderation would be locked for the
central editors too: Wagtail's group approval task locks a page for everyone outside its groups).

Names are derived from the unit (``short name (CODE)``), and every lookup also finds an object by the
unit's code, so renaming a unit renames its groups, collection and workflow instead of duplicating
them. The functions only add what is missing: permissions an administrator granted by hand stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.units.models import OrgUnit

CENTRAL_GROUP = "Redakcja centralna"
UNITS_COLLECTION = "Jednostki"
EDITORS_SUFFIX = "redaktorzy"
MODERATORS_SUFFIX = "moderatorzy"
WORKFLOW_PREFIX = "Akceptacja"
TASK_PREFIX = "Zatwierdzenie przez moderatorów"
DASH = " — "

# Wagtail page permission codenames (``wagtailcore.<action>_page``).
EDITOR_PAGE_ACTIONS = ("add", "change")
MODERATOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
CENTRAL_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
# Collection permissions, per media model.
UNIT_MEDIA_ACTIONS = ("add", "change", "choose")
CENTRAL_MEDIA_ACTIONS = ("add", "change", "choose", "delete")


@dataclass(frozen=True)
class UnitSection:
    """What ``unit_section_setup`` made for one unit."""

    unit: OrgUnit
    unit_page: Page
    editors: Group
    moderators: Group
    collection: Collection
    workflow: Workflow
    task: GroupApprovalTask


def unit_label(unit: OrgUnit) -> str:
    """``Biblioteka Publiczna (MGBP)``; the code alone when the unit has no short name."""
    short = unit.short_name.strip()
    return f"{short} ({unit.code})" if short and short != unit.code else unit.code


def _named(model, *, name: str, code: str, suffix: str = "", **filters):
    """The object called ``name``, or the one named after the unit's code (the unit was renamed).

    Matching by code catches ``… (CODE) — suffix`` and ``CODE — suffix``; the object found is renamed.
    """
    tail = f"{DASH}{suffix}" if suffix else ""
    obj = model.objects.filter(name=name, **filters).first()
    if obj is None:
        obj = (
            model.objects.filter(name__endswith=f"({code}){tail}", **filters).first()
            or model.objects.filter(name=f"{code}{tail}", **filters).first()
        )
        if obj is not None and obj.name != name:
            obj.name = name
            obj.save(update_fields=["name"])
    return obj


def _page_permission(action: str) -> Permission:
    return Permission.objects.get(content_type=ContentType.objects.get_for_model(Page), codename=f"{action}_page")


def _media_permissions(actions) -> list[Permission]:
    perms = []
    for model in (get_image_model(), get_document_model()):
        content_type = ContentType.objects.get_for_model(model)
        perms += [
            Permission.objects.get(content_type=content_type, codename=f"{action}_{model._meta.model_name}")
            for action in actions
        ]
    return perms


def _admin_access() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _grant(group: Group, *, page: Page, page_actions, collection: Collection, media_actions) -> None:
    group.permissions.add(_admin_access())
    for action in page_actions:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_page_permission(action))
    for permission in _media_permissions(media_actions):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def _ensure_group(name: str, *, code: str, suffix: str) -> Group:
    return _named(Group, name=name, code=code, suffix=suffix) or Group.objects.create(name=name)


def _units_collection() -> Collection:
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=UNITS_COLLECTION).first()
    return found or root.add_child(name=UNITS_COLLECTION)


def _unit_collection(unit: OrgUnit, label: str) -> Collection:
    parent = _units_collection()
    children = Collection.objects.child_of(parent)
    found = children.filter(name=label).first() or (
        children.filter(name__endswith=f"({unit.code})").first() or children.filter(name=unit.code).first()
    )
    if found is None:
        return parent.add_child(name=label)
    if found.name != label:
        found.name = label
        found.save(update_fields=["name"])
    return found


def _unit_workflow(unit_page: Page, *, name: str, code: str, approvers: list[Group]) -> tuple:
    """The unit's one-step workflow, attached to its page; returns (workflow, task)."""
    attached = WorkflowPage.objects.filter(page=unit_page).select_related("workflow").first()
    workflow = attached.workflow if attached and attached.workflow.name.startswith(WORKFLOW_PREFIX + DASH) else None
    if workflow is not None and workflow.name != name:
        workflow.name = name
        workflow.save(update_fields=["name"])
    workflow = workflow or _named(Workflow, name=name, code=code)
    if workflow is None:
        workflow = Workflow.objects.create(name=name, active=True)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])

    task_name = f"{TASK_PREFIX}{DASH}{name.split(DASH, 1)[1]}"
    link = WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order").first()
    task = link.task.specific if link and isinstance(link.task.specific, GroupApprovalTask) else None
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if task.name != task_name or not task.active:
        task.name, task.active = task_name, True
        task.save(update_fields=["name", "active"])
    task.groups.add(*approvers)

    WorkflowPage.objects.update_or_create(page=unit_page, defaults={"workflow": workflow})
    return workflow, task


def central_group_ensure() -> Group:
    """The ``Redakcja centralna`` group (permissions are granted by ``central_editors_setup``)."""
    group, _ = Group.objects.get_or_create(name=CENTRAL_GROUP)
    return group


@transaction.atomic
def central_editors_setup(*, home_page: Page) -> Group:
    """``Redakcja centralna``: edit, publish, lock and unlock every page under ``home_page`` and
    manage media in every collection. Idempotent."""
    group = central_group_ensure()
    _grant(
        group,
        page=home_page,
        page_actions=CENTRAL_PAGE_ACTIONS,
        collection=Collection.get_first_root_node(),
        media_actions=CENTRAL_MEDIA_ACTIONS,
    )
    return group


@transaction.atomic
def unit_section_setup(*, unit: OrgUnit, unit_page: Page) -> UnitSection:
    """Give ``unit`` its own section: editors' and moderators' groups, a collection, a workflow.

    Idempotent: a second call finds everything by name (or by the unit's code) and adds only what is
    missing. The workflow is attached to ``unit_page``, so every page below it goes to this unit's
    moderators, never to the site-wide default workflow at the root.
    """
    label = unit_label(unit)
    editors = _ensure_group(f"{label}{DASH}{EDITORS_SUFFIX}", code=unit.code, suffix=EDITORS_SUFFIX)
    moderators = _ensure_group(f"{label}{DASH}{MODERATORS_SUFFIX}", code=unit.code, suffix=MODERATORS_SUFFIX)
    collection = _unit_collection(unit, label)

    _grant(
        editors,
        page=unit_page,
        page_actions=EDITOR_PAGE_ACTIONS,
        collection=collection,
        media_actions=UNIT_MEDIA_ACTIONS,
    )
    _grant(
        moderators,
        page=unit_page,
        page_actions=MODERATOR_PAGE_ACTIONS,
        collection=collection,
        media_actions=UNIT_MEDIA_ACTIONS,
    )
    workflow, task = _unit_workflow(
        unit_page,
        name=f"{WORKFLOW_PREFIX}{DASH}{label}",
        code=unit.code,
        approvers=[moderators, central_group_ensure()],
    )
    return UnitSection(
        unit=unit,
        unit_page=unit_page,
        editors=editors,
        moderators=moderators,
        collection=collection,
        workflow=workflow,
        task=task,
    )
