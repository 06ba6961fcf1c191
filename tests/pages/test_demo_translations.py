"""The demo's German and Italian content: real wagtail-localize translations (a
source, a translation per language, translated strings, sync state), found under
their language prefix, with the source's citations and shared references."""

import json

from django.db.models import Exists, OuterRef
from django.test import Client

from wagtail.models import Locale, Page

import pytest
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from cms.translations import translate, translation_state
from pages.models import ConditionPage, HomePage
from snippets import representations
from snippets.models import Doctor, Testimonial

pytestmark = pytest.mark.slow

TRANSLATED_PAGES = [
    "/",
    "/conditions/",
    "/therapies/",
    "/articles/",
    "/conditions/als/",
    "/therapies/mesenchymal-stem-cells/",
    "/therapies/physiotherapy/",
]


def find(path: str) -> dict:
    response = Client().get(f"/api/v2/pages/find/?html_path={path}")
    assert response.status_code == 200, (path, response.content[:300])
    return response.json()


@pytest.mark.parametrize("language", ["de", "it"])
def test_the_demo_pages_are_localize_translations(demo_site, language):
    locale = Locale.objects.get(language_code=language)
    for path in TRANSLATED_PAGES:
        source = find(path)
        translated = find(f"/{language}{path}")
        assert translated["meta"]["locale"] == language
        assert translated["title"] != source["title"] or path == "/"
        assert translated["translation"] == {
            "source_locale": "en",
            "source_revision": Page.objects.get(pk=source["id"]).live_revision_id,
            "status": "current",
        }
        page = Page.objects.get(pk=source["id"])
        translation_source = TranslationSource.objects.get_for_instance(page)
        translation = Translation.objects.get(
            source=translation_source, target_locale=locale
        )
        assert translation.enabled
        assert StringTranslation.objects.filter(
            locale=locale, context__object=translation_source.object
        ).exists()


@pytest.mark.parametrize("language", ["de", "it"])
def test_every_demo_segment_has_a_translation(demo_site, language):
    """No string of a translated page, doctor or testimonial (the ALS page's ~200
    among them) is left to fall back to English: each segment of each source the
    language translates has a translated string in its context."""
    locale = Locale.objects.get(language_code=language)
    translated = StringTranslation.objects.filter(
        translation_of=OuterRef("string"), context=OuterRef("context"), locale=locale
    )
    segments = StringSegment.objects.filter(source__translations__target_locale=locale)
    als = TranslationSource.objects.get_for_instance(
        ConditionPage.objects.get(slug="als", locale__language_code="en")
    )
    assert segments.filter(source=als).count() > 150
    untranslated = segments.exclude(Exists(translated)).values_list(
        "source__object_repr", "string__data"
    )
    assert list(untranslated) == []


def test_the_german_als_page_keeps_citations_references_and_anchors(demo_site):
    english = find("/conditions/als/")
    german = find("/de/conditions/als/")
    assert german["title"].startswith("Stammzelltherapie bei ALS")
    assert german["summary"].startswith("ALS ist nicht heilbar.")
    body, german_body = json.dumps(english["body"]), json.dumps(german["body"])
    assert german_body.count("data-reference-id") == body.count("data-reference-id") > 0
    assert [ref["citation"] for ref in german["references"]] == [
        ref["citation"] for ref in english["references"]
    ]
    sections = [
        block["value"] for block in german["body"] if block["type"] == "section"
    ]
    assert "Häufige Fragen" in [section["heading"] for section in sections]
    assert [section["anchor"] for section in sections] == [
        block["value"]["anchor"]
        for block in english["body"]
        if block["type"] == "section"
    ]
    assert german["key_facts_anchor"] == english["key_facts_anchor"]
    # Drugs under their German international names.
    assert '"Riluzol"' in german_body
    assert '"Edaravon"' in german_body
    assert "Riluzole" not in german_body


def test_the_demo_doctors_are_translated(demo_site):
    for language, role in [
        ("de", "Medizinische Beraterin"),
        ("it", "Consulente medica"),
    ]:
        doctor = Doctor.objects.get(
            name="Aleksandra Fetyukhina", locale__language_code=language
        )
        assert doctor.live
        assert doctor.role == role
        assert doctor.user_id is None
        assert translation_state(doctor).status == "current"


def body_testimonials(body: list[dict]) -> list[dict]:
    """The testimonials of every testimonials block in an API body, sections too."""
    items = []
    for block in body:
        if block["type"] == "testimonials":
            items += block["value"]["items"]
        if block["type"] == "section":
            items += body_testimonials(block["value"]["content"])
    return items


@pytest.mark.parametrize(
    ("language", "oman_quote", "italy_outcome"),
    [
        ("de", "Im August 2019 wurde bei mir ALS festgestellt.", "Kräftigere Beine"),
        ("it", "Nell'agosto 2019 mi è stata diagnosticata la SLA.", "Gambe più forti"),
    ],
)
def test_the_translated_als_page_shows_the_testimonials_translations(
    demo_site, language, oman_quote, italy_outcome
):
    locale = Locale.objects.get(language_code=language)
    page = find(f"/{language}/conditions/als/")
    items = {item["display_name"]: item for item in body_testimonials(page["body"])}
    assert set(items) == {"A patient from Italy", "A patient from Oman"}
    assert items["A patient from Oman"]["quote"].startswith(oman_quote)
    assert italy_outcome in items["A patient from Italy"]["outcomes"]
    for name, item in items.items():
        assert item["locale"] == language
        english = Testimonial.objects.get(display_name=name, locale__language_code="en")
        translated = Testimonial.objects.get(pk=item["id"])
        assert translated.translation_key == english.translation_key
        assert representations.testimonial_is_public(translated)
        assert translated.consent_given_on == english.consent_given_on
        assert translation_state(translated).status == "current"
        source = TranslationSource.objects.get_for_instance(english)
        assert Translation.objects.filter(source=source, target_locale=locale).exists()
        # The quote and each outcome: one translated string per segment.
        assert StringTranslation.objects.filter(
            locale=locale, context__object=source.object
        ).count() == 1 + len(english.outcomes)
    # The page's Testimonials field (the frontends' listing) chooses them too.
    listing = Client().get(f"/api/v2/testimonials/?condition={page['id']}").json()
    assert {item["id"] for item in listing["items"]} == {
        item["id"] for item in items.values()
    }


def test_the_german_navigation_is_translated(demo_site):
    home = HomePage.objects.get(locale__language_code="de")
    menu = [page.title for page in home.get_children().live().in_menu()]
    assert menu == [
        "Erkrankungen, die wir behandeln",
        "Therapien",
        "Artikel und Videos",
    ]


def test_editing_the_english_als_page_outdates_its_translations(demo_site):
    als = ConditionPage.objects.get(slug="als", locale__language_code="en")
    als.summary = als.summary + " Talk to your neurologist first."
    als.save_revision().publish()
    german = find("/de/conditions/als/")
    assert german["translation"]["status"] == "outdated"
    assert find("/it/conditions/als/")["translation"]["status"] == "outdated"


def data_blocks(body: list[dict]) -> list[dict]:
    """The blocks that hold data rather than text, wherever they are."""
    kinds = {"data_table", "emergency_callout", "drug_list", "price_table"}
    found = []
    for block in body:
        if block["type"] == "section":
            found += data_blocks(block["value"]["content"])
        elif block["type"] in kinds:
            found.append(block)
    return found


def test_every_demo_block_survives_a_translation(demo_site, admin_client):
    """The multiple sclerosis page has the blocks the ALS page lacks (a data table,
    an emergency callout with its numbers, drugs with partial dates): translating it
    offers only their text and keeps their data; the translation editor lists the
    table's segments."""
    english = ConditionPage.objects.get(
        slug="multiple-sclerosis", locale__language_code="en"
    )
    italian = translate(english, Locale.objects.get(language_code="it"), {}).target
    assert italian.live
    source = find("/conditions/multiple-sclerosis/")
    translated = find("/it/conditions/multiple-sclerosis/")
    assert translated["id"] == italian.pk
    blocks = data_blocks(source["body"])
    assert {block["type"] for block in blocks} >= {"data_table", "emergency_callout"}
    assert data_blocks(translated["body"]) == blocks
    assert translated["codes"] == source["codes"]
    editor = admin_client.get(f"/admin/pages/{italian.pk}/edit/")
    assert editor.status_code == 200
    assert "Primary progressive MS" in editor.content.decode()


def test_the_translation_editor_opens_the_german_als_page(demo_site, admin_client):
    """wagtail-localize's editor lists every segment of every block of the page
    (tables, prices, citations, emergency numbers) without failing."""
    german = ConditionPage.objects.get(slug="als", locale__language_code="de")
    response = admin_client.get(f"/admin/pages/{german.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ALS verstehen" in html
    english = ConditionPage.objects.get(slug="als", locale__language_code="en")
    assert admin_client.get(f"/admin/pages/{english.pk}/edit/").status_code == 200
    doctor = Doctor.objects.get(name="Lana", locale__language_code="it")
    edit = admin_client.get(f"/admin/snippets/snippets/doctor/edit/{doctor.pk}/")
    assert edit.status_code == 200


MEDICAL_PAGES = [
    "/conditions/als/",
    "/therapies/mesenchymal-stem-cells/",
    "/therapies/physiotherapy/",
]


@pytest.mark.parametrize("language", ["de", "it"])
def test_the_demo_medical_translations_are_reviewed_in_their_language(
    demo_site, language
):
    """Reviewed by the source's reviewer, whose profile lists the language, for the
    translation's live revision: the record an approval in the workflow writes."""
    for path in MEDICAL_PAGES:
        source = find(path)
        data = find(f"/{language}{path}")
        assert data["medical_review"]["status"] == "reviewed", path
        assert (
            data["medical_review"]["last_reviewed"]
            == (source["medical_review"]["last_reviewed"])
        )
        page = Page.objects.get(pk=data["id"]).specific
        assert page.reviewed_revision_id == page.live_revision_id
        assert not page.has_unreviewed_changes
        doctor = page.reviewed_by
        assert doctor.locale == page.locale
        assert (
            doctor.translation_key
            == Page.objects.get(pk=source["id"]).specific.reviewed_by.translation_key
        )
        assert language in doctor.languages
        assert data["medical_review"]["reviewer"]["id"] == doctor.pk
