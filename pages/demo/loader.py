"""Load the demo clinic site from the YAML files in ``data/``.

Everything goes through Wagtail's own actions (create, edit, publish), so the demo
is validated, revisioned and logged as an editor's work would be. Loading is
idempotent: an object whose latest revision already holds what the YAML describes
is left alone; one that differs gets a new revision, which is published.

The data files are read in name order and may hold these top-level keys:

- ``collection``: the image collection's name; ``images``: images to draw.
- ``home``: the site's root page; ``pages``: pages, each with a ``path`` of slugs
  below the home page; ``settings``: site settings for the default site.
- ``snippets``: ``{model, identity, objects}`` groups.

Translations into the other languages are in ``data/translations/``, one file per
language, applied through wagtail-localize (see ``translations``).

References between objects are ``{kind: key}`` mappings resolved to primary keys.
An object whose references are not created yet waits for a later pass, so the
order of objects in the files does not matter. Cycles (therapy pages link to
each other) are broken as an editor would break them: one object is saved as a
draft without the missing references, then completed and published once its
targets exist. This costs an extra revision on the first load only.
"""

from collections import Counter
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction

from wagtail.actions import (
    CreateAction,
    EditAction,
    EditPageAction,
)
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import (
    Collection,
    DraftStateMixin,
    Locale,
    Page,
    RevisionMixin,
    TranslatableMixin,
)

import yaml

from ..models import InterfaceLabels
from .images import ImageSpec, render
from .mapping import (
    DemoDataError,
    Registry,
    Unresolved,
    apply_fields,
    comparable,
    format_errors,
)
from .page_tree import PageTreeLoader
from .translations import TranslationLoader

DATA_DIR = Path(__file__).resolve().parent / "data"
TOP_LEVEL_KEYS = {
    "collection",
    "images",
    "home",
    "pages",
    "settings",
    "snippets",
    "labels",
}


class Tally:
    """What happened to each kind of object, for the command's summary."""

    def __init__(self):
        self.counts: dict[str, Counter] = {}
        self.notes: list[str] = []

    def add(self, category: str, outcome: str) -> None:
        self.counts.setdefault(category, Counter())[outcome] += 1

    @property
    def changed(self) -> bool:
        return bool(self.notes) or any(
            counter["created"] or counter["updated"] for counter in self.counts.values()
        )

    def lines(self) -> list[str]:
        lines = []
        for category, counter in self.counts.items():
            parts = [
                f"{counter[outcome]} {outcome}"
                for outcome in ("created", "updated", "unchanged")
                if counter[outcome]
            ]
            lines.append(f"  {category}: {', '.join(parts)}")
        return lines + [f"  {note}" for note in self.notes]


def read_data(data_dir: Path) -> dict[str, Any]:
    """Every YAML file in ``data_dir``, merged in file-name order."""
    merged: dict[str, Any] = {"images": [], "pages": [], "snippets": []}
    files = sorted(data_dir.glob("*.yaml"))
    if not files:
        raise DemoDataError(f"No demo data files in {data_dir}.")
    for path in files:
        with path.open(encoding="utf-8") as stream:
            content = yaml.safe_load(stream) or {}
        unknown = set(content) - TOP_LEVEL_KEYS
        if unknown:
            raise DemoDataError(
                f"{path.name}: unknown top-level keys {', '.join(sorted(unknown))}."
            )
        for key, value in content.items():
            if key in ("images", "pages", "snippets"):
                merged[key].extend(
                    {**item, "_file": path.name} for item in (value or [])
                )
            elif key in merged:
                raise DemoDataError(f"{path.name}: {key!r} is already defined.")
            else:
                merged[key] = value
    for required in ("collection", "home"):
        if required not in merged:
            raise DemoDataError(f"The demo data has no {required!r}.")
    return merged


class DemoLoader(TranslationLoader, PageTreeLoader):
    def __init__(self, data_dir: Path = DATA_DIR, image_scale: float = 1.0):
        if not 0 < image_scale <= 1:
            raise DemoDataError("The image scale must be above 0 and at most 1.")
        self.data = read_data(data_dir)
        self.data_dir = data_dir
        self.image_scale = image_scale
        self.registry = Registry()
        self.tally = Tally()
        self.created_now: set[tuple[str, str]] = set()
        self.written_files: list[str] = []

    def run(self) -> Tally:
        """Load everything in one transaction; on failure nothing is kept."""
        try:
            with transaction.atomic():
                self.load_locales()
                self.load_images()
                pending = self.load_snippets()
                self.load_home()
                self.load_pages()
                for group, entry in pending:
                    self.sync_snippet(group, entry, final=True)
                self.stamp_review_records()
                # After the review records: they are part of what localize
                # extracts, and a later change to them would count as a new source.
                self.load_translations(self.data_dir / "translations")
                self.stamp_translation_reviews()
                self.load_settings()
                self.load_labels()
        except BaseException:
            self.remove_written_files()
            raise
        return self.tally

    def remove_written_files(self) -> None:
        storage = get_image_model()._meta.get_field("file").storage
        for name in self.written_files:
            storage.delete(name)

    # Locales and images

    def load_locales(self) -> None:
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            _locale, created = Locale.objects.get_or_create(language_code=code)
            self.tally.add("locales", "created" if created else "unchanged")
        self.default_locale = Locale.get_default()

    def demo_collection(self) -> Collection:
        name = self.data["collection"]
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=name).first()
        if collection is None:
            collection = root.add_child(name=name)
            self.tally.add("collections", "created")
        else:
            self.tally.add("collections", "unchanged")
        return collection

    def load_images(self) -> None:
        collection = self.demo_collection()
        image_model = get_image_model()
        for data in self.data["images"]:
            try:
                spec = ImageSpec.from_data(
                    {key: value for key, value in data.items() if key != "_file"}
                )
            except (KeyError, ValueError, TypeError) as error:
                raise DemoDataError(f"{data['_file']}: image {error}") from error
            image = image_model.objects.filter(
                collection=collection, title=spec.title
            ).first()
            if image is None:
                image = self.create_image(spec, collection)
                self.tally.add("images", "created")
            elif image.description != spec.description:
                image.description = spec.description
                self.execute(EditAction(image), f"image {spec.key}")
                self.tally.add("images", "updated")
            else:
                self.tally.add("images", "unchanged")
            self.registry.add("image", spec.key, image.pk)

    def create_image(self, spec: ImageSpec, collection: Collection):
        content = render(spec, scale=self.image_scale)
        upload = SimpleUploadedFile(spec.filename, content, content_type="image/jpeg")
        # The admin's upload field: format, size and pixel-count limits.
        try:
            WagtailImageField().clean(upload)
        except ValidationError as error:
            raise DemoDataError(
                f"Image {spec.key}: {' '.join(error.messages)}"
            ) from error
        image = get_image_model()(
            title=spec.title, description=spec.description, collection=collection
        )
        image.file.save(spec.filename, ContentFile(content), save=False)
        self.written_files.append(image.file.name)
        image._set_image_file_metadata()
        return self.execute(CreateAction(image), f"image {spec.key}")

    # Snippets

    def load_snippets(self) -> list[tuple[dict, dict]]:
        """Sync every snippet whose references exist; return those that must wait for
        pages, after saving them as drafts so that pages can choose them."""
        pending = []
        for group in self.data["snippets"]:
            for entry in group.get("objects") or []:
                try:
                    self.sync_snippet(group, entry)
                except Unresolved:
                    pending.append((group, entry))
        for group, entry in pending:
            self.ensure_draft(group, entry)
        return pending

    def snippet_model(self, group: dict) -> type[models.Model]:
        try:
            return apps.get_model(group["model"])
        except (KeyError, LookupError, ValueError) as error:
            raise DemoDataError(
                f"{group['_file']}: unknown snippet model {group.get('model')!r}."
            ) from error

    def snippet_identity(self, group: dict, entry: dict) -> tuple[str, dict]:
        identity = group.get("identity")
        names = [identity] if isinstance(identity, str) else list(identity or [])
        if not names:
            raise DemoDataError(f"{group['_file']}: say which field is the identity.")
        missing = [name for name in names if name not in entry]
        if missing:
            raise DemoDataError(
                f"{group['_file']}: an object has no {', '.join(missing)}: {entry!r}"
            )
        lookup = {name: entry[name] for name in names}
        key = str(entry.get("key") or " ".join(str(value) for value in lookup.values()))
        return key, lookup

    def find_snippet(self, model, lookup: dict):
        queryset = model.objects.filter(**lookup)
        if issubclass(model, TranslatableMixin):
            queryset = queryset.filter(locale=self.default_locale)
        return queryset.first()

    def new_snippet(self, model):
        instance = model()
        if isinstance(instance, TranslatableMixin):
            instance.locale = self.default_locale
        return instance

    def sync_snippet(self, group: dict, entry: dict, final: bool = False) -> None:
        model = self.snippet_model(group)
        key, lookup = self.snippet_identity(group, entry)
        fields = {name: value for name, value in entry.items() if name != "key"}
        where = f"{group['_file']}: {model._meta.verbose_name} {key!r}"
        category = str(model._meta.verbose_name_plural)
        kind = model._meta.model_name
        try:
            existing = self.find_snippet(model, lookup)
            if existing is None:
                instance = self.new_snippet(model)
                apply_fields(instance, fields, self.registry, where)
                instance = self.execute(self.create_action(instance), where)
                self.tally.add(category, "created")
                self.created_now.add((kind, key))
            else:
                outcome = self.update(existing, fields, where, self.edit_action)
                if (kind, key) not in self.created_now:
                    self.tally.add(category, outcome)
                instance = existing
        except Unresolved as unresolved:
            if final:
                raise DemoDataError(f"{where}: no such {unresolved}.") from unresolved
            raise
        self.registry.add(kind, key, instance.pk)

    def ensure_draft(self, group: dict, entry: dict) -> None:
        """Make a snippet choosable before the pages it names exist."""
        model = self.snippet_model(group)
        key, lookup = self.snippet_identity(group, entry)
        where = f"{group['_file']}: {model._meta.verbose_name} {key!r}"
        instance = self.find_snippet(model, lookup)
        if instance is None:
            if not issubclass(model, DraftStateMixin):
                raise DemoDataError(
                    f"{where} refers to objects that do not exist yet, and "
                    f"{model._meta.verbose_name_plural} cannot be saved as drafts."
                )
            instance = self.new_snippet(model)
            fields = {name: value for name, value in entry.items() if name != "key"}
            apply_fields(instance, fields, self.registry, where, skip_unresolved=True)
            self.execute(CreateAction(instance, clean=True), where)
            self.tally.add(str(model._meta.verbose_name_plural), "created")
            self.created_now.add((model._meta.model_name, key))
        self.registry.add(model._meta.model_name, key, instance.pk)

    @staticmethod
    def create_action(instance):
        return CreateAction(instance, publish=isinstance(instance, DraftStateMixin))

    @staticmethod
    def edit_action(instance):
        if isinstance(instance, Page):
            return EditPageAction(instance, publish=True)
        return EditAction(instance, publish=isinstance(instance, DraftStateMixin))

    def update(self, existing, fields: dict, where: str, action_for) -> str:
        """Bring ``existing`` in line with ``fields``; return what happened.

        The comparison is made against the latest revision (a draft, if an editor
        saved one), after cleaning, so values the models normalise (a DOI, a
        section anchor) compare as stored.
        """
        names = list(fields)
        current = (
            existing.get_latest_revision_as_object()
            if isinstance(existing, RevisionMixin) and existing.latest_revision_id
            else existing
        )
        before = comparable(current, names)
        apply_fields(current, fields, self.registry, where)
        self.full_clean(current, where)
        if comparable(current, names) != before:
            self.execute(action_for(current), where)
            return "updated"
        if isinstance(existing, DraftStateMixin) and (
            not existing.live or existing.has_unpublished_changes
        ):
            # The content is right but a draft of it is waiting: publish it.
            existing.latest_revision.publish()
            return "updated"
        return "unchanged"

    # Settings

    def load_settings(self) -> None:
        for label, fields in (self.data.get("settings") or {}).items():
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError) as error:
                raise DemoDataError(f"Unknown settings model {label!r}.") from error
            where = f"settings {label}"
            existing = model.objects.filter(site=self.site).first()
            category = "site settings"
            if existing is None:
                instance = model(site=self.site)
                apply_fields(instance, fields, self.registry, where)
                self.execute(CreateAction(instance), where)
                self.tally.add(category, "created")
            else:
                self.tally.add(
                    category, self.update(existing, fields, where, EditAction)
                )

    def load_labels(self) -> None:
        """The interface labels of each language (``labels``: language code ->
        texts), one set per locale; the sets share a translation key, as
        translations of the default language's set."""
        texts_by_language = self.data.get("labels") or {}
        source = InterfaceLabels.objects.filter(locale=self.default_locale).first()
        for code in sorted(
            texts_by_language, key=lambda c: c != settings.LANGUAGE_CODE
        ):
            where = f"labels {code}"
            locale = Locale.objects.filter(language_code=code).first()
            if locale is None:  # a language CLINIC_LANGUAGES leaves out
                self.tally.notes.append(f"{where}: not a configured language, skipped")
                continue
            existing = InterfaceLabels.objects.filter(locale=locale).first()
            if existing is None:
                instance = InterfaceLabels(locale=locale)
                if source is not None:
                    instance.translation_key = source.translation_key
                apply_fields(instance, texts_by_language[code], self.registry, where)
                self.full_clean(instance, where)
                self.execute(CreateAction(instance), where)
                self.tally.add("interface labels", "created")
            else:
                instance = existing
                self.tally.add(
                    "interface labels",
                    self.update(existing, texts_by_language[code], where, EditAction),
                )
            if locale == self.default_locale:
                source = instance

    # Helpers

    def full_clean(self, instance, where: str) -> None:
        try:
            instance.full_clean()
        except ValidationError as error:
            raise DemoDataError(
                f"{where} is not valid: {format_errors(error)}"
            ) from error

    def execute(self, action, where: str):
        """Run a Wagtail action as the system (no user), reporting invalid data."""
        try:
            result = action.execute(skip_permission_checks=True)
        except ValidationError as error:
            raise DemoDataError(
                f"{where} is not valid: {format_errors(error)}"
            ) from error
        return getattr(action, "instance", None) if result is None else result
