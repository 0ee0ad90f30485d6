"""The crisis team's groups (``crisis.roles``): operators and approvers, least privilege.

Permissions are normally created after all migrations (``post_migrate``); on a fresh database they do
not exist yet here, so they are created first for the crisis app from the historical models.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from crisis.roles import crisis_roles_setup

    crisis_config = apps.get_app_config("crisis")
    crisis_config.models_module = True  # historical app configs have none; create_permissions skips those
    create_permissions(crisis_config, apps=apps, verbosity=0)
    crisis_roles_setup(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission")
    )


def remove_roles(apps, schema_editor):
    from crisis.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("crisis", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # after Wagtail grants "choose" on images and documents to every existing group, not to ours
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
