"""Translations through wagtail-localize: a page and a doctor are translated segment
by segment, a translation goes out of date when its source is published with
changes and is current again once synced; citations and shared values survive."""

import json

from django.apps import apps

from wagtail.models import Locale

import pytest
from wagtail_localize.models import (
    StringSegment,
    Translation,
    TranslationSource,
)

from cms.translations import translate, translation_state
from snippets.models import ImageAltText
from tests.factories import ReferenceFactory
from tests.factories.blocks import DATA_TABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def german():
    return Locale.objects.get_or_create(language_code="de")[0]


@pytest.fixture
def italian():
    return Locale.objects.get_or_create(language_code="it")[0]


def page_data(client, page) -> dict:
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, response.content[:300]
    return response.json()


def strings_of(instance) -> list[str]:
    source = TranslationSource.objects.get_for_instance(instance)
    return [
        segment.string.data
        for segment in StringSegment.objects.filter(source=source)
        .select_related("string")
        .order_by("order")
    ]


def body_with(paragraph: str) -> str:
    return json.dumps(
        [
            {
                "type": "section",
                "id": "7c4c0d5e-1b7a-4a43-9d51-3f1d2f0b9a10",
                "value": {
                    "heading": "How it works",
                    "anchor": "how-it-works",
                    "content": [
                        {
                            "type": "paragraph",
                            "id": "0f3b2d6a-4c1e-4f7a-8b2d-9e5c1a7d3b21",
                            "value": paragraph,
                        }
                    ],
                },
            }
        ]
    )


def test_wagtail_localize_replaces_simple_translation():
    assert apps.is_installed("wagtail_localize")
    assert apps.is_installed("wagtail_localize.locales")
    assert not apps.is_installed("wagtail.contrib.simple_translation")
    assert not apps.is_installed("wagtail.locales")


def test_a_page_is_translated_and_its_api_detail_says_from_what(
    client, clinic_site, german
):
    therapy = clinic_site.therapy
    result = translate(
        therapy,
        german,
        {"Mesenchymal stem cells": "Mesenchymale Stammzellen"},
    )
    german_therapy = result.target
    assert german_therapy.locale == german
    assert german_therapy.translation_key == therapy.translation_key
    assert german_therapy.live
    assert german_therapy.title == "Mesenchymale Stammzellen"
    # The slug is shared: the German page's path mirrors the English one.
    assert german_therapy.slug == therapy.slug
    # Untranslated strings fall back to the source text.
    assert german_therapy.summary == therapy.summary
    assert "MSC summary" in result.missing
    assert Translation.objects.filter(
        source__object_id=therapy.translation_key, target_locale=german
    ).exists()

    data = page_data(client, german_therapy)
    assert data["translation"] == {
        "source_locale": "en",
        "source_revision": therapy.live_revision_id,
        "status": "current",
    }
    assert page_data(client, therapy)["translation"] is None


def test_a_translation_is_outdated_when_the_source_is_published_with_changes(
    client, clinic_site, german
):
    therapy = clinic_site.therapy
    german_therapy = translate(therapy, german, {}).target
    synced_revision = therapy.live_revision_id

    # Published again without a change to its content: still current.
    therapy.save_revision().publish()
    therapy.refresh_from_db()
    assert therapy.live_revision_id != synced_revision
    assert translation_state(german_therapy).status == "current"

    therapy.summary = "A new summary after the review."
    therapy.save_revision().publish()
    therapy.refresh_from_db()
    data = page_data(client, german_therapy)
    assert data["translation"] == {
        "source_locale": "en",
        "source_revision": synced_revision,
        "status": "outdated",
    }
    # Listings compute the states of all their pages at once: the same answer.
    listing = client.get(
        "/api/v2/pages/?type=pages.TherapyPage&locale=de&fields=translation"
    ).json()
    states = {item["id"]: item["translation"] for item in listing["items"]}
    assert states[german_therapy.pk] == data["translation"]

    # Syncing (what "Sync translated pages" does) brings it up to date.
    result = translate(therapy, german, {"A new summary after the review.": "Neu."})
    assert result.changed
    data = page_data(client, german_therapy)
    assert data["translation"] == {
        "source_locale": "en",
        "source_revision": therapy.live_revision_id,
        "status": "current",
    }
    assert data["summary"] == "Neu."


def test_translating_twice_with_the_same_strings_changes_nothing(clinic_site, german):
    therapy = clinic_site.therapy
    first = translate(therapy, german, {"Mesenchymal stem cells": "MSZ"})
    revision = first.target.latest_revision_id
    second = translate(therapy, german, {"Mesenchymal stem cells": "MSZ"})
    assert not second.changed
    assert second.target.latest_revision_id == revision


def test_a_doctor_is_translated_with_shared_name_and_no_login(clinic_site, german):
    doctor = clinic_site.doctor
    role = doctor.role
    result = translate(doctor, german, {role: "Kinderärztin"})
    german_doctor = result.target
    assert german_doctor.pk != doctor.pk
    assert german_doctor.locale == german
    assert german_doctor.live
    assert german_doctor.role == "Kinderärztin"
    assert german_doctor.name == doctor.name
    assert german_doctor.user_id is None
    # The name and registration number are shared, never offered for translation.
    assert doctor.name not in strings_of(doctor)
    assert translation_state(german_doctor).status == "current"

    doctor.bio = "Now with a biography."
    doctor.save_revision().publish()
    assert translation_state(german_doctor).status == "outdated"


def test_a_translated_paragraph_keeps_its_citation_link(client, clinic_site, german):
    therapy = clinic_site.therapy
    reference = ReferenceFactory()
    therapy.body = body_with(
        f'<p>Cells migrate to damaged tissue <a linktype="citation" '
        f'id="{reference.pk}">Wang Y (2021)</a> in animal models.</p>'
    )
    therapy.references = json.dumps([{"type": "reference", "value": reference.pk}])
    therapy.save_revision().publish()
    source_string = next(
        text for text in strings_of_after_sync(therapy) if "Cells migrate" in text
    )
    # localize replaces the link's attributes by an id; the translator keeps it.
    assert source_string == (
        'Cells migrate to damaged tissue <a id="a1">Wang Y (2021)</a> in animal models.'
    )
    german_therapy = translate(
        therapy,
        german,
        {
            source_string: 'Im Tiermodell wandern die Zellen <a id="a1">Wang Y '
            "(2021)</a> in geschädigtes Gewebe.",
            "How it works": "So wirkt es",
        },
    ).target
    section = german_therapy.body[0].value
    assert section["heading"] == "So wirkt es"
    assert section["anchor"] == "how-it-works"  # anchors are not translated
    paragraph = section["content"][0].value.source
    assert f'<a id="{reference.pk}" linktype="citation">Wang Y (2021)</a>' in paragraph
    assert paragraph.startswith("<p>Im Tiermodell")
    # References are shared: the translation cites the same record.
    assert [child.value.pk for child in german_therapy.references] == [reference.pk]
    body = json.dumps(page_data(client, german_therapy)["body"])
    assert f'data-reference-id=\\"{reference.pk}\\"' in body


def test_a_data_table_is_translated_cell_by_cell_and_keeps_its_numbers(
    client, clinic_site, german
):
    """A typed table is no block wagtail-localize knows: its caption, headings and
    text and rich-text cells are offered as segments; numbers stay shared."""
    therapy = clinic_site.therapy
    therapy.body = json.dumps(
        [
            {
                "type": "section",
                "id": "7c4c0d5e-1b7a-4a43-9d51-3f1d2f0b9a10",
                "value": {
                    "heading": "Courses",
                    "anchor": "courses",
                    "content": [
                        {
                            "type": "data_table",
                            "id": "3a0f6b8e-2c55-4a8e-9b8e-0c2f3b5a6d71",
                            "value": {
                                "table": DATA_TABLE,
                                "header_column": True,
                                "source": "",
                            },
                        }
                    ],
                },
            }
        ]
    )
    therapy.save_revision().publish()
    strings = strings_of_after_sync(therapy)
    for text in [
        "Courses of multiple sclerosis at diagnosis",
        "Share of diagnoses",
        "Relapsing-remitting",
        "Attacks, then <b>recovery</b>.",
    ]:
        assert text in strings
    assert not {"85", "12.5", "30", "40"} & set(strings)

    german_therapy = translate(
        therapy,
        german,
        {
            "Courses of multiple sclerosis at diagnosis": "Verlaufsformen bei Diagnose",
            "Course": "Verlauf",
            "Share of diagnoses": "Anteil der Diagnosen",
            "Relapsing-remitting": "Schubförmig remittierend",
            "Attacks, then <b>recovery</b>.": "Schübe, dann <b>Erholung</b>.",
        },
    ).target
    table = page_data(client, german_therapy)["body"][0]["value"]["content"][0]
    table = table["value"]
    assert table["caption"] == "Verlaufsformen bei Diagnose"
    assert [column["heading"] for column in table["columns"]] == [
        "Verlauf",
        "Anteil der Diagnosen",
        "Typical age at onset",  # not translated yet: the source text
        "Course over time",
    ]
    assert [column["type"] for column in table["columns"]] == [
        "text",
        "percentage",
        "number",
        "rich_text",
    ]
    first, second = (row["cells"] for row in table["items"])
    assert first[:3] == ["Schubförmig remittierend", 85, 30]
    assert "Schübe, dann <b>Erholung</b>." in first[3]
    assert second[:3] == ["Primary progressive", 12.5, 40]
    # The source page keeps its English table.
    english = page_data(client, therapy)["body"][0]["value"]["content"][0]
    assert english["value"]["items"][0]["cells"][0] == "Relapsing-remitting"


def call_to_action_doctor(client, page) -> dict:
    body = page_data(client, page)["body"]
    return next(block for block in body if block["type"] == "call_to_action")["value"][
        "doctor"
    ]


def translate_in_admin(client, page, locale, on_commit):
    """*Translate this page* in the admin (wagtail-localize's submit view), its
    parents translated first (the admin offers only languages the parent has).
    wagtail-localize publishes the translation when the transaction commits: the
    test's never does, so ``on_commit`` (pytest-django's
    ``django_capture_on_commit_callbacks``) runs the publishing."""
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        if ancestor.get_translation_or_none(locale) is None:
            translate(ancestor.specific, locale, {})
    with on_commit(execute=True):
        response = client.post(
            f"/admin/localize/submit/page/{page.pk}/", {"locales": [locale.pk]}
        )
    assert response.status_code == 302, response.context["form"].errors
    return page.get_translation(locale)


def without_live_testimonials_lacking_consent(clinic_site) -> None:
    """The clinic site keeps a testimonial without consent marked live (saved
    directly, as publishing refuses it), to test that the API never shows it.
    Translating the page in the admin translates its testimonials too, and
    publishing that one's translation is refused: make it what publishing would
    have left, a draft."""
    for testimonial in clinic_site.hidden_testimonials:
        if testimonial.live and testimonial.consent_problems():
            type(testimonial).objects.filter(pk=testimonial.pk).update(live=False)


def test_a_page_translated_in_the_admin_shows_the_doctor_in_its_language(
    admin_client, clinic_site, italian, django_capture_on_commit_callbacks
):
    """The call to action's doctor is a related object for wagtail-localize: the
    Italian page links to the Italian record of the doctor (same name, Italian
    role), not to the English one. (The clinic site's German page is a plain
    Wagtail copy, so Italian is the language translated here.)"""
    without_live_testimonials_lacking_consent(clinic_site)
    condition, doctor = clinic_site.condition, clinic_site.doctor
    italian_doctor = translate(
        doctor, italian, {doctor.role: "Consulente medica"}
    ).target
    italian_condition = translate_in_admin(
        admin_client, condition, italian, django_capture_on_commit_callbacks
    )
    shown = call_to_action_doctor(admin_client, italian_condition)
    assert shown["id"] == italian_doctor.pk != doctor.pk
    assert shown["name"] == call_to_action_doctor(admin_client, condition)["name"]
    assert shown["role"] == "Consulente medica"


def test_a_page_translated_before_its_doctor_links_the_doctors_translation(
    admin_client, clinic_site, italian, django_capture_on_commit_callbacks
):
    """Translating a page in the admin translates the snippets it links too (an
    Italian record of the doctor, with the English text until it is translated),
    so the Italian page never links the English record; translating the doctor
    later shows on the page without publishing the page again."""
    without_live_testimonials_lacking_consent(clinic_site)
    condition, doctor = clinic_site.condition, clinic_site.doctor
    italian_condition = translate_in_admin(
        admin_client, condition, italian, django_capture_on_commit_callbacks
    )
    italian_doctor = doctor.get_translation(italian)
    shown = call_to_action_doctor(admin_client, italian_condition)
    assert (shown["id"], shown["role"]) == (italian_doctor.pk, doctor.role)

    translate(doctor, italian, {doctor.role: "Consulente medica"})
    shown = call_to_action_doctor(admin_client, italian_condition)
    assert (shown["id"], shown["role"]) == (italian_doctor.pk, "Consulente medica")


def test_a_page_translated_without_its_doctor_links_the_source_until_published(
    admin_client, clinic_site, italian, django_capture_on_commit_callbacks
):
    """Translated outside the admin (as the demo loader does) before the doctor
    has an Italian record, the page links the English record (wagtail-localize's
    fallback); publishing the translation in the editor once the doctor is
    translated links the Italian record."""
    without_live_testimonials_lacking_consent(clinic_site)
    condition, doctor = clinic_site.condition, clinic_site.doctor
    for ancestor in condition.get_ancestors().filter(depth__gt=1):
        translate(ancestor.specific, italian, {})
    italian_condition = translate(condition, italian, {}).target
    assert call_to_action_doctor(admin_client, italian_condition)["id"] == doctor.pk

    italian_doctor = translate(
        doctor, italian, {doctor.role: "Consulente medica"}
    ).target
    with django_capture_on_commit_callbacks(execute=True):
        published = admin_client.post(
            f"/admin/pages/{italian_condition.pk}/edit/", {"action": "publish"}
        )
    assert published.status_code == 302
    shown = call_to_action_doctor(admin_client, italian_condition)
    assert (shown["id"], shown["role"]) == (italian_doctor.pk, "Consulente medica")


def strings_of_after_sync(instance) -> list[str]:
    TranslationSource.update_or_create_from_instance(instance)
    return strings_of(instance)


def test_image_alt_text_follows_the_page_language(client, clinic_site, german):
    condition = clinic_site.condition
    image = clinic_site.image
    condition.social_image = image
    condition.save_revision().publish()
    german_condition = translate(condition, german, {}).target
    assert german_condition.social_image_id == image.pk  # images are shared
    ImageAltText.objects.create(
        image=image, locale=german, text="Ein Patient geht mit einer Physiotherapeutin"
    )
    english = page_data(client, condition)["seo"]["social_image"]
    # No English alt text of its own: the page's title, as before.
    assert english["alt"] == condition.title
    german_image = page_data(client, german_condition)["seo"]["social_image"]
    assert german_image["alt"] == "Ein Patient geht mit einer Physiotherapeutin"
    assert set(german_image) == set(english)


def test_the_admin_shows_an_outdated_translation_and_how_to_sync_it(
    admin_client, clinic_site, german
):
    therapy = clinic_site.therapy
    german_therapy = translate(therapy, german, {}).target
    parent = german_therapy.get_parent()
    listing = admin_client.get(f"/admin/pages/{parent.pk}/").content.decode()
    assert "Outdated translation" not in listing
    assert (
        "Current with its en source"
        in admin_client.get("/admin/therapy_pages/?locale=de").content.decode()
    )

    therapy.summary = "Changed after the translation was made."
    therapy.save_revision().publish()
    listing = admin_client.get(f"/admin/pages/{parent.pk}/").content.decode()
    assert "Outdated translation: sync" in listing
    source = TranslationSource.objects.get_for_instance(therapy)
    assert f"/admin/localize/update/{source.pk}/" in listing
    assert (
        "Outdated: the en source changed"
        in admin_client.get("/admin/therapy_pages/?locale=de").content.decode()
    )
    report = admin_client.get("/admin/reports/reviews-due/").content.decode()
    assert german_therapy.title in report
    assert "Outdated: the en source changed" in report
    export = admin_client.get("/admin/reports/reviews-due/?export=csv")
    assert b"Outdated: the en source changed" in b"".join(export.streaming_content)
