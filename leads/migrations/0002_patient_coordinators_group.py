from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Patient coordinators"
LEAD_PERMISSIONS = ["change_lead", "delete_lead", "view_lead"]
# Coordinators talk to patients, so they are often the first to hear that one
# withdrew consent: they may take a testimonial down, and so they may see them.
CONSENT_PERMISSIONS = [
    (
        "review",
        "consentapprovaltask",
        "record_consent_revocation",
        "Can record that a patient withdrew consent (takes it down at once)",
    ),
    ("snippets", "testimonial", "view_testimonial", "Can view testimonial"),
]


def create_coordinators_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")

    # Model permissions are normally created after all migrations have run.
    leads_config = apps.get_app_config("leads")
    leads_config.models_module = True
    create_permissions(leads_config, apps=apps, verbosity=0)
    leads_config.models_module = None

    admin_content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_content_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        access_admin,
        *Permission.objects.filter(
            content_type__app_label="leads", codename__in=LEAD_PERMISSIONS
        ),
        *(
            Permission.objects.get_or_create(
                content_type=ContentType.objects.get_or_create(
                    app_label=app_label, model=model
                )[0],
                codename=codename,
                defaults={"name": name},
            )[0]
            for app_label, model, codename, name in CONSENT_PERMISSIONS
        ),
    )


def remove_coordinators_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0001_initial"),
        ("pages", "0002_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # These give every group with admin access the permission to choose images
        # and documents; coordinators don't need it, so the group comes after them.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [
        migrations.RunPython(create_coordinators_group, remove_coordinators_group),
    ]
