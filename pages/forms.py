"""The admin form of every page: short automatic slugs, draft-friendly checks."""

from django.utils.text import slugify

from wagtail.admin.forms import WagtailAdminPageForm

# Long enough for "stem-cell-therapy-for-multiple-sclerosis", short enough for a
# URL that is read aloud or printed in a leaflet.
AUTO_SLUG_MAX_LENGTH = 50


def shorten_slug(slug: str, max_length: int = AUTO_SLUG_MAX_LENGTH) -> str:
    """Cut a slug at the last hyphen that keeps it within ``max_length``."""
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1].rsplit("-", 1)[0]
    return (cut if cut else slug[:max_length]).strip("-")


class BasePageForm(WagtailAdminPageForm):
    def clean(self):
        """The slug the admin derives from the title is shortened (never a slug an
        editor typed, and never once the page has been published: its URL is out).

        Runs before Wagtail's own ``clean``, so that the shortened slug is the one
        checked for uniqueness among the siblings.
        """
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title") or ""
        if (
            slug
            and not self.instance.first_published_at
            and slug in (slugify(title), slugify(title, allow_unicode=True))
        ):
            self.cleaned_data["slug"] = shorten_slug(slug)
        # Checks that only matter once the page goes out (a key-facts anchor whose
        # section is still to be written) wait until publishing or submitting.
        self.instance.defer_publish_checks = self.is_deferred_validation
        return super().clean()
