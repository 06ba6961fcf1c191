"""Model fields shared by the snippets (and usable by pages, which import snippets)."""

from django import forms
from django.conf import global_settings, settings
from django.db import models

# Django's own list of language names keyed by code; regional variants
# ("en-gb") are dropped because a doctor speaks "English", not a locale.
LANGUAGE_CHOICES = sorted(
    {(code, name) for code, name in global_settings.LANGUAGES if "-" not in code},
    key=lambda choice: choice[1],
)


class LanguageListField(models.JSONField):
    """A list of ISO 639-1 language codes, edited as checkboxes.

    Stored as JSON so that it works the same on SQLite and PostgreSQL. The site's
    languages and those already recorded on any row come first, as a short list;
    the other languages follow in their own group, so that an editor ticks the
    usual ones without scrolling through a long multi-select.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            choices=self.grouped_choices,
            required=not self.blank,
            widget=kwargs.get("widget", forms.CheckboxSelectMultiple),
        )

    def grouped_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Evaluated when a form is shown, so that the short list is current."""
        usual = {
            code.split("-")[0] for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        }
        for codes in self.model._default_manager.values_list(self.attname, flat=True):
            usual.update(codes or [])
        return [
            ("Usual languages", [c for c in LANGUAGE_CHOICES if c[0] in usual]),
            ("Other languages", [c for c in LANGUAGE_CHOICES if c[0] not in usual]),
        ]

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        valid = {code for code, _name in LANGUAGE_CHOICES}
        unknown = [code for code in value or [] if code not in valid]
        if unknown:
            raise forms.ValidationError(
                "Unknown language code(s): %(codes)s.",
                params={"codes": ", ".join(unknown)},
                code="invalid_language",
            )
