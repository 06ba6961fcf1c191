"""Model field shapes every app uses the same way."""

from django.db import models


def optional_link(to: str, **kwargs) -> models.ForeignKey:
    """A link an editor may leave empty. Deleting the target empties the link
    instead of deleting the object that holds it, and the target gets no reverse
    accessor (``related_name="+"``): an image or a page does not know who shows it.
    """
    return models.ForeignKey(
        to,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )
