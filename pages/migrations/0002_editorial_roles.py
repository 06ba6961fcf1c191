"""Editorial roles and workflows: Editors, Medical reviewers and Administrators; the
"Medical review" workflow for condition and therapy sections, doctors and
references; the "Testimonial consent" workflow for testimonials. Wagtail's own
"Moderators" group, which could publish any page and so bypass the medical review,
is removed while nobody is in it.

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
        ("review", "consentapprovaltask", "record_consent_revocation"),
    ],
    REVIEWERS: [
        ("wagtailadmin", "admin", "access"),
        ("snippets", "doctor", "change"),
        ("snippets", "testimonial", "change"),
        ("snippets", "reference", "view"),
        ("review", "consentapprovaltask", "record_consent_revocation"),
    ],
    ADMINISTRATORS: [
        ("wagtailadmin", "admin", "access"),
        ("review", "medicalreviewtask", "correct_review_record"),
        ("review", "consentapprovaltask", "record_consent_revocation"),
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
        *[
            ("snippets", "reference", action)
            for action in ("add", "change", "delete", "publish", "lock", "unlock")
        ],
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


# Permissions that are not add/change/delete/view of a model, with the names their
# models' Meta gives them (Django creates permissions only after all migrations).
NAMED_PERMISSIONS = {
    "access": ("access_admin", "Can access Wagtail admin"),
    "correct_review_record": (
        "correct_review_record",
        "Can correct the medical review record of a page",
    ),
    "record_consent_revocation": (
        "record_consent_revocation",
        "Can record that a patient withdrew consent (takes it down at once)",
    ),
}


def permission(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    codename, name = NAMED_PERMISSIONS.get(
        action, (f"{action}_{model}", f"Can {action} {model}")
    )
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return perm


def create_task(apps, model_name, name, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("review", model_name)
    content_type, _ = ContentType.objects.get_or_create(
        app_label="review", model=model_name.lower()
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

    Group.objects.filter(name="Moderators", user__isnull=True).delete()
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
        ("reference", medical_review),
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
        content_type__app_label="review",
        content_type__model__in=["medicalreviewtask", "consentapprovaltask"],
    ).delete()
    Group.objects.filter(name__in=[REVIEWERS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("review", "0001_initial"),
        ("snippets", "0001_initial"),
        # After Wagtail's initial data (its "Editors" and "Moderators" groups) and
        # the permissions its apps hand to groups with admin access.
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
