"""The two staff roles of the participatory budget, as Django groups with the least permissions.

* **coordinators** keep editions, pools and categories, assign proposals to evaluators, decide
  appeals, enter and accept paper ballots, compute and publish results;
* **evaluators** see and assess the proposals assigned to them (formal and merit checks) and enter
  paper ballots (a paper ballot counts only after *another* person accepts it).

Created by the data migration ``0002_budget_roles`` and re-applied by the demo seeder.
"""

from __future__ import annotations

COORDINATORS = "Budżet obywatelski — koordynatorzy"
EVALUATORS = "Budżet obywatelski — oceniający"

EVALUATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("budget", "evaluate_proposal"),
    ("budget", "enter_paper_ballot"),
]
COORDINATOR_PERMISSIONS = EVALUATOR_PERMISSIONS + [
    ("budget", "coordinate_budget"),
    ("budget", "add_edition"),
    ("budget", "change_edition"),
    ("budget", "view_edition"),
    ("budget", "add_category"),
    ("budget", "change_category"),
    ("budget", "view_category"),
]
ROLES = {COORDINATORS: COORDINATOR_PERMISSIONS, EVALUATORS: EVALUATOR_PERMISSIONS}


def budget_roles_setup(*, group_model=None, permission_model=None) -> dict:
    """Create both groups with exactly their permissions; models are parameters for the migration."""
    if group_model is None or permission_model is None:
        from django.contrib.auth.models import Group, Permission

        group_model, permission_model = group_model or Group, permission_model or Permission
    groups = {}
    for name, wanted in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        permissions = [
            permission_model.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted
        ]
        group.permissions.set(permissions)
        groups[name] = group
    return groups
