"""Demo illustrations drawn with Pillow, so the demo needs no downloads.

Each image is an abstract, deterministic picture (the same spec always gives the
same pixels): a two-colour gradient, a motif of simple shapes and a short label.
They stand in for the photos and figures a clinic would upload.
"""

import io
import random
from dataclasses import dataclass

from PIL import Image, ImageColor, ImageDraw, ImageFilter, ImageFont

from .motifs import MOTIFS, Colour


@dataclass(frozen=True)
class ImageSpec:
    """What to draw: read from ``images.yaml``, one entry per image."""

    key: str
    title: str
    description: str
    width: int
    height: int
    motif: str
    colours: tuple[str, str, str]
    label: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict) -> "ImageSpec":
        known = {
            "key",
            "title",
            "description",
            "size",
            "motif",
            "colours",
            "label",
            "notes",
        }
        unknown = set(data) - known
        if unknown:
            raise ValueError(
                f"Image {data.get('key')!r}: unknown keys {', '.join(sorted(unknown))}."
            )
        width, height = data["size"]
        colours = tuple(data["colours"])
        if len(colours) != 3:
            raise ValueError(
                f"Image {data['key']!r}: give three colours (start, end, accent)."
            )
        if data["motif"] not in MOTIFS:
            raise ValueError(
                f"Image {data['key']!r}: unknown motif {data['motif']!r}; "
                f"choose one of {', '.join(sorted(MOTIFS))}."
            )
        return cls(
            key=data["key"],
            title=data["title"],
            description=data["description"],
            width=int(width),
            height=int(height),
            motif=data["motif"],
            colours=colours,
            label=data.get("label", ""),
            notes=tuple(data.get("notes", ())),
        )

    @property
    def filename(self) -> str:
        return f"demo-{self.key}.jpg"


def render(spec: ImageSpec, scale: float = 1.0) -> bytes:
    """The image as JPEG bytes. ``scale`` shrinks it (tests use small images)."""
    width = max(16, round(spec.width * scale))
    height = max(16, round(spec.height * scale))
    start, end, accent = (ImageColor.getrgb(colour) for colour in spec.colours)
    canvas = gradient((width, height), start, end).convert("RGBA")
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    rng = random.Random(spec.key)  # noqa: S311 - decoration, not security
    note_boxes = MOTIFS[spec.motif](draw, width, height, accent, rng) or []
    layer = layer.filter(ImageFilter.GaussianBlur(radius=max(0.5, width / 800)))
    canvas = Image.alpha_composite(canvas, layer)
    draw_notes(canvas, note_boxes, spec.notes)
    if spec.label:
        draw_label(canvas, spec.label)
    output = io.BytesIO()
    canvas.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue()


def gradient(size: tuple[int, int], start: Colour, end: Colour) -> Image.Image:
    """A diagonal gradient: a 2×2 image scaled up with bilinear filtering."""
    middle = tuple((a + b) // 2 for a, b in zip(start, end, strict=True))
    seed = Image.new("RGB", (2, 2))
    seed.putdata([start, middle, middle, end])
    return seed.resize(size, Image.Resampling.BILINEAR)


def draw_label(canvas: Image.Image, text: str) -> None:
    width, height = canvas.size
    font = ImageFont.load_default(size=max(8, height // 20))
    draw = ImageDraw.Draw(canvas)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    padding = max(4, height // 40)
    x, y = padding * 2, height - (bottom - top) - padding * 4
    draw.rounded_rectangle(
        (x - padding, y - padding, x + right - left + padding, y + bottom + padding),
        radius=padding,
        fill=(255, 255, 255, 230),
    )
    draw.text((x - left, y), text, font=font, fill=(20, 40, 60, 255))


def draw_notes(canvas: Image.Image, boxes: list[tuple], notes: tuple[str, ...]) -> None:
    """Write short notes into the boxes a motif reserved for them (after blurring)."""
    draw = ImageDraw.Draw(canvas)
    for (left, top, right, bottom), text in zip(boxes, notes, strict=False):
        font = ImageFont.load_default(size=max(6, round((bottom - top) * 0.6)))
        draw.text(
            ((left + right) / 2, (top + bottom) / 2),
            text,
            font=font,
            fill=(20, 40, 60, 255),
            anchor="mm",
        )
