"""Editorial roles and workflows: Editors, Medical reviewers and Administrators; the
"Medical review" workflow for condition and therapy sections and doctors; the
"Testimonial consent" workflow for testimonials.

Model permissions are created here when they do not exist yet: Django creates them
only after all migrations have run.
"""

from django.db import migrations

EDITORS = "Editors"
REVIEWERS = "Medical reviewers"
ADMINISTRATORS = "Administrators"
MEDICAL_REVIEW = "Medical review"
TESTIMONIAL_CONSENT = "Testimonial consent"
SECTION_MODELS = ("conditionindexpage", "therapyindexpage")

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    REVIEWERS: ["change_page"],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
# (app_label, model, action); "publish", "lock" and "unlock" exist for snippets
# with draft state and locking.
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "admin", "access"),
        ("snippets", "doctor", "add"),
        ("snippets", "doctor", "change"),
        ("snippets", "testimonial", "add"),
        ("snippets", "testimonial", "change"),
        ("snippets", "reference", "add"),
        ("snippets", "reference", "change"),
        ("snippets", "reference", "delete"),
    ],
    REVIEWERS: [
        ("wagtailadmin", "admin", "access"),
        ("snippets", "doctor", "change"),
        ("snippets", "testimonial", "change"),
        ("snippets", "reference", "view"),
    ],
    ADMINISTRATORS: [
        ("wagtailadmin", "admin", "access"),
        ("pages", "medicalreviewtask", "correct_review_record"),
        ("pages", "clinicsettings", "change"),
        ("auth", "user", "add"),
        ("auth", "user", "change"),
        ("wagtailcore", "workflow", "add"),
        ("wagtailcore", "workflow", "change"),
        ("wagtailcore", "task", "add"),
        ("wagtailcore", "task", "change"),
        *[
            ("snippets", model, action)
            for model in ("doctor", "testimonial")
            for action in ("add", "change", "delete", "publish", "lock", "unlock")
        ],
        ("snippets", "reference", "add"),
        ("snippets", "reference", "change"),
        ("snippets", "reference", "delete"),
    ],
}
COLLECTION_PERMISSIONS = {
    ADMINISTRATORS: [
        ("wagtailimages", "image", action)
        for action in ("add", "change", "delete", "choose")
    ]
    + [
        ("wagtaildocs", "document", action)
        for action in ("add", "change", "delete", "choose")
    ],
}


def permission(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    codename = action if action == "correct_review_record" else f"{action}_{model}"
    if (app_label, model, action) == ("wagtailadmin", "admin", "access"):
        codename = "access_admin"
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action.replace('_', ' ')} {model}"},
    )
    return perm


def create_task(apps, model_name, name, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("pages", model_name)
    content_type, _ = ContentType.objects.get_or_create(
        app_label="pages", model=model_name.lower()
    )
    task = Task.objects.filter(name=name).first()
    if task is None:
        task = Task.objects.create(name=name, content_type=content_type, active=True)
    task.groups.add(*groups)
    return task


def create_workflow(apps, name, task):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )
    return workflow


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (EDITORS, REVIEWERS, ADMINISTRATORS)
    }
    root = Page.objects.filter(depth=1).first()
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            perm = permission(apps, "wagtailcore", "page", codename.rsplit("_", 1)[0])
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root, permission=perm
            )
    # Health content must not go live unreviewed: editors never publish pages.
    GroupPagePermission.objects.filter(
        group=groups[EDITORS], permission__codename="publish_page"
    ).delete()
    for name, triples in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*(permission(apps, *triple) for triple in triples))
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, triples in COLLECTION_PERMISSIONS.items():
            for triple in triples:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name],
                    collection=root_collection,
                    permission=permission(apps, *triple),
                )

    review_task = create_task(
        apps, "MedicalReviewTask", "Medical review by a doctor", [groups[REVIEWERS]]
    )
    medical_review = create_workflow(apps, MEDICAL_REVIEW, review_task)
    consent_task = create_task(
        apps, "ConsentApprovalTask", "Consent check", [groups[REVIEWERS]]
    )
    testimonial_consent = create_workflow(apps, TESTIMONIAL_CONSENT, consent_task)

    for model, workflow in (
        ("doctor", medical_review),
        ("testimonial", testimonial_consent),
    ):
        content_type, _ = ContentType.objects.get_or_create(
            app_label="snippets", model=model
        )
        WorkflowContentType.objects.get_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    # New sections get the workflow from pages.signal_handlers; these exist already.
    sections = Page.objects.filter(
        content_type__app_label="pages", content_type__model__in=SECTION_MODELS
    )
    for section in sections:
        WorkflowPage.objects.get_or_create(
            page=section, defaults={"workflow": medical_review}
        )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name__in=[MEDICAL_REVIEW, TESTIMONIAL_CONSENT]).delete()
    Task.objects.filter(
        content_type__app_label="pages",
        content_type__model__in=["medicalreviewtask", "consentapprovaltask"],
    ).delete()
    Group.objects.filter(name__in=[REVIEWERS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_medical_review"),
        ("snippets", "0002_doctor_user"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
