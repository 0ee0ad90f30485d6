"""Wagtail groups of a school: its teachers write the school's notices and nothing else.

"Nauczyciele — <symbol>" may enter the admin and add, edit and publish pages under the school's
SchoolPage (whose only allowed children are SchoolNoticePages); "Dyrekcja — <symbol>" the same.
Gradebook rights do not come from groups: they come from ``SchoolStaff`` and ``TeachingAssignment``.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from .models import SchoolPage, SchoolStaff

PAGE_ACTIONS = ("add", "change", "publish")


def group_name(*, school, role: str) -> str:
    prefix = "Dyrekcja" if role == SchoolStaff.Role.HEAD else "Nauczyciele"
    return f"{prefix} — {school.unit.code}"


@transaction.atomic
def school_groups_setup(*, school_page: SchoolPage) -> dict[str, Group]:
    """Create (or complete) the school's two groups with page permissions on its SchoolPage."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    page_type = ContentType.objects.get_for_model(Page)
    groups = {}
    for role in SchoolStaff.Role.values:
        group, _created = Group.objects.get_or_create(name=group_name(school=school_page.school, role=role))
        group.permissions.add(access)
        for action in PAGE_ACTIONS:
            permission = Permission.objects.get(content_type=page_type, codename=f"{action}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=school_page, permission=permission)
        groups[role] = group
    return groups


@transaction.atomic
def school_staff_sync_groups(*, school) -> int:
    """Put every member of the school's staff in the group of their role; returns how many were added."""
    added = 0
    groups = {g.name: g for g in Group.objects.filter(name__endswith=f"— {school.unit.code}")}
    for member in SchoolStaff.objects.filter(school=school).select_related("user"):
        group = groups.get(group_name(school=school, role=member.role))
        if group is not None and not member.user.groups.filter(pk=group.pk).exists():
            member.user.groups.add(group)
            added += 1
    return added
