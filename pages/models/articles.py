from django.core.exceptions import ValidationError
from django.db import models

from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.fields import optional_link

from .. import representations as rep
from ..blocks import ArticleBodyBlock
from ..blocks.content import parse_video_url, video_embed
from .base import BasePage, SectionIndexPage


def article_video(page, context=None):
    if not page.video_url:
        return None
    return {"url": page.video_url, **video_embed(page.video_url)}


class ArticleIndexPage(SectionIndexPage):
    subpage_types = ["pages.ArticlePage"]
    page_description = "Articles and videos that explain treatments in depth."

    class Meta:
        verbose_name = "article index page"


class ArticlePage(BasePage):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        VIDEO = "video", "Video"

    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.ARTICLE,
        help_text="Videos show the video first; articles the text.",
    )
    summary = models.TextField(
        help_text="One or two sentences for cards and search results."
    )
    author = optional_link(
        "snippets.Doctor",
        help_text="The doctor who wrote or presents this article.",
    )
    image = optional_link(
        "wagtailimages.Image",
        help_text="Card and header image.",
    )
    video_url = models.URLField(
        blank=True, help_text="YouTube or Vimeo link; required for videos."
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="Publication date shown to readers."
    )
    body = StreamField(ArticleBodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        "kind",
        "summary",
        "author",
        "image",
        "video_url",
        "published_on",
        "body",
    ]
    search_fields = BasePage.search_fields + [
        # Autocomplete: what the admin's page search looks in (see MedicalPage).
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["pages.ArticleIndexPage"]
    subpage_types: list[str] = []
    api_fields = BasePage.api_fields + [
        APIField("kind"),
        APIField("summary"),
        APIField("author", serializer=rep.RepresentationField(rep.author)),
        APIField("image", serializer=rep.RepresentationField(rep.card_image)),
        APIField("video", serializer=rep.RepresentationField(article_video)),
        APIField("published_on"),
        APIField("body"),
    ]
    page_description = (
        'An article or a video, e.g. for "Learn more" links and related content cards.'
    )

    def clean(self):
        super().clean()
        if self.kind == self.Kind.VIDEO and not self.video_url:
            raise ValidationError({"video_url": "A video article needs a video link."})
        if self.video_url and not parse_video_url(self.video_url):
            raise ValidationError({"video_url": "Use a YouTube or Vimeo video link."})

    class Meta:
        verbose_name = "article page"
