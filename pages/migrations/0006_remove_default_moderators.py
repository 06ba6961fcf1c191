from django.db import migrations


def remove_unused_moderators(apps, schema_editor):
    """Wagtail's initial data creates a "Moderators" group that may publish any page.

    Here publishing health content is the medical review workflow's job, so a group
    that bypasses it must not exist. It is removed only while nobody is in it.
    """
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Moderators", user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_editorial_roles"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [
        migrations.RunPython(remove_unused_moderators, migrations.RunPython.noop),
    ]
