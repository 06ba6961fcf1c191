"""Uploading a translator's PO file: wagtail-localize's *Upload PO*, made safe.

wagtail-localize's own upload view answers a server error to a form without a file
or to a PO file without its translation header (an empty file, one made by another
tool), and says "Successfully imported" when nothing in the file matched. This view
takes its URL (``pages.wagtail_hooks`` registers it before wagtail-localize's, so
the translation editor's *Upload PO* button posts here) and checks the file before
anything is written: a file that is no PO file of this translation is refused with
a message saying why, and the translation keeps every string it had. The download
(*Download PO*) is wagtail-localize's own view.

Either way the user must be allowed to edit the translation (the page or snippet in
the target language), as in the translation editor.
"""

import contextlib
import os
import tempfile

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

import polib
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.views.edit_translation import user_can_edit_instance

HEADER = "X-WagtailLocalize-TranslationID"


class RefusedFile(ValueError):
    """A file that cannot be imported into the translation, with the reason."""


def read_po_file(upload, translation: Translation) -> polib.POFile:
    """The uploaded PO file of ``translation``; ``RefusedFile`` saying why not."""
    if upload is None:
        raise RefusedFile("Choose a PO file to upload.")
    # polib reads a file name or the contents from one argument: never hand it the
    # upload itself, or a file holding a path would make it read that path.
    with tempfile.NamedTemporaryFile(delete=False, suffix=".po") as stored:
        for chunk in upload.chunks():
            stored.write(chunk)
    try:
        po = polib.pofile(stored.name)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise RefusedFile(
            f"{upload.name} is not a PO file that can be read ({error_reason(error)}). "
            "Upload the file downloaded with Download PO, saved as UTF-8."
        ) from error
    finally:
        with contextlib.suppress(OSError):
            os.unlink(stored.name)
    if po.metadata.get(HEADER) is None:
        raise RefusedFile(
            f"{upload.name} has no {HEADER} header: it was not downloaded from a "
            "translation here. Download the PO file of this translation and "
            "translate that one."
        )
    if po.metadata[HEADER] != str(translation.uuid):
        raise RefusedFile(
            f"{upload.name} belongs to another translation (another page, snippet "
            "or language). Download the PO file of this translation."
        )
    if not any(entry.msgstr for entry in po):
        raise RefusedFile(f"{upload.name} holds no translated strings (msgstr).")
    return po


def error_reason(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "it is not UTF-8 text"
    # polib says "Syntax error in po file <temporary path> (line 3)": keep the line.
    text = str(error)
    return "syntax error" + (text[text.rindex(" (line") :] if " (line" in text else "")


def import_po_file(po: polib.POFile, translation: Translation, user) -> dict:
    """Import ``po``'s translations; how many changed, were ignored or refused."""
    strings = StringTranslation.objects.filter(
        locale=translation.target_locale,
        context__object_id=translation.source.object_id,
        translation_of__in=StringSegment.objects.filter(
            source=translation.source
        ).values("string"),
    )
    before = dict(strings.values_list("pk", "data"))
    warnings = translation.import_po(po, user=user, tool_name="PO File")
    after = dict(strings.values_list("pk", "data"))
    return {
        "changed": sum(1 for pk, data in after.items() if before.get(pk) != data),
        "ignored": len(warnings),
        "refused": strings.filter(has_error=True).count(),
    }


@require_POST
def upload_po_file(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    try:
        po = read_po_file(request.FILES.get("file"), translation)
    except RefusedFile as error:
        messages.error(request, f"Nothing was imported: {error}")
    else:
        counts = import_po_file(po, translation, request.user)
        message = (
            f"Imported the PO file: {counts['changed']} translations new or changed. "
            "Publish the translation to show them."
        )
        if counts["ignored"]:
            message += (
                f" {counts['ignored']} were ignored: their source text or place is "
                "no longer in the page (sync the translation and download it again)."
            )
        if counts["refused"]:
            message += (
                f" {counts['refused']} keep the source text: their translation "
                "drops or changes the source's markup or links (shown in the editor)."
            )
        messages.success(request, message)
    return redirect(
        get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    )
