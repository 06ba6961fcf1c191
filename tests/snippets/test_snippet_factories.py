"""Every snippet factory builds a valid object with no arguments."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "snippet_factory",
    [factories.DoctorFactory, factories.TestimonialFactory],
    ids=["Doctor", "Testimonial"],
)
def test_reviewed_snippet_is_valid_and_published(snippet_factory):
    obj = snippet_factory()

    obj.full_clean()
    assert obj.live
    assert obj.live_revision_id == obj.latest_revision_id
    assert obj.locale.language_code == "en"


def test_published_doctor_revision_keeps_the_specialties():
    doctor = factories.DoctorFactory(specialties=["Neurology", "Pediatrics"])

    published = doctor.live_revision.as_object()

    assert sorted(published.specialties.names()) == ["Neurology", "Pediatrics"]


def test_testimonial_factory_has_valid_consent():
    assert factories.TestimonialFactory().consent_problems() == []


def test_reference_is_valid_with_its_authors():
    reference = factories.ReferenceFactory()

    reference.full_clean()
    assert reference.authors.count() == 2
    assert reference.citation.startswith("Wang Y, Song Y. ")


def test_image_is_in_the_root_collection():
    image = factories.ImageFactory()

    assert image.collection.is_root()
    assert (image.width, image.height) == (1200, 800)
