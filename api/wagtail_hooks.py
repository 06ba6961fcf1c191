from wagtail import hooks

from pages.rich_text import PublicPageLinkHandler


@hooks.register("register_rich_text_features", order=100)
def link_only_to_public_pages(features):
    """Runs after Wagtail's own registration, replacing its page link handler."""
    features.register_link_type(PublicPageLinkHandler)
