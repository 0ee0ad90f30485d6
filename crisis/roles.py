"""The two roles of the crisis team, as Django groups with the least permissions each needs.

* **operators** compose alerts and submit them; they see the areas, templates, subscriptions and
  deliveries they need for that, and change none of them;
* **approvers** may do all of that and also approve or reject, keep the areas and templates, and
  import a list of subscribers (with the consents' source).

Nobody but the administrators may delete an alert, an area or a subscription: an alert's history is
evidence of what the office told residents and when. Created by the data migration
``0002_crisis_roles`` and re-applied (idempotently) by the demo seeder. A change to the lists below
needs a new data migration that calls ``crisis_roles_setup`` again, so that installed databases get it.
"""

from __future__ import annotations

OPERATORS = "Zarządzanie kryzysowe — operatorzy"
APPROVERS = "Zarządzanie kryzysowe — zatwierdzający"

#: (app_label, codename) per group
OPERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("crisis", "add_alert"),
    ("crisis", "change_alert"),
    ("crisis", "view_alert"),
    ("crisis", "view_alertarea"),
    ("crisis", "view_alerttemplate"),
    ("crisis", "view_subscription"),
    ("crisis", "view_broadcast"),
    ("crisis", "view_delivery"),
]
APPROVER_PERMISSIONS = OPERATOR_PERMISSIONS + [
    ("crisis", "approve_alert"),
    ("crisis", "add_alertarea"),
    ("crisis", "change_alertarea"),
    ("crisis", "add_alerttemplate"),
    ("crisis", "change_alerttemplate"),
    ("crisis", "add_subscription"),  # the import of a list with its consents (docs/crisis-subscriptions.md)
]
ROLES = {OPERATORS: OPERATOR_PERMISSIONS, APPROVERS: APPROVER_PERMISSIONS}


def crisis_roles_setup(*, group_model=None, permission_model=None) -> dict:
    """Create both groups and give each exactly its permissions (adds missing ones, removes others).

    The models are parameters so the data migration can pass its historical ones."""
    if group_model is None or permission_model is None:
        from django.contrib.auth.models import Group, Permission

        group_model, permission_model = group_model or Group, permission_model or Permission
    groups = {}
    for name, wanted in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        permissions = [
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        current = set(group.permissions.values_list("pk", flat=True))
        if current != {permission.pk for permission in permissions}:
            group.permissions.set(permissions)
        groups[name] = group
    return groups
