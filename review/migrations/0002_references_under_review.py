"""References join the "Medical review" workflow: an edit to a citation is a draft
until a reviewer approves it. Administrators may publish directly, like pages."""

from django.db import migrations

WORKFLOW = "Medical review"
ADMINISTRATORS = "Administrators"


def put_references_under_review(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    content_type, _ = ContentType.objects.get_or_create(
        app_label="snippets", model="reference"
    )
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is not None:
        WorkflowContentType.objects.get_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    administrators = Group.objects.filter(name=ADMINISTRATORS).first()
    for action in ("publish", "lock", "unlock"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_reference",
            defaults={"name": f"Can {action} reference"},
        )
        if administrators is not None:
            administrators.permissions.add(permission)


def release_references(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="snippets", content_type__model="reference"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("pages", "0005_editorial_roles"),
        ("snippets", "0004_reference_drafts_and_review"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(put_references_under_review, release_references),
    ]
