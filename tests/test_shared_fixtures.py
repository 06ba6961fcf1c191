"""The module-scoped sites stay isolated per test: the tests below run in file order,
and each later one checks that nothing an earlier one did is left behind."""

import pytest

from pages.models import ConditionPage
from snippets.models import Doctor
from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db

TITLE = "Stem cell therapy for ALS"


def test_1_a_test_writes_and_changes_objects_in_memory(clinic_site):
    assert clinic_site.condition.title == TITLE
    DoctorFactory(name="Leaked Doctor")
    page = ConditionPage.objects.get(pk=clinic_site.condition.pk)
    page.title = "Saved by test 1"
    page.save()
    clinic_site.condition.title = "Changed in memory by test 1"
    clinic_site.doctor.name = "Changed in memory by test 1"
    clinic_site.extra["left_by_test_1"] = True


def test_2_the_next_test_sees_none_of_it(clinic_site):
    assert not Doctor.objects.filter(name="Leaked Doctor").exists()
    assert ConditionPage.objects.get(pk=clinic_site.condition.pk).title == TITLE
    assert clinic_site.condition.title == TITLE
    assert clinic_site.doctor.name == "Lana"
    assert "left_by_test_1" not in clinic_site.extra


def test_3_the_site_is_built_once_per_module(clinic_site, shared_site):
    assert clinic_site.condition.pk == shared_site.condition.pk
    assert clinic_site.condition is not shared_site.condition
