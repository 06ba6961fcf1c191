from django.db.models.signals import post_save, pre_save

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.signals import page_published

from .models import is_reviewed_page
from .records import flag_unreviewed_changes, keep_unreviewed_flag, medical_page_models
from .shared import mark_pages_changed_since_review, visible_state


def on_page_published(sender, instance, revision, **kwargs):
    if is_reviewed_page(instance):
        flag_unreviewed_changes(instance, revision)


def on_medical_page_saving(sender, instance, raw=False, **kwargs):
    """Not for a row loaded from a fixture: its flag is the one it was dumped with."""
    if raw:
        return
    keep_unreviewed_flag(instance)


def on_media_saving(sender, instance, raw=False, **kwargs):
    """Remember what readers saw of an image or document before this save."""
    if raw:
        return
    if instance.pk is not None:
        stored = sender.objects.filter(pk=instance.pk).first()
        instance._visible_before_save = visible_state(stored) if stored else None


def on_media_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_visible_before_save", None)
    changed = before is not None and before != visible_state(instance)
    if changed and not created:
        mark_pages_changed_since_review([instance])


def register_signal_handlers() -> None:
    page_published.connect(on_page_published, dispatch_uid="review.flag_unreviewed")
    for model in medical_page_models():
        pre_save.connect(
            on_medical_page_saving,
            sender=model,
            dispatch_uid=f"review.keep_unreviewed_flag.{model.__name__}",
        )
    for model in (get_image_model(), get_document_model()):
        pre_save.connect(
            on_media_saving,
            sender=model,
            dispatch_uid=f"review.before.{model.__name__}",
        )
        post_save.connect(
            on_media_saved, sender=model, dispatch_uid=f"review.after.{model.__name__}"
        )
