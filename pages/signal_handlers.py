from django.db.models.signals import post_save

from review.records import assign_review_workflow

from .models import ConditionIndexPage, TherapyIndexPage


def on_section_saved(sender, instance, created, raw=False, **kwargs):
    """A new section gets the review workflow; one loaded from a fixture has its
    workflow rows (or not) in the fixture."""
    if raw:
        return
    if created:
        assign_review_workflow(instance)


def register_signal_handlers() -> None:
    for model in (ConditionIndexPage, TherapyIndexPage):
        post_save.connect(
            on_section_saved,
            sender=model,
            dispatch_uid=f"pages.assign_review_workflow.{model.__name__}",
        )
