"""The medical review tasks move here from ``pages``: the tables are renamed and
their content types (and so the tasks' rows and the review-record permission) follow."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("medicalreviewtask", "consentapprovaltask")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label="pages", model=model)
        if old.exists():
            ContentType.objects.filter(app_label="review", model=model).delete()
            old.update(app_label="review")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="review", model__in=MOVED).update(
        app_label="pages"
    )


def task_fields():
    return [
        (
            "task_ptr",
            models.OneToOneField(
                auto_created=True,
                on_delete=django.db.models.deletion.CASCADE,
                parent_link=True,
                primary_key=True,
                serialize=False,
                to="wagtailcore.task",
            ),
        ),
        (
            "groups",
            models.ManyToManyField(
                help_text="Pages/snippets at this step in a workflow will be moderated or approved by these groups of users",
                to="auth.group",
                verbose_name="groups",
            ),
        ),
    ]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pages", "0006_remove_default_moderators"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ConsentApprovalTask",
                    fields=task_fields(),
                    options={
                        "verbose_name": "consent approval task",
                        "verbose_name_plural": "consent approval tasks",
                        "db_table": "pages_consentapprovaltask",
                    },
                    bases=("wagtailcore.task",),
                ),
                migrations.CreateModel(
                    name="MedicalReviewTask",
                    fields=task_fields(),
                    options={
                        "verbose_name": "medical review task",
                        "verbose_name_plural": "medical review tasks",
                        "permissions": [
                            (
                                "correct_review_record",
                                "Can correct the medical review record of a page",
                            )
                        ],
                        "db_table": "pages_medicalreviewtask",
                    },
                    bases=("wagtailcore.task",),
                ),
            ],
        ),
        migrations.AlterModelTable(name="consentapprovaltask", table=None),
        migrations.AlterModelTable(name="medicalreviewtask", table=None),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
