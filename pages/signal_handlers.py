from django.db.models.signals import post_save

from wagtail.signals import page_published

from .models import ConditionIndexPage, MedicalPage, TherapyIndexPage
from .review import assign_review_workflow, flag_unreviewed_changes


def on_page_published(sender, instance, revision, **kwargs):
    if isinstance(instance, MedicalPage):
        flag_unreviewed_changes(instance, revision)


def on_section_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_review_workflow(instance)


def register_signal_handlers() -> None:
    page_published.connect(on_page_published, dispatch_uid="pages.flag_unreviewed")
    for model in (ConditionIndexPage, TherapyIndexPage):
        post_save.connect(
            on_section_saved,
            sender=model,
            dispatch_uid=f"pages.assign_review_workflow.{model.__name__}",
        )
