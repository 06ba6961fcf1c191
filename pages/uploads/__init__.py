"""Upload checks for images and documents, beyond Wagtail's own.

Wagtail already refuses files over ``WAGTAIL*_MAX_UPLOAD_SIZE``, images with more
than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` pixels (decompression bombs), image
extensions outside ``WAGTAILIMAGES_EXTENSIONS`` and images whose content does not
match their extension. These forms (``WAGTAILIMAGES_IMAGE_FORM_BASE`` and
``WAGTAILDOCS_DOCUMENT_FORM_BASE``) reword those messages for editors and add what
Wagtail does not check: that a document really is what its extension says, and that
no upload carries active content (web page code, PDF scripts, Office macros,
embedded programs) that could run in a patient's or a colleague's browser.

Every form Wagtail builds for uploads uses these bases: the add and edit views, the
multiple uploader and the choosers' upload tabs.
"""

from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .common import read_all, refuse_markup, upload_error
from .office import check_odt, check_ooxml
from .pdf import check_pdf


def check_text(data: bytes, extension: str) -> None:
    if b"\x00" in data:
        raise upload_error(
            f"This file is called .{extension} but is not plain text (it holds "
            "binary data). Upload it with its real extension.",
            "not_what_it_says",
        )
    refuse_markup(data, "text file")


def check_document_content(uploaded) -> None:
    """Refuse a document that is not what its extension says or carries active
    content. ``uploaded`` is a Django ``UploadedFile``."""
    extension = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
    checks: dict[str, Callable[[], None]] = {
        "pdf": lambda: check_pdf(read_all(uploaded)),
        "docx": lambda: check_ooxml(uploaded, extension),
        "xlsx": lambda: check_ooxml(uploaded, extension),
        "odt": lambda: check_odt(uploaded, extension),
        "txt": lambda: check_text(read_all(uploaded), extension),
        "csv": lambda: check_text(read_all(uploaded), extension),
    }
    allowed = [ext for ext in settings.WAGTAILDOCS_EXTENSIONS if ext in checks]
    if extension not in allowed:
        raise upload_error(
            f"Files of type .{extension or '(none)'} cannot be uploaded. Accepted "
            f"types: {', '.join('.' + ext for ext in allowed)}. Web pages (.html), "
            "SVG drawings and programs are never accepted.",
            "unsupported_type",
        )
    try:
        checks[extension]()
    finally:
        uploaded.seek(0)


class ClinicImageForm(BaseImageForm):
    """Wagtail's image form, with messages an editor can act on and no web page
    code hidden inside an image file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            field = self.fields["file"]
            field.error_messages.update(
                {
                    "invalid_image_extension": (
                        "Only these image types can be uploaded: "
                        f"{field.supported_formats_text}. SVG drawings and other "
                        "formats are not accepted: export the picture as PNG or JPEG."
                    ),
                    "invalid_image_known_format": (
                        "This is really a %(image_format)s image, not a "
                        ".%(extension)s file as its name says. Rename it with the right "
                        "extension, or export it again as .%(extension)s."
                    ),
                    "file_too_large": (
                        "This file is %(file_size)s; images can be at most "
                        "%(max_filesize)s. Save it at a smaller size and upload it "
                        "again."
                    ),
                    "file_too_many_pixels": (
                        "This image has %(num_pixels)s pixels; images can have at "
                        "most %(max_pixels_count)s. Resize it (4,000 pixels on the "
                        "longest side is plenty) and upload it again."
                    ),
                }
            )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and "file" in self.changed_data:
            refuse_markup(read_all(uploaded), "image")
        return uploaded


class ClinicDocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files that are not what their extension
    says and files with active content."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["file_too_large"] = (
                "This file is %(file_size)s; documents can be at most "
                "%(max_filesize)s. Compress it or split it, and upload it again."
            )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and "file" in self.changed_data:
            check_document_content(uploaded)
        return uploaded
