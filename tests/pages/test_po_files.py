"""Translators work from PO files: download the German ALS translation's PO file in
the admin, translate it elsewhere, upload it, publish, and the German page in the
API says what the file said. A file that is no PO file of that translation is
refused with a message, and nothing is lost. Only users who may edit the
translation can do either."""

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.models import Locale

import polib
import pytest
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from pages.models import ConditionPage
from tests.factories.users import make_user

pytestmark = pytest.mark.slow

# Strings of the German ALS page's tables and drug list (pages/demo/data/translations).
HEADING = "What it does"
DRUG = "Riluzole"  # a drug's international name: "Riluzol" in German


def als_translation(language: str) -> Translation:
    english = ConditionPage.objects.get(slug="als", locale__language_code="en")
    return Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(english),
        target_locale=Locale.objects.get(language_code=language),
    )


def german_strings(translation: Translation) -> dict[str, str]:
    return dict(
        StringTranslation.objects.filter(
            locale=translation.target_locale,
            context__object_id=translation.source.object_id,
        ).values_list("translation_of__data", "data")
    )


def download(client: Client, translation: Translation) -> polib.POFile:
    response = client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation"
    assert response["Content-Disposition"].endswith("-de.po")
    return polib.pofile(response.content.decode())


def upload(client: Client, translation: Translation, content: bytes, name="als.po"):
    german = translation.get_target_instance()
    next_url = f"/admin/pages/{german.pk}/edit/"
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile(name, content), "next": next_url},
    )
    return response, [
        str(message).strip() for message in get_messages(response.wsgi_request)
    ]


def als_api(language: str) -> dict:
    response = Client().get(
        f"/api/v2/pages/find/?html_path=/{language}/conditions/als/"
    )
    assert response.status_code == 200
    return response.json()


def rehabilitation_table(page: dict) -> dict:
    for section in page["body"]:
        if section["type"] != "section":
            continue
        for block in section["value"]["content"]:
            if block["type"] == "two_column_table":
                return block["value"]
    raise AssertionError("no two-column table on the page")


def drug_titles(page: dict) -> list[str]:
    return [
        item["title"]
        for section in page["body"]
        if section["type"] == "section"
        for block in section["value"]["content"]
        if block["type"] == "drug_list"
        for item in block["value"]["items"]
    ]


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("po-editor", "Editors"))
    return client


def test_a_translator_exports_edits_and_imports_a_po_file(demo_site, editor_client):
    translation = als_translation("de")
    po = download(editor_client, translation)
    entries = {entry.msgid: entry for entry in po}
    # Every source string is listed, with its current German text.
    assert entries["Rehabilitation therapies in ALS"].msgstr == "Rehabilitation bei ALS"
    assert entries[HEADING].msgstr == "Wozu sie dient"
    assert entries[DRUG].msgstr == "Riluzol"
    assert entries["Anti-glutamate agent"].msgstr == "Glutamat-Hemmer"
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(translation.uuid)

    entries[HEADING].msgstr = "Was sie bewirkt"
    entries[DRUG].msgstr = "Riluzol (Rilutek)"
    response, messages = upload(editor_client, translation, str(po).encode())
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/admin/pages/{translation.get_target_instance().pk}/edit/"
    )
    assert messages == [
        "Imported the PO file: 2 translations new or changed. "
        "Publish the translation to show them."
    ]
    strings = german_strings(translation)
    assert strings[HEADING] == "Was sie bewirkt"
    assert strings[DRUG] == "Riluzol (Rilutek)"
    assert strings["Rehabilitation therapies in ALS"] == "Rehabilitation bei ALS"

    # Not live until the translation is published (the editor's Publish button).
    assert rehabilitation_table(als_api("de"))["right_heading"] == "Wozu sie dient"
    moderator = Client()
    moderator.force_login(make_user("po-publisher", "Administrators"))
    german = translation.get_target_instance()
    published = moderator.post(f"/admin/pages/{german.pk}/edit/", {"action": "publish"})
    assert published.status_code == 302
    page = als_api("de")
    assert rehabilitation_table(page)["right_heading"] == "Was sie bewirkt"
    assert rehabilitation_table(page)["caption"] == "Rehabilitation bei ALS"
    assert drug_titles(page) == ["Riluzol (Rilutek)", "Edaravon"]
    # The source and the Italian translation are untouched.
    assert drug_titles(als_api("it")) == ["Riluzolo", "Edaravone"]
    assert rehabilitation_table(als_api("it"))["right_heading"] == "A cosa serve"


def po_without_header() -> bytes:
    po = polib.POFile()
    po.append(polib.POEntry(msgid=HEADING, msgstr="Was sie bewirkt"))
    return str(po).encode()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "has no X-WagtailLocalize-TranslationID header"),
        (b"this is not a PO file\n", "is not a PO file that can be read (syntax error"),
        (b"\xff\xfe\x00garbage", "is not a PO file that can be read (it is not UTF-8"),
        (po_without_header(), "has no X-WagtailLocalize-TranslationID header"),
    ],
)
def test_a_file_that_is_no_po_file_of_the_translation_is_refused(
    demo_site, editor_client, content, reason
):
    translation = als_translation("de")
    before = german_strings(translation)
    response, messages = upload(editor_client, translation, content)
    assert response.status_code == 302
    assert len(messages) == 1
    assert messages[0].startswith("Nothing was imported: als.po ")
    assert reason in messages[0]
    assert german_strings(translation) == before


def test_the_po_file_of_another_translation_is_refused(demo_site, editor_client):
    german, italian = als_translation("de"), als_translation("it")
    italian_po = polib.pofile(
        editor_client.get(
            reverse("wagtail_localize:download_pofile", args=[italian.pk])
        ).content.decode()
    )
    before = german_strings(german)
    _response, messages = upload(editor_client, german, str(italian_po).encode())
    assert "belongs to another translation" in messages[0]
    assert german_strings(german) == before


def test_an_upload_without_a_file_is_refused(demo_site, editor_client):
    translation = als_translation("de")
    response = editor_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    )
    assert response.status_code == 302
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        "Nothing was imported: Choose a PO file to upload."
    ]


def test_only_users_who_may_edit_the_translation_use_po_files(demo_site, client):
    translation = als_translation("de")
    po = translation.export_po()
    for entry in po:
        if entry.msgid == HEADING:
            entry.msgstr = "Überschrieben"
    before = german_strings(translation)
    download_url = reverse("wagtail_localize:download_pofile", args=[translation.pk])
    upload_url = reverse("wagtail_localize:upload_pofile", args=[translation.pk])

    # Signed out: the admin's login page.
    assert client.get(download_url)["Location"].startswith("/admin/login/")
    assert client.post(upload_url, {"file": po_file(po)})["Location"].startswith(
        "/admin/login/"
    )

    # In the admin, but without permission to edit pages.
    client.force_login(make_user("po-coordinator", "Patient coordinators"))
    assert client.get("/admin/").status_code == 200
    # The admin turns the views' PermissionDenied into a redirect to its dashboard.
    denied = client.get(download_url)
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    assert "msgid" not in denied.content.decode()
    denied = client.post(upload_url, {"file": po_file(po)})
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    assert not any(
        str(message).startswith("Imported")
        for message in get_messages(denied.wsgi_request)
    )
    assert german_strings(translation) == before


def po_file(po: polib.POFile) -> SimpleUploadedFile:
    return SimpleUploadedFile("als.po", str(po).encode())
