"""Demo translations: German and Italian versions of part of the demo site.

Each file in ``data/translations/`` is one language: the doctors, testimonials
and pages it translates and a dictionary of translations keyed by the English source string,
as wagtail-localize segments it (a PO file's ``msgid`` → ``msgstr``, in YAML).
They are applied through wagtail-localize (``cms.translations.translate``), so the
translations are real ones: a ``TranslationSource`` per object, a ``Translation``
per language with its sync state, and a ``StringTranslation`` per segment, which
editors can go on translating, export as PO or sync in the admin.

Doctors and testimonials come first, so that the pages' choosers (the call to
action's advisor, a testimonials block) point to their translations. Pages follow
in tree order: a page is translated under its translated parent. A translated
condition page's *Testimonials* field is then pointed at the testimonials'
translations, as an editor would choose them: wagtail-localize copies the English
choices when it creates the page and never synchronises many-to-many fields.
"""

from pathlib import Path
from typing import Any

from wagtail.models import Locale, Page

import yaml

from cms.translations import InvalidStringTranslation, translate
from snippets.models import Doctor, Testimonial

from ..models import ConditionPage
from .mapping import DemoDataError

KEYS = {"locale", "doctors", "testimonials", "pages", "strings"}


def read_translations(directory: Path) -> list[dict[str, Any]]:
    """Every language file in ``directory``, in file-name order (none if absent)."""
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    languages = []
    for path in files:
        with path.open(encoding="utf-8") as stream:
            content = yaml.safe_load(stream) or {}
        unknown = set(content) - KEYS
        if unknown or "locale" not in content:
            raise DemoDataError(
                f"translations/{path.name}: give a locale; unknown keys: "
                f"{', '.join(sorted(unknown)) or 'none'}."
            )
        strings = content.get("strings") or {}
        if not all(isinstance(value, str) for value in strings.values()):
            raise DemoDataError(f"translations/{path.name}: every string is text.")
        languages.append({**content, "strings": strings, "_file": path.name})
    return languages


class TranslationLoader:
    """The translation step of ``DemoLoader`` (it provides ``registry``, ``tally``,
    ``default_locale``, ``execute`` and ``edit_action``)."""

    def load_translations(self, directory: Path) -> None:
        for language in read_translations(directory):
            where = f"translations/{language['_file']}"
            locale = Locale.objects.filter(language_code=language["locale"]).first()
            if locale is None or locale == self.default_locale:
                raise DemoDataError(
                    f"{where}: {language['locale']!r} is not a configured "
                    "translation language."
                )
            for name in language.get("doctors") or []:
                doctor = self.demo_object(Doctor, "doctor", name, where)
                self.apply_translation(doctor, locale, language["strings"], where)
            for name in language.get("testimonials") or []:
                testimonial = self.demo_object(Testimonial, "testimonial", name, where)
                self.apply_translation(testimonial, locale, language["strings"], where)
            paths = sorted(
                language.get("pages") or [], key=lambda path: path.count("/")
            )
            for path in paths:
                page = self.demo_object(Page, "page", path, where).specific
                self.apply_translation(page, locale, language["strings"], where)

    def demo_object(self, model, kind: str, key: str, where: str):
        pk = self.registry.keys.get(kind, {}).get(key)
        if pk is None:
            raise DemoDataError(f"{where}: no demo {kind} {key!r} to translate.")
        return model.objects.get(pk=pk)

    def apply_translation(self, instance, locale, strings, where: str) -> None:
        try:
            result = translate(instance, locale, strings)
        except InvalidStringTranslation as error:
            raise DemoDataError(f"{where}: {error}") from error
        linked = isinstance(instance, ConditionPage) and (
            self.link_translated_testimonials(instance, result.target, locale, where)
        )
        category = f"translations ({locale.language_code})"
        self.tally.add(category, "updated" if result.changed or linked else "unchanged")

    def link_translated_testimonials(
        self, source: ConditionPage, page: ConditionPage, locale, where: str
    ) -> bool:
        """Choose in ``page`` (the translation of ``source`` into ``locale``) the
        translations of the testimonials ``source`` chooses, or the source record
        where there is none; publish the page if its choice changes."""
        wanted = {
            (testimonial.get_translation_or_none(locale) or testimonial).pk
            for testimonial in source.testimonials.all()
        }
        current = page.get_latest_revision_as_object()
        if {testimonial.pk for testimonial in current.testimonials.all()} == wanted:
            return False
        current.testimonials = sorted(wanted)
        self.execute(self.edit_action(current), where)
        return True
