from wagtail.api import APIField
from wagtail.fields import RichTextField

from cms.fields import optional_link

from .. import representations as rep
from .base import INTRO_FEATURES, BasePage


class HomePage(BasePage):
    intro = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="The welcome text on the home page.",
    )
    hero_image = optional_link(
        "wagtailimages.Image",
        help_text="Wide image at the top of the home page.",
    )

    content_panels = BasePage.content_panels + ["intro", "hero_image"]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.ConditionIndexPage",
        "pages.TherapyIndexPage",
        "pages.ArticleIndexPage",
    ]
    api_fields = BasePage.api_fields + [
        APIField("intro"),
        APIField("hero_image", serializer=rep.RepresentationField(rep.hero_image)),
    ]
    page_description = "The root of one language's site."

    class Meta:
        verbose_name = "home page"
