"""Whether a translation is in step with its source: one function for the API, the
admin listing and the reviews-due report.

wagtail-localize keeps, per source object, a ``TranslationSource``: the content it
last extracted (when a translation was started or synced), and a ``Translation``
per target locale. The source is re-extracted only when an editor syncs. So a
translation is outdated when its source has been published since that extraction
with different content: the revision the source was extracted from is no longer
the live one, and what a translator would be offered (segments and shared,
synchronised values) is not the same.

A sync re-extracts the source but leaves the translation's live page as it was:
the translator works on the new segments and the translation is published again
(for a condition or therapy page, by the medical reviewer's approval). Until then
the live translation still shows what was translated from the older source, so it
stays outdated: a translation is current only when it was published after its
source's last extraction.
"""

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.db import models

from wagtail.models import DraftStateMixin, Locale, Page, Revision, TranslatableMixin

from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments.extract import extract_segments

Status = Literal["current", "outdated"]


@dataclass(frozen=True)
class TranslationState:
    source_locale: str
    source_revision: int | None
    status: Status

    @property
    def label(self) -> str:
        """For the admin: listings and the reviews-due report."""
        if self.status == "outdated":
            return f"Outdated: the {self.source_locale} source changed"
        return f"Current with its {self.source_locale} source"

    def as_dict(self) -> dict[str, Any]:
        return {
            "source_locale": self.source_locale,
            "source_revision": self.source_revision,
            "status": self.status,
        }


def translation_source(instance: TranslatableMixin) -> TranslationSource | None:
    """The localize source that ``instance`` is a translation of, if any."""
    translation = (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
        )
        .exclude(source__locale_id=instance.locale_id)
        .select_related("source__locale")
        .first()
    )
    return translation.source if translation is not None else None


def extracted_revision(source: TranslationSource) -> int | None:
    """The live revision of the source object when its content was extracted."""
    return json.loads(source.content_json).get("live_revision")


def translation_label(instance: TranslatableMixin) -> str:
    """The sync state for the admin; empty for an object that is no translation."""
    state = translation_state(instance)
    return state.label if state is not None else ""


def translation_state(instance: TranslatableMixin) -> TranslationState | None:
    """The sync state of a translation; ``None`` for an object that is not one (a
    source, or a page copied into a locale without wagtail-localize)."""
    source = translation_source(instance)
    if source is None:
        return None
    published = _published_at(instance)
    try:
        original = source.get_source_instance()
    except models.ObjectDoesNotExist:
        return _state(source, None, published)
    return _state(
        source, getattr(original, "live_revision_id", None), published, original
    )


def _published_at(instance) -> datetime.datetime | None:
    """When the live content of a translation was saved (``None``: not tracked)."""
    if not isinstance(instance, DraftStateMixin) or instance.live_revision_id is None:
        return None
    return (
        Revision.objects.filter(pk=instance.live_revision_id)
        .values_list("created_at", flat=True)
        .first()
    )


def translation_states(pages: list[Page]) -> dict[int, TranslationState | None]:
    """``translation_state`` of each page, by page id, with four queries for any
    number of pages (plus a content comparison for a page whose source was published
    since its sync)."""
    wanted = {(page.translation_key, page.locale_id): page.pk for page in pages}
    translations = (
        Translation.objects.filter(
            source__object_id__in={key for key, _locale in wanted},
            target_locale_id__in={locale for _key, locale in wanted},
        )
        .exclude(source__locale_id=models.F("target_locale_id"))
        .select_related("source__locale")
    )
    sources = {
        wanted[(t.source.object_id, t.target_locale_id)]: t.source
        for t in translations
        if (t.source.object_id, t.target_locale_id) in wanted
    }
    states: dict[int, TranslationState | None] = dict.fromkeys(wanted.values())
    if not sources:  # sources and untracked copies: nothing more to read
        return states
    live_revisions = {
        (key, locale): revision
        for key, locale, revision in Page.objects.filter(
            translation_key__in={source.object_id for source in sources.values()}
        ).values_list("translation_key", "locale_id", "live_revision_id")
    }
    published = dict(
        Page.objects.filter(pk__in=sources).values_list(
            "pk", "live_revision__created_at"
        )
    )
    for pk, source in sources.items():
        live = live_revisions.get((source.object_id, source.locale_id))
        states[pk] = _state(source, live, published.get(pk))
    return states


def _state(
    source: TranslationSource,
    live_revision: int | None,
    published: datetime.datetime | None,
    original=None,
) -> TranslationState:
    """Outdated when the translation's live content predates the source's last
    extraction (synced, not yet published again), or when the source's live
    revision is not the extracted one and the content a sync would carry differs."""
    revision = extracted_revision(source)
    status: Status = "current"
    if published is not None and published < source.last_updated_at:
        status = "outdated"
    elif live_revision is not None and live_revision != revision:
        if original is None:
            original = source.get_source_instance()
        if isinstance(original, DraftStateMixin) and translatable_content(
            original
        ) != translatable_content(source.as_instance()):
            status = "outdated"
    return TranslationState(
        source_locale=source.locale.language_code,
        source_revision=revision,
        status=status,
    )


def translatable_content(instance: models.Model) -> tuple[list, dict[str, Any]]:
    """What syncing would carry to a translation: the segments offered to
    translators and the values of the shared (synchronised) fields."""
    shared = {}
    for field in get_translatable_fields(type(instance)):
        model_field = field.get_field(type(instance))
        if not field.is_synchronized(instance) or not model_field.concrete:
            continue
        shared[model_field.name] = model_field.value_to_string(instance)
    return extract_segments(instance), shared


class InvalidStringTranslation(ValueError):
    """A translated string wagtail-localize would not use (its markup or its links
    differ from the source string's)."""


@dataclass
class TranslationResult:
    translation: Translation
    target: TranslatableMixin
    changed: bool
    missing: list[str]


def translate(
    instance: TranslatableMixin,
    locale: Locale,
    strings: Mapping[str, str],
    user=None,
) -> TranslationResult:
    """Translate ``instance`` into ``locale`` with wagtail-localize, as a translator
    would: sync its source (start the translation the first time), enter the
    translations of its strings (``strings``, keyed by the source string as
    localize segments it, inline tags as ``<a id="a1">``), then save and publish
    the target. Strings left out fall back to the source text.

    Nothing is written again when the source, the strings and the live target are
    already in step, so running it twice changes nothing.

    Unlike ``Translation.save_target(publish=True)``, which publishes when the
    outermost transaction commits, the target is published before this returns:
    callers (the demo loader, tests) run inside a transaction and read it back.
    """
    source, source_changed = TranslationSource.update_or_create_from_instance(instance)
    translation, created = Translation.objects.get_or_create(
        source=source, target_locale=locale
    )
    changed = source_changed or created
    missing = []
    segments = StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    )
    for segment in segments:
        text = strings.get(segment.string.data)
        if text is None:
            missing.append(segment.string.data)
            continue
        string_translation, made = StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": "manual", "tool_name": ""},
        )
        if not made and string_translation.data != text:
            string_translation.data = text
            string_translation.has_error = False
            string_translation.save()
            made = True
        if string_translation.has_error:
            raise InvalidStringTranslation(
                f"{instance}: the translation of {segment.string.data!r} into "
                f"{locale.language_code} keeps neither its markup nor its links."
            )
        changed = changed or made
    target = _translated(source, locale)
    in_step = target is not None and (
        not isinstance(target, DraftStateMixin)
        or (target.live and not target.has_unpublished_changes)
    )
    if changed or not in_step:
        publishes = isinstance(instance, DraftStateMixin)
        translation.save_target(user=user, publish=not publishes)
        target = _translated(source, locale)
        if publishes and target is not None:
            target.get_latest_revision().publish(user=user)
            target = _translated(source, locale)
    assert target is not None  # noqa: S101 - save_target created it
    return TranslationResult(translation, target, changed, missing)


def _translated(source: TranslationSource, locale: Locale):
    try:
        target = source.get_translated_instance(locale)
    except models.ObjectDoesNotExist:
        return None
    return target.specific if isinstance(target, Page) else target
