"""Media blocks: figures, galleries and embedded videos."""

import re
from urllib.parse import parse_qs, urlparse

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from cms.openapi import STRING, URI, nullable, obj, ref

from ...representations import image_representation
from ..compare import ReadableComparisonMixin
from .base import ChecksTogetherMixin, present


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe the image for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    api_schema = obj({"image": nullable(ref("Image")), "caption": STRING})

    def get_api_representation(self, value, context=None):
        return {
            "image": image_representation(
                value.get("image"), alt=value.get("alt_text"), context=context
            ),
            "caption": value.get("caption") or "",
        }

    class Meta:
        icon = "image"
        label = "Image"
        group = "Media"
        description = "An image with required alternative text and an optional caption."


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="Describe the image. Required."
    )

    api_schema = nullable(ref("Image"))

    def get_api_representation(self, value, context=None):
        return image_representation(
            value.get("image"), alt=value.get("alt_text"), context=context
        )

    class Meta:
        icon = "image"
        label = "Gallery image"


class GalleryBlock(ReadableComparisonMixin, blocks.StructBlock):
    items = blocks.ListBlock(
        GalleryImageBlock(), min_num=2, default=[{}, {}], label="Images"
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    api_schema = obj(
        {"items": {"type": "array", "items": ref("Image")}, "caption": STRING}
    )

    def get_api_representation(self, value, context=None):
        images = super().get_api_representation(value, context)["items"]
        return {
            "items": present(images),
            "caption": value.get("caption") or "",
        }

    class Meta:
        icon = "image"
        label = "Gallery"
        group = "Media"
        description = "Several photos shown together, with one caption."


VIDEO_HOSTS = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
}


def parse_video_url(url: str) -> tuple[str, str] | None:
    """Return ``(provider, video_id)`` for a YouTube or Vimeo link, else ``None``."""
    parsed = urlparse(url)
    provider = VIDEO_HOSTS.get(parsed.netloc.lower())
    if provider == "youtube":
        if parsed.netloc.lower() == "youtu.be":
            video_id = parsed.path.lstrip("/")
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
        else:
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        if re.fullmatch(r"[\w-]{6,20}", video_id or ""):
            return provider, video_id
    if provider == "vimeo":
        video_id = parsed.path.strip("/").split("/")[-1]
        if video_id.isdigit():
            return provider, video_id
    return None


def video_embed(url: str | None) -> dict[str, str | None]:
    """Provider, id and a privacy-friendly embed address for a video link."""
    parsed = parse_video_url(url or "")
    if parsed is None:
        return {"provider": None, "video_id": None, "embed_url": None}
    provider, video_id = parsed
    embed_url = (
        f"https://www.youtube-nocookie.com/embed/{video_id}"
        if provider == "youtube"
        else f"https://player.vimeo.com/video/{video_id}"
    )
    return {"provider": provider, "video_id": video_id, "embed_url": embed_url}


class VideoBlock(ChecksTogetherMixin, blocks.StructBlock):
    """A YouTube or Vimeo video, parsed offline (no oEmbed request on save)."""

    url = blocks.URLBlock(help_text="A YouTube or Vimeo link.")
    title = blocks.CharBlock(
        max_length=200, help_text="What the video shows; also its accessible name."
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    api_schema = obj(
        {
            "url": URI,
            "title": STRING,
            "caption": STRING,
            "provider": nullable({"type": "string", "enum": ["youtube", "vimeo"]}),
            "video_id": nullable(STRING),
            "embed_url": nullable(URI),
        }
    )

    def cross_field_errors(self, value, submitted) -> dict[str, str]:
        if value.get("url") and not parse_video_url(value["url"]):
            return {
                "url": "Use a YouTube or Vimeo video link, e.g. https://www.youtube.com/watch?v=…"
            }
        return {}

    def get_api_representation(self, value, context=None):
        return {
            "url": value.get("url"),
            "title": value.get("title"),
            "caption": value.get("caption") or "",
            **video_embed(value.get("url")),
        }

    class Meta:
        icon = "media"
        label = "Video"
        group = "Media"
        description = "An embedded YouTube or Vimeo video."
        preview_value = {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "Patient story",
        }
