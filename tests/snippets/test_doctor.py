"""Doctors through the snippet admin: create, edit, list, filter, choose."""

from django.core.exceptions import ValidationError

import pytest

from snippets.models import Doctor
from tests.factories import DoctorFactory, ImageFactory

from .admin import (
    ADD,
    CHOOSER,
    CHOOSER_RESULTS,
    EDIT,
    LISTING,
    PUBLISH,
    form_errors,
    listed,
)

pytestmark = pytest.mark.django_db


def doctor_data(**overrides) -> dict:
    return {
        "honorific": "Dr.",
        "name": "Lana Jovanović",
        "credentials": "MD",
        "role": "Pediatrician, Regenerative Medicine Specialist",
        "photo": "",
        "bio": "Treats children with neurological conditions.",
        "specialties": "Pediatrics, Regenerative medicine",
        "languages": ["en", "sr"],
        "registration_number": "RS-4471",
        **overrides,
    }


def test_create_and_publish(admin_client):
    photo = ImageFactory()

    response = admin_client.post(
        ADD.format(model="doctor"), {**doctor_data(photo=photo.pk), **PUBLISH}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(LISTING.format(model="doctor"))
    doctor = Doctor.objects.get(name="Lana Jovanović")
    assert doctor.live
    assert doctor.live_revision == doctor.latest_revision
    assert str(doctor) == "Dr. Lana Jovanović, MD"
    assert doctor.photo == photo
    assert sorted(doctor.specialties.names()) == ["Pediatrics", "Regenerative medicine"]
    assert doctor.languages == ["en", "sr"]
    assert doctor.locale.language_code == "en"


def test_save_draft(admin_client):
    response = admin_client.post(ADD.format(model="doctor"), doctor_data())

    assert response.status_code == 302
    doctor = Doctor.objects.get(name="Lana Jovanović")
    assert response["Location"] == EDIT.format(model="doctor", pk=doctor.pk)
    assert not doctor.live


def test_edit_and_publish(admin_client):
    doctor = DoctorFactory(name="Aleksandra Fetyukhina", specialties=["Neurology"])

    response = admin_client.post(
        EDIT.format(model="doctor", pk=doctor.pk),
        {
            **doctor_data(
                name="Aleksandra Fetyukhina",
                role="Medical Advisor",
                specialties="Neurology, Rehabilitation",
                languages=["en", "ru", "de"],
            ),
            **PUBLISH,
        },
    )

    assert response.status_code == 302
    doctor.refresh_from_db()
    assert doctor.role == "Medical Advisor"
    assert sorted(doctor.specialties.names()) == ["Neurology", "Rehabilitation"]
    assert doctor.languages == ["en", "ru", "de"]
    assert not doctor.has_unpublished_changes


def test_unknown_language_is_refused_in_the_admin(admin_client):
    response = admin_client.post(
        ADD.format(model="doctor"), {**doctor_data(languages=["en", "xx"]), **PUBLISH}
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "languages": ["Select a valid choice. xx is not one of the available choices."]
    }
    assert not Doctor.objects.exists()


def test_unknown_language_is_refused_by_the_model():
    doctor = DoctorFactory(publish=False)
    doctor.languages = ["en", "xx", "klingon"]

    with pytest.raises(ValidationError) as caught:
        doctor.full_clean()

    assert caught.value.message_dict == {
        "languages": ["Unknown language code(s): xx, klingon."]
    }


def test_known_languages_pass_the_model():
    doctor = DoctorFactory(publish=False, languages=["de", "it", "sr"])

    doctor.full_clean()


def test_name_is_required(admin_client):
    response = admin_client.post(
        ADD.format(model="doctor"), {**doctor_data(name=""), **PUBLISH}
    )

    assert form_errors(response) == {"name": ["This field is required."]}


@pytest.fixture
def doctors():
    return {
        "lana": DoctorFactory(
            name="Lana Jovanović",
            role="Pediatrician",
            specialties=["Pediatrics", "Regenerative medicine"],
        ),
        "aleksandra": DoctorFactory(
            name="Aleksandra Fetyukhina",
            role="Medical Advisor",
            specialties=["Neurology"],
        ),
        "draft": DoctorFactory(name="Marko Ilić", publish=False, live=False),
    }


def test_listing_shows_every_doctor(admin_client, doctors):
    response = admin_client.get(LISTING.format(model="doctor"))

    assert response.status_code == 200
    assert listed(response) == [
        "Dr. Aleksandra Fetyukhina, MD",
        "Dr. Lana Jovanović, MD",
        "Dr. Marko Ilić, MD",
    ]


def test_listing_filters_by_specialty(admin_client, doctors):
    pediatrics = doctors["lana"].specialties.get(name="Pediatrics")

    response = admin_client.get(
        LISTING.format(model="doctor"), {"specialties": pediatrics.pk}
    )

    assert response.status_code == 200
    assert listed(response) == ["Dr. Lana Jovanović, MD"]


def test_listing_filters_by_live(admin_client, doctors):
    response = admin_client.get(LISTING.format(model="doctor"), {"live": "false"})

    assert response.status_code == 200
    assert listed(response) == ["Dr. Marko Ilić, MD"]


def test_listing_search(admin_client, doctors):
    response = admin_client.get(LISTING.format(model="doctor"), {"q": "Lana"})

    assert response.status_code == 200
    assert listed(response) == ["Dr. Lana Jovanović, MD"]


def test_chooser_lists_doctors(admin_client, doctors):
    response = admin_client.get(CHOOSER.format(model="doctor"))

    assert response.status_code == 200
    assert set(listed(response)) >= {
        "Dr. Lana Jovanović, MD",
        "Dr. Aleksandra Fetyukhina, MD",
    }


def test_chooser_search(admin_client, doctors):
    response = admin_client.get(
        CHOOSER_RESULTS.format(model="doctor"), {"q": "Fetyukhina"}
    )

    assert response.status_code == 200
    assert listed(response) == ["Dr. Aleksandra Fetyukhina, MD"]


def test_the_doctor_form_says_specialties_and_lists_usual_languages_first(
    admin_client,
):
    """Regression (issue 15): specialties were labelled "Tags", and the languages
    were an 87-item multi-select."""
    DoctorFactory(languages=["sr"])

    response = admin_client.get(ADD.format(model="doctor"))

    form = response.context["form"]
    assert form.fields["specialties"].label == "Specialties"
    languages = form.fields["languages"]
    assert languages.widget.input_type == "checkbox"
    (usual, usual_choices), (other, other_choices) = languages.choices
    assert (usual, other) == ("Usual languages", "Other languages")
    # The site's languages and those a doctor already speaks.
    assert {code for code, _name in usual_choices} == {"en", "de", "it", "sr"}
    assert "fr" in {code for code, _name in other_choices}
    assert 'type="checkbox" name="languages" value="sr"' in response.content.decode()
