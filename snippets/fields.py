"""Model fields shared by the snippets (and usable by pages, which import snippets)."""

from django import forms
from django.conf import global_settings
from django.db import models

# Django's own list of language names keyed by code; regional variants
# ("en-gb") are dropped because a doctor speaks "English", not a locale.
LANGUAGE_CHOICES = sorted(
    {(code, name) for code, name in global_settings.LANGUAGES if "-" not in code},
    key=lambda choice: choice[1],
)


class LanguageListField(models.JSONField):
    """A list of ISO 639-1 language codes, edited as a multiple choice.

    Stored as JSON so that it works the same on SQLite and PostgreSQL.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            choices=LANGUAGE_CHOICES,
            required=not self.blank,
            widget=kwargs.get("widget", forms.SelectMultiple),
        )

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
