"""Image alt text in each language: the image itself is shared by every language."""

from django.db import models


class ImageAltText(models.Model):
    """What an image shows, for people who cannot see it, in one language.

    The image's ``description`` is its default alt text; a row here replaces it
    wherever the image is shown in that language (``image_representation``)."""

    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="alt_texts"
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(
        max_length=250,
        help_text="Describe the image in this language, as you would to someone on the phone.",
    )

    panels = ["image", "locale", "text"]

    class Meta:
        verbose_name = "image alt text"
        verbose_name_plural = "image alt texts"
        constraints = [
            models.UniqueConstraint(
                fields=["image", "locale"], name="one_alt_text_per_image_and_locale"
            )
        ]

    def __str__(self) -> str:
        return f"{self.image} ({self.locale})"
