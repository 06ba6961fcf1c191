from wagtail.signals import page_published

from .models import is_reviewed_page
from .records import flag_unreviewed_changes


def on_page_published(sender, instance, revision, **kwargs):
    if is_reviewed_page(instance):
        flag_unreviewed_changes(instance, revision)


def register_signal_handlers() -> None:
    page_published.connect(on_page_published, dispatch_uid="review.flag_unreviewed")
