"""Interface labels in the admin: one set per language, worded by editors."""

from django.test import Client
from django.urls import reverse

from wagtail.models import Locale

import pytest

from pages.models import InterfaceLabels
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


def editor_client() -> Client:
    client = Client()
    client.force_login(make_user("labels-editor", "Editors"))
    return client


def test_an_editor_words_the_labels_of_a_language():
    german = Locale.objects.get_or_create(language_code="de")[0]
    client = editor_client()
    add = reverse("wagtailsnippets_pages_interfacelabels:add") + "?locale=de"
    response = client.post(add, {"key_facts": "Das Wichtigste", "price_from": "ab"})
    assert response.status_code == 302, response.content[:300]
    labels = InterfaceLabels.objects.get(locale=german)
    assert (labels.key_facts, labels.price_from) == ("Das Wichtigste", "ab")
    assert InterfaceLabels.texts(german)["key_facts"] == "Das Wichtigste"
    assert InterfaceLabels.texts(german)["references"] == "References"


def test_a_second_set_for_a_language_is_refused_in_the_form():
    german = Locale.objects.get_or_create(language_code="de")[0]
    InterfaceLabels.objects.create(locale=german, key_facts="Das Wichtigste")
    client = editor_client()
    add = reverse("wagtailsnippets_pages_interfacelabels:add") + "?locale=de"
    response = client.post(add, {"key_facts": "Kurz gesagt"})
    assert response.status_code == 200
    assert b"has its interface labels already" in response.content
    assert InterfaceLabels.objects.filter(locale=german).count() == 1
