"""Editors and administrators start, sync and export translations.

wagtail-localize's own migration gives "Can submit translations" to the Editors
group only if it exists by then, which depends on the order the migrations run in;
this grants it to the project's roles whatever that order. Translating the strings
needs only the page (or snippet) edit permission, which the roles have already.
"""

from django.db import migrations

GROUPS = ["Editors", "Administrators"]


def grant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permission = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    if permission is None:
        return
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="wagtail_localize",
                codename="submit_translation",
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0009_section_anchor_block"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
