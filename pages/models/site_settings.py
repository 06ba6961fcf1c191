from django.db import models

from wagtail import blocks
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from ..blocks.content import SiteEmergencyNumbersStreamBlock


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(
        choices=[
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("youtube", "YouTube"),
            ("linkedin", "LinkedIn"),
            ("x", "X (Twitter)"),
        ]
    )
    url = blocks.URLBlock()

    class Meta:
        icon = "site"
        label = "Social link"


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    clinic_name = models.CharField(
        max_length=120,
        default="Clinic",
        help_text="Shown in the footer and structured data.",
    )
    contact_phone = models.CharField(
        max_length=30,
        blank=True,
        help_text="International format, e.g. +41 22 508 71 72. Shown on every page.",
    )
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)
    callback_label = models.CharField(
        max_length=60,
        default="Call me back",
        help_text="Label of the call-back button on every page.",
    )
    consultation_label = models.CharField(
        max_length=60,
        default="Free online consultation",
        help_text="Label of the consultation buttons.",
    )
    emergency_numbers = StreamField(
        SiteEmergencyNumbersStreamBlock(),
        blank=True,
        help_text="Default numbers per language, shown by an emergency callout that "
        "lists none of its own (e.g. English: EU 112, GB 999, US 911).",
    )
    preview_url = models.URLField(
        "frontend preview URL",
        blank=True,
        help_text="The frontend's preview address, e.g. http://localhost:3000/api/preview. "
        "The admin's preview opens it with a short-lived ?token= for the draft. "
        "Leave empty to preview a plain rendering of the content in the admin.",
    )

    panels = [
        "clinic_name",
        "contact_phone",
        "social_links",
        "callback_label",
        "consultation_label",
        "emergency_numbers",
        "preview_url",
    ]

    class Meta:
        verbose_name = "clinic settings"
