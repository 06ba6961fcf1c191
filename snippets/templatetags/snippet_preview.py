"""Template filters of the snippets' admin previews: the API's rules on images."""

from django import template

from ..representations import image_is_public

register = template.Library()


@register.filter
def public_image(image) -> bool:
    return image_is_public(image)
