"""Staff who handle cases get into the back office: ``is_staff`` and the group "Sprawy — pracownicy",
which holds only Wagtail's "access admin" permission. What they see there is decided by their
``CaseWorker`` rows (``selectors.staff_roles``), not by the group.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import CaseWorker

CASE_STAFF_GROUP = "Sprawy — pracownicy"


def case_staff_group() -> Group:
    group, _created = Group.objects.get_or_create(name=CASE_STAFF_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def case_worker_grant_access(*, user) -> None:
    """Let a case worker sign in to the admin (idempotent)."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(case_staff_group())


@receiver(post_save, sender=CaseWorker, dispatch_uid="cases_worker_grant_access")
def _on_case_worker_saved(sender, instance: CaseWorker, created: bool, raw: bool = False, **kwargs):
    if not raw:
        case_worker_grant_access(user=instance.user)
