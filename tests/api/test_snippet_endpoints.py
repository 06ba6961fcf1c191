import pytest

from tests.factories import DoctorFactory, DocumentFactory, ReferenceFactory

from .test_pages_endpoint import get_json

pytestmark = pytest.mark.django_db


def test_doctors_lists_published_doctors_only(client, clinic_site, validate_response):
    data = get_json(client, "/api/v2/doctors/")
    validate_response(data["items"][0], "Doctor")
    assert [item["id"] for item in data["items"]] == [clinic_site.doctor.pk]
    detail = get_json(client, f"/api/v2/doctors/{clinic_site.doctor.pk}/")
    assert detail["name"] == "Dr. Lana"
    assert detail["languages"] == ["en", "sr"]
    assert detail["photo"]["alt"] == "Dr. Lana"
    get_json(client, f"/api/v2/doctors/{clinic_site.draft_doctor.pk}/", status=404)


def test_doctors_search_order_and_locale(client, clinic_site):
    DoctorFactory(name="Anja Berger")
    DoctorFactory(name="Zoran Ilić")

    def names(query: str) -> list[str]:
        return [item["name"] for item in get_json(client, query)["items"]]

    assert names("/api/v2/doctors/?search=Lana") == ["Dr. Lana"]
    assert names("/api/v2/doctors/?order=name") == [
        "Dr. Anja Berger",
        "Dr. Lana",
        "Dr. Zoran Ilić",
    ]
    assert names("/api/v2/doctors/?order=-name") == [
        "Dr. Zoran Ilić",
        "Dr. Lana",
        "Dr. Anja Berger",
    ]
    assert names("/api/v2/doctors/?locale=de") == []
    get_json(client, "/api/v2/doctors/?fields=bio", status=400)


def test_testimonials_need_publication_and_valid_consent(
    client, clinic_site, validate_response
):
    data = get_json(client, "/api/v2/testimonials/")
    assert [item["id"] for item in data["items"]] == [clinic_site.testimonial.pk]
    validate_response(data["items"][0], "TestimonialItem")
    for hidden in clinic_site.hidden_testimonials:
        get_json(client, f"/api/v2/testimonials/{hidden.pk}/", status=404)


def test_testimonials_filter_by_condition(client, clinic_site):
    clinic_site.testimonial.conditions.add(clinic_site.condition)
    clinic_site.testimonial.save()
    about = get_json(
        client, f"/api/v2/testimonials/?condition={clinic_site.condition.pk}"
    )
    assert [item["id"] for item in about["items"]] == [clinic_site.testimonial.pk]
    other = get_json(
        client, f"/api/v2/testimonials/?condition={clinic_site.therapy.pk}"
    )
    assert other["items"] == []


def test_revoking_consent_hides_a_published_testimonial(client, clinic_site):
    testimonial = clinic_site.testimonial
    testimonial.consent_revoked_on = testimonial.consent_given_on
    testimonial.save()
    assert get_json(client, "/api/v2/testimonials/")["items"] == []
    page = get_json(client, f"/api/v2/pages/{clinic_site.condition.pk}/")
    assert "My legs felt stronger" not in str(page)


def test_references(client, clinic_site, validate_response):
    data = get_json(client, "/api/v2/references/")
    item = data["items"][0]
    validate_response(item, "ReferenceItem")
    assert item["authors"][0] == {"family_name": "Morata-Tarifa", "initials": "C"}
    assert item["doi_url"] == "https://doi.org/10.1038/s41536-021-00131-5"
    other = ReferenceFactory(doi="10.3389/fneur.2021.783122")
    by_doi = get_json(client, "/api/v2/references/?doi=10.1038/s41536-021-00131-5")
    assert [item["id"] for item in by_doi["items"]] == [clinic_site.reference.pk]
    by_doi = get_json(client, "/api/v2/references/?doi=10.3389/fneur.2021.783122")
    assert [item["id"] for item in by_doi["items"]] == [other.pk]


def test_images_exclude_private_collections(client, clinic_site, validate_response):
    data = get_json(client, "/api/v2/images/?limit=50")
    ids = {item["id"] for item in data["items"]}
    assert clinic_site.image.pk in ids
    assert clinic_site.private_image.pk not in ids
    get_json(client, f"/api/v2/images/{clinic_site.private_image.pk}/", status=404)
    detail = get_json(client, f"/api/v2/images/{clinic_site.image.pk}/")
    validate_response(detail, "ImageItem")
    assert detail["srcset"]["webp"].endswith("1200w")


def test_documents_exclude_private_collections(client, clinic_site, validate_response):
    leaflet = DocumentFactory(title="Patient leaflet")
    private = DocumentFactory(
        title="Internal protocol", collection=clinic_site.private_image.collection
    )
    data = get_json(client, "/api/v2/documents/")
    assert [item["id"] for item in data["items"]] == [leaflet.pk]
    validate_response(data["items"][0], "Document")
    assert data["items"][0]["title"] == "Patient leaflet"
    assert f"/documents/{leaflet.pk}/" in data["items"][0]["meta"]["download_url"]
    detail = get_json(client, f"/api/v2/documents/{leaflet.pk}/")
    assert detail["title"] == "Patient leaflet"
    get_json(client, f"/api/v2/documents/{private.pk}/", status=404)


def test_site_endpoint(client, clinic_site, validate_response):
    data = get_json(client, "/api/v2/site/")
    validate_response(data, "Site")
    assert data["contact_phone"] == "+41 22 508 71 72"
    assert data["social_links"] == [
        {"platform": "facebook", "url": "https://facebook.com/clinic"}
    ]
    assert data["labels"]["callback"] == "Call me back"
    assert data["labels"]["consultation"] == "Free online consultation"
    assert [item["title"] for item in data["navigation"]] == ["Conditions", "Therapies"]
    assert {locale["code"] for locale in data["locales"]} == {"en", "de"}
    assert data["emergency_numbers"] == [
        {"country": "EU", "number": "112", "label": ""},
        {"country": "US", "number": "911", "label": "Ambulance"},
    ]
    german = get_json(client, "/api/v2/site/?locale=de")
    assert german["home"]["path"] == "/de/"
    assert german["emergency_numbers"] == []  # none given for German
    get_json(client, "/api/v2/site/?locale=xx", status=400)
    get_json(client, "/api/v2/site/?unknown=1", status=400)
