"""The data protection officer's group: the admin, and reading the access log — nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DPO_GROUP = "Inspektor ochrony danych"


def create_group(apps, schema_editor):
    config = apps.get_app_config("audit")
    config.models_module = True  # historical app configs have none; create_permissions skips those
    create_permissions(config, apps=apps, verbosity=0)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=DPO_GROUP)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
            Permission.objects.get(content_type__app_label="audit", codename="view_accesslogentry"),
        ]
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=DPO_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
