"""wagtail-localize's snippet lookup and translations report show content only to
staff who may see it (``pages.localize_access``): a patient coordinator (admin
access, no page or doctor permission) gets neither a draft doctor's name nor the
title of a draft page's translation; an editor gets both."""

from django.test import Client

from wagtail.models import Locale

import pytest

from cms.translations import translate
from snippets.models import Doctor
from tests.factories import DoctorFactory, make_user

pytestmark = pytest.mark.django_db

NAME = "Dr Unpublished Doctor"


@pytest.fixture
def draft_doctor_in_german():
    doctor = DoctorFactory(name=NAME, credentials="MD")
    Doctor.objects.filter(pk=doctor.pk).update(live=False)
    translate(doctor, Locale.objects.get_or_create(language_code="de")[0], {})
    return Doctor.objects.get(pk=doctor.pk)


def logged_in(username: str, group: str) -> Client:
    client = Client()
    client.force_login(make_user(username, group))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/localize/api/snippets/snippets/doctor/",
        "/admin/localize/api/snippets/snippets/doctor/{pk}/",
        "/admin/localize/reports/translations/",
        "/admin/localize/reports/translations/results/",
    ],
)
def test_only_staff_with_rights_see_snippets_and_translations(
    url, draft_doctor_in_german
):
    url = url.format(pk=draft_doctor_in_german.pk)
    refused = logged_in("cora", "Patient coordinators").get(url)
    assert refused.status_code in (302, 403)
    assert NAME not in refused.content.decode()
    allowed = logged_in("edna", "Editors").get(url)
    assert allowed.status_code == 200
    assert NAME in allowed.content.decode()


def test_the_translations_report_is_in_the_menu_of_translators_only():
    report = "/admin/localize/reports/translations/"
    assert report in logged_in("edna", "Editors").get("/admin/").content.decode()
    coordinator = logged_in("cora", "Patient coordinators").get("/admin/")
    assert coordinator.status_code == 200
    assert report not in coordinator.content.decode()
