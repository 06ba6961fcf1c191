"""The words a frontend shows around the content, per language, edited by editors."""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.models import Locale, TranslatableMixin

# Every key of the labels dictionary (``/api/v2/site/`` ``labels``) with its English
# text, which answers for a label an editor left empty. The keys are part of the API
# contract (typed in the OpenAPI document, listed in docs/api.md): add keys, never
# rename one.
LABEL_DEFAULTS: dict[str, str] = {
    "key_facts": "Key facts",
    "on_this_page": "On this page",
    "medically_reviewed_by": "Medically reviewed by",
    "last_reviewed": "Last reviewed",
    "next_review_due": "Next review due",
    "references": "References",
    "faq": "Frequently asked questions",
    "related_pages": "Related topics",
    "drug_name": "Medicine",
    "drug_class": "Class",
    "drug_effect": "What it does",
    "drug_status": "Place in care",
    "drug_safety_note": "Safety note",
    "rehab_therapy": "Therapy",
    "rehab_purpose": "What it does",
    "price_region": "Region",
    "price_amount": "Price",
    "price_note": "Note",
    "price_from": "from",
    "price_up_to": "up to",
    "footnote_marker": "*",
    "book_consultation": "Book a consultation",
    "callback": "Call me back",
    "consultation": "Free online consultation",
}

# Labels that first fall back to the site's clinic settings (their per-site
# fields came before this dictionary), then to the English text.
CLINIC_SETTING_LABELS = {
    "callback": "callback_label",
    "consultation": "consultation_label",
}


def label(key: str, help_text: str) -> models.CharField:
    """A label's field; the help text tells editors what an empty one shows."""
    if key in CLINIC_SETTING_LABELS:
        empty = "the label in the clinic settings"
    else:
        empty = f'"{LABEL_DEFAULTS[key]}"'
    return models.CharField(
        max_length=120, blank=True, help_text=f"{help_text} Empty: {empty}."
    )


class InterfaceLabels(TranslatableMixin, models.Model):
    """The interface labels of one language: one set per locale, so that frontends
    hard-code no words. A label left empty is answered with its English text
    (``LABEL_DEFAULTS``)."""

    key_facts = label("key_facts", "Heading of a condition's key facts.")
    on_this_page = label("on_this_page", "Heading of a page's table of contents.")
    medically_reviewed_by = label(
        "medically_reviewed_by", "Before the reviewing doctor's name."
    )
    last_reviewed = label("last_reviewed", "Before the date of the last review.")
    next_review_due = label("next_review_due", "Before the date of the next review.")
    references = label("references", "Heading of a page's references.")
    faq = label("faq", "Heading of the questions and answers.")
    related_pages = label("related_pages", "Heading of the related pages.")
    drug_name = label("drug_name", "Drug table: the column of names.")
    drug_class = label("drug_class", "Drug table: the column of drug classes.")
    drug_effect = label("drug_effect", "Drug table: the column of descriptions.")
    drug_status = label("drug_status", "Drug table: the column of places in care.")
    drug_safety_note = label("drug_safety_note", "Drug table: before a safety note.")
    rehab_therapy = label("rehab_therapy", "Rehabilitation table: first column.")
    rehab_purpose = label("rehab_purpose", "Rehabilitation table: second column.")
    price_region = label("price_region", "Price table: the column of regions.")
    price_amount = label("price_amount", "Price table: the column of prices.")
    price_note = label("price_note", "Price table: the column of notes.")
    price_from = label("price_from", 'Before an open-ended price ("from €7,000").')
    price_up_to = label("price_up_to", 'Before a highest price ("up to €9,000").')
    footnote_marker = label(
        "footnote_marker", "Marks a price row that the table's footnote explains."
    )
    book_consultation = label("book_consultation", "Button to book a consultation.")
    callback = label("callback", "The call-back button.")
    consultation = label("consultation", "The consultation buttons.")

    class Meta(TranslatableMixin.Meta):
        verbose_name = "interface labels"
        verbose_name_plural = "interface labels"
        constraints = [
            models.UniqueConstraint(
                fields=["locale"], name="unique_interface_labels_per_locale"
            )
        ]

    def __str__(self) -> str:
        return f"Interface labels ({self.locale.get_display_name()})"

    def clean(self) -> None:
        # The admin's form leaves out the locale, so the constraint is not
        # validated there: say it before the database refuses it.
        others = InterfaceLabels.objects.filter(locale_id=self.locale_id)
        if self.locale_id is not None and others.exclude(pk=self.pk).exists():
            raise ValidationError(
                "This language has its interface labels already: edit those."
            )

    @classmethod
    def texts(cls, locale: Locale, clinic=None) -> dict[str, str]:
        """Every key with its text in ``locale``: the editors' text, else the
        clinic settings' label (``CLINIC_SETTING_LABELS``), else the English text."""
        row = cls.objects.filter(locale=locale).first()
        texts = {}
        for key, english in LABEL_DEFAULTS.items():
            text = getattr(row, key, "") if row is not None else ""
            if not text and clinic is not None and key in CLINIC_SETTING_LABELS:
                text = getattr(clinic, CLINIC_SETTING_LABELS[key])
            texts[key] = text or english
        return texts
