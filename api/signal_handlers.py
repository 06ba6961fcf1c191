"""Keep cached API responses (ours and a CDN's) in step with the content.

Each handler names what changed; ``affected_tags`` works out which cached
responses that touches, through Wagtail's reference index (who shows what).
Tags get new generations at once and again when the transaction commits, so
that a response computed from not-yet-committed data cannot stay cached.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import reverse

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages.models import ClinicSettings
from pages.representations import page_path
from snippets.models import Doctor, Reference, ReferenceAuthor, Testimonial

from .cache import ALL, LISTINGS, invalidate, page_tag


def _page_content_type_id() -> int:
    return ContentType.objects.get_for_model(Page).pk


def referencing_page_ids(objects: Iterable[models.Model], depth: int = 2) -> set[int]:
    """Pages that show any of ``objects``, directly or through an object that does
    (a page shows a doctor, the doctor shows a photo)."""
    page_type = _page_content_type_id()
    page_ids: set[int] = set()
    objects = [obj for obj in objects if obj.pk is not None]
    for _level in range(depth):
        if not objects:
            break
        references = ReferenceIndex.get_references_to_in_bulk(objects)
        others: dict[int, set[str]] = {}
        for base_type, object_id in references.values_list(
            "base_content_type_id", "object_id"
        ).distinct():
            if base_type == page_type:
                page_ids.add(int(object_id))
            else:
                others.setdefault(base_type, set()).add(object_id)
        objects = [
            obj
            for base_type, ids in others.items()
            # None for a content type whose model no longer exists: nothing to purge.
            if (model := ContentType.objects.get_for_id(base_type).model_class())
            for obj in model._default_manager.filter(pk__in=ids)
        ]
    return page_ids


def page_tags(page: Page) -> set[str]:
    """A page, the pages showing it and its translations (their ``alternates``);
    every response when the page has children (their parent and their paths)."""
    tags = {LISTINGS, page_tag(page.pk)}
    tags |= {page_tag(pk) for pk in referencing_page_ids([page])}
    translations = Page.objects.filter(translation_key=page.translation_key)
    tags |= {page_tag(pk) for pk in translations.values_list("pk", flat=True)}
    if not page.is_leaf():
        tags.add(ALL)
    return tags


def object_tags(obj: models.Model) -> set[str]:
    """A snippet, image or document: the pages showing it, and every listing."""
    return {LISTINGS} | {page_tag(pk) for pk in referencing_page_ids([obj])}


def api_urls(tags: Iterable[str]) -> list[str]:
    """The API URLs a CDN may hold for ``tags``: page details, the same pages found
    by path, the default page listing and the site endpoint."""
    base = settings.WAGTAILAPI_BASE_URL.rstrip("/")
    urls = [base + reverse("api:pages:listing"), base + reverse("api:site:detail")]
    page_ids = [int(tag[5:]) for tag in tags if tag.startswith("page:")]
    find = base + reverse("api:pages:find") + "?html_path="
    for page in Page.objects.filter(pk__in=page_ids).defer_streamfields():
        urls.append(base + reverse("api:pages:detail", args=[page.pk]))
        path = page_path(page)
        if path:
            urls.append(find + path)
    return urls


def expire(tags: set[str]) -> None:
    """New generations now and after commit; the CDN is purged after commit."""
    invalidate(tags)

    def after_commit() -> None:
        invalidate(tags)
        if getattr(settings, "WAGTAILFRONTENDCACHE", None):
            PurgeBatch(api_urls(tags)).purge()

    transaction.on_commit(after_commit)


def page_changed(sender, instance, **kwargs) -> None:
    expire(page_tags(instance))


def page_saved(sender, instance, **kwargs) -> None:
    """Any save of a page row: publishing, but also code that edits a live page
    directly (review records, imports) without a publish signal."""
    if isinstance(instance, Page) and not kwargs.get("raw"):
        expire(page_tags(instance))


def page_deleted(sender, instance, **kwargs) -> None:
    # Sent for the base Page row of every deleted page, before the delete: the
    # reference index still knows who links here.
    expire(page_tags(instance))


def page_moved(sender, instance, **kwargs) -> None:
    expire({ALL, LISTINGS})


def object_changed(sender, instance, **kwargs) -> None:
    expire(object_tags(instance))


def object_deleted(sender, instance, **kwargs) -> None:
    expire(object_tags(instance))


def reference_author_changed(sender, instance, **kwargs) -> None:
    expire(object_tags(Reference(pk=instance.reference_id)))


def site_structure_changed(sender, instance, **kwargs) -> None:
    expire({ALL, LISTINGS})


def settings_changed(sender, instance, **kwargs) -> None:
    expire({LISTINGS})


def register_signal_handlers() -> None:
    page_published.connect(page_changed, dispatch_uid="api_cache_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="api_cache_page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="api_cache_page_moved")
    post_save.connect(page_saved, dispatch_uid="api_cache_page_saved")
    pre_delete.connect(page_deleted, sender=Page, dispatch_uid="api_cache_page_deleted")
    for model in (
        Doctor,
        Testimonial,
        Reference,
        get_image_model(),
        get_document_model(),
    ):
        uid = f"api_cache_{model._meta.label_lower}"
        post_save.connect(object_changed, sender=model, dispatch_uid=f"{uid}_saved")
        pre_delete.connect(object_deleted, sender=model, dispatch_uid=f"{uid}_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            reference_author_changed,
            sender=ReferenceAuthor,
            dispatch_uid=f"api_cache_reference_author_{signal is post_save}",
        )
        signal.connect(
            settings_changed,
            sender=ClinicSettings,
            dispatch_uid=f"api_cache_clinic_settings_{signal is post_save}",
        )
        for model in (
            Site,
            Locale,
            PageViewRestriction,
            CollectionViewRestriction,
            Collection,
        ):
            signal.connect(
                site_structure_changed,
                sender=model,
                dispatch_uid=f"api_cache_{model._meta.label_lower}_{signal is post_save}",
            )
