"""The API in the clinic's languages: find by a locale-prefixed path, a 404 that
names the languages a page has instead of falling back silently, alternates of
live, public translations only (with x-default), the interface labels per
language and the direction each language's text runs in."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import connection
from django.test import override_settings

from wagtail.models import Locale, PageViewRestriction

import pytest

from pages.models import LABEL_DEFAULTS, InterfaceLabels
from pages.representations import page_path

from .content import publish

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    return response.json()


def locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def translate(page, code: str, live: bool = True):
    """A translation as Wagtail (and wagtail-localize) makes it: same translation
    key, its parents translated too."""
    translation = page.copy_for_translation(locale(code), copy_parents=True)
    for ancestor in translation.get_ancestors().filter(depth__gt=1):
        if not ancestor.live:
            publish(ancestor.specific)
    if live:
        publish(translation)
    return translation


def test_find_by_path_in_german_and_italian(client, clinic_site):
    italian = translate(clinic_site.condition, "it")
    assert page_path(italian) == "/it/conditions/als/"
    found = {
        path: get_json(client, f"/api/v2/pages/find/?html_path={path}")
        for path in ("/conditions/als/", "/de/conditions/als/", "/it/conditions/als/")
    }
    assert found["/conditions/als/"]["id"] == clinic_site.condition.pk
    assert found["/de/conditions/als/"]["id"] == clinic_site.german_condition.pk
    assert found["/it/conditions/als/"]["id"] == italian.pk
    assert [page["meta"]["locale"] for page in found.values()] == ["en", "de", "it"]
    assert found["/it/conditions/als/"]["path"] == "/it/conditions/als/"


def test_a_page_missing_in_the_language_answers_404_with_its_languages(
    client, clinic_site, validate_response
):
    therapy_path = page_path(clinic_site.therapy)
    # A German draft is no German version.
    translate(clinic_site.therapy, "de", live=False)
    data = get_json(
        client, f"/api/v2/pages/find/?html_path=/de{therapy_path}", status=404
    )
    validate_response(data, "NotInLanguage")
    assert data["alternates"] == [
        {"locale": "en", "path": therapy_path, "url": f"http://localhost{therapy_path}"}
    ]
    # The same in Italian, whose home page does not exist at all.
    italian = get_json(
        client, f"/api/v2/pages/find/?html_path=/it{therapy_path}", status=404
    )
    assert [item["locale"] for item in italian["alternates"]] == ["en"]
    # No page at that path in any language: a plain 404.
    unknown = get_json(
        client, "/api/v2/pages/find/?html_path=/de/conditions/unknown/", status=404
    )
    assert "alternates" not in unknown
    # A page that is not public is not named in any language.
    restricted = page_path(clinic_site.restricted_page)
    hidden = get_json(
        client, f"/api/v2/pages/find/?html_path=/de{restricted}", status=404
    )
    assert "alternates" not in hidden


def test_alternates_list_live_public_translations_and_x_default(
    client, clinic_site, validate_response
):
    translate(clinic_site.condition, "it", live=False)  # a draft
    restricted = translate(clinic_site.therapy, "de")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    english = get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    validate_response(english, "ConditionPage")
    assert [item["locale"] for item in english["alternates"]] == ["de", "x-default"]
    german, default = english["alternates"]
    assert german["url"] == "http://localhost/de/conditions/als/"
    assert default["id"] == clinic_site.condition.pk
    assert default["path"] == "/conditions/als/"

    data = get_json(client, f"/api/v2/pages/{clinic_site.german_condition.pk}/")
    assert [(item["locale"], item["id"]) for item in data["alternates"]] == [
        ("en", clinic_site.condition.pk),
        ("x-default", clinic_site.condition.pk),
    ]
    # The sitemap (hreflang) follows the same rule.
    sitemap = get_json(client, "/api/v2/sitemap/?limit=100")
    entry = next(e for e in sitemap["items"] if e["id"] == clinic_site.condition.pk)
    assert [item["locale"] for item in entry["alternates"]] == [
        "en",
        "de",
        "x-default",
    ]
    # A page whose only translation is restricted: no alternates, not even
    # x-default.
    therapy = get_json(client, f"/api/v2/pages/{clinic_site.therapy.pk}/")
    assert therapy["alternates"] == []
    assert restricted.live


def test_labels_are_served_per_language_with_english_for_empty_ones(
    client, clinic_site, validate_response
):
    before = get_json(client, "/api/v2/site/?locale=de")
    assert before["labels"] == {
        **LABEL_DEFAULTS,
        "callback": "Call me back",
        "consultation": "Free online consultation",
    }
    InterfaceLabels.objects.create(
        locale=locale("de"),
        key_facts="Das Wichtigste in Kürze",
        price_from="ab",
        callback="Rückruf anfordern",
    )
    german = get_json(client, "/api/v2/site/?locale=de")
    validate_response(german, "Site")
    assert set(german["labels"]) == set(LABEL_DEFAULTS)
    assert german["labels"]["key_facts"] == "Das Wichtigste in Kürze"
    assert german["labels"]["price_from"] == "ab"
    assert german["labels"]["callback"] == "Rückruf anfordern"
    assert german["labels"]["references"] == "References"  # left empty: English
    assert german["labels"]["consultation"] == "Free online consultation"
    english = get_json(client, "/api/v2/site/?locale=en")
    assert english["labels"]["key_facts"] == "Key facts"


def test_one_set_of_labels_per_language(clinic_site):
    from django.core.exceptions import ValidationError

    InterfaceLabels.objects.create(locale=locale("de"))
    second = InterfaceLabels(locale=locale("de"))
    with pytest.raises(ValidationError):
        second.full_clean()


def test_every_locale_states_its_text_direction(client, clinic_site):
    data = get_json(client, "/api/v2/site/")
    assert data["direction"] == "ltr"
    assert {item["code"]: item["direction"] for item in data["locales"]} == {
        "en": "ltr",
        "de": "ltr",
    }


ARABIC = [*settings.LANGUAGES, ("ar", "Arabic")]


@override_settings(LANGUAGES=ARABIC, WAGTAIL_CONTENT_LANGUAGES=ARABIC)
def test_arabic_enabled_by_configuration_runs_right_to_left(
    client, clinic_site, validate_response
):
    arabic_home = translate(clinic_site.home, "ar")
    data = get_json(client, "/api/v2/site/?locale=ar")
    validate_response(data, "Site")
    assert data["direction"] == "rtl"
    assert data["home"]["id"] == arabic_home.pk
    directions = {item["code"]: item["direction"] for item in data["locales"]}
    assert directions == {"en": "ltr", "de": "ltr", "ar": "rtl"}
    arabic = translate(clinic_site.condition, "ar")
    found = get_json(client, "/api/v2/pages/find/?html_path=/ar/conditions/als/")
    assert found["id"] == arabic.pk
    validate_response(found, "ConditionPage")
    assert (found["meta"]["locale"], found["meta"]["direction"]) == ("ar", "rtl")
    english = get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    assert english["meta"]["direction"] == "ltr"
    listing = get_json(client, "/api/v2/pages/?locale=ar&type=pages.ConditionPage")
    assert [item["id"] for item in listing["items"]] == [arabic.pk]
    assert "direction" not in listing["items"][0]["meta"]  # details only


def settings_languages(value: str) -> subprocess.CompletedProcess:
    code = "from django.conf import settings; print(settings.LANGUAGES)"
    return subprocess.run(  # noqa: S603 - our interpreter, a fixed script
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "CLINIC_LANGUAGES": value,
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_clinic_languages_sets_the_languages():
    enabled = settings_languages("en,de,it,ar")
    assert enabled.returncode == 0, enabled.stderr
    assert "('ar', 'Arabic')" in enabled.stdout
    assert settings_languages("de,en").returncode != 0  # English must come first
    assert settings_languages("en,xx").returncode != 0


def test_search_stems_in_the_asked_language(client, clinic_site):
    german = clinic_site.german_condition
    german.summary = "Die Behandlung der ALS mit Stammzellen."
    publish(german)
    exact = get_json(client, "/api/v2/pages/?search=Behandlung&locale=de")
    assert [item["id"] for item in exact["items"]] == [german.pk]
    if connection.vendor != "postgresql":
        pytest.skip("stemming per language is PostgreSQL's (cms.search)")
    inflected = get_json(client, "/api/v2/pages/?search=Behandlungen&locale=de")
    assert [item["id"] for item in inflected["items"]] == [german.pk]
    # English rules do not stem the German plural to the same word.
    english = get_json(client, "/api/v2/pages/?search=Behandlungen")
    assert german.pk not in [item["id"] for item in english["items"]]
