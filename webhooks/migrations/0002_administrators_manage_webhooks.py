"""Administrators manage webhook endpoints (the Settings → Webhooks admin); no
other group may: an endpoint decides where the CMS sends requests."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Administrators"
PERMISSIONS = [
    f"{action}_webhookendpoint" for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")

    # Model permissions are normally created after all migrations have run.
    config = apps.get_app_config("webhooks")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None

    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="webhooks", codename__in=PERMISSIONS
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="webhooks", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("pages", "0002_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
