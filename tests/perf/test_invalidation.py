"""A change shows in the very next response, although the previous one was cached."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from pages.models import ClinicSettings, ConditionPage
from review.records import record_review
from snippets.models import Doctor, ReferenceAuthor
from tests.factories import make_user
from tests.snippets.record_server import POLL_INTERVAL

pytestmark = pytest.mark.django_db


def cached_json(client, url):
    """GET twice, so that the second answer comes from the cache, and return it."""
    client.get(url)
    response = client.get(url)
    assert response["X-API-Cache"] == "hit", url
    return response.json()


def fresh_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    if status == 200:
        assert response["X-API-Cache"] == "miss", url
    return response.json()


def detail(site):
    return f"/api/v2/pages/{site.condition.pk}/"


def section_content(data):
    """The first block of each type in the first section."""
    content = {}
    for child in data["body"][0]["value"]["content"]:
        content.setdefault(child["type"], child["value"])
    return content


def test_publishing_a_page_refreshes_detail_find_and_listing(client, clinic_site):
    listing = "/api/v2/pages/?type=pages.ConditionPage&locale=en"
    find = "/api/v2/pages/find/?html_path=/conditions/als/"
    for url in (detail(clinic_site), listing, find):
        cached_json(client, url)
    clinic_site.condition.title = "ALS, revised"
    clinic_site.condition.save_revision().publish()
    assert fresh_json(client, detail(clinic_site))["title"] == "ALS, revised"
    assert fresh_json(client, find)["title"] == "ALS, revised"
    assert fresh_json(client, listing)["items"][0]["title"] == "ALS, revised"


def test_publishing_a_linked_page_refreshes_the_pages_that_link_to_it(
    client, clinic_site
):
    before = cached_json(client, detail(clinic_site))
    assert before["related_pages"][0]["title"] == "Mesenchymal stem cells"
    clinic_site.therapy.title = "MSC therapy"
    clinic_site.therapy.save_revision().publish()
    after = fresh_json(client, detail(clinic_site))
    assert after["related_pages"][0]["title"] == "MSC therapy"
    # The German translation lists the page among its alternates.
    clinic_site.condition.title = "ALS again"
    clinic_site.condition.save_revision().publish()
    german = fresh_json(client, f"/api/v2/pages/{clinic_site.german_condition.pk}/")
    assert german["alternates"][0]["title"] == "ALS again"


def test_unpublishing_hides_the_page_and_its_links(client, clinic_site):
    cached_json(client, detail(clinic_site))
    therapy_url = f"/api/v2/pages/{clinic_site.therapy.pk}/"
    cached_json(client, therapy_url)
    clinic_site.therapy.unpublish()
    fresh_json(client, therapy_url, status=404)
    data = fresh_json(client, detail(clinic_site))
    assert data["related_pages"] == []
    assert "/therapies/mscs/" not in str(data)


def test_moving_a_page_refreshes_paths_everywhere(client, clinic_site):
    cached_json(client, detail(clinic_site))
    clinic_site.therapy.move(clinic_site.conditions, pos="last-child")
    data = fresh_json(client, detail(clinic_site))
    assert data["related_pages"][0]["path"] == "/conditions/mscs/"
    assert 'href="/conditions/mscs/"' in data["intro"]


def test_deleting_a_page_removes_it_from_the_pages_that_link_to_it(client, clinic_site):
    data = cached_json(client, detail(clinic_site))
    assert section_content(data)["link"]["page"]["id"] == clinic_site.article.pk
    clinic_site.article.delete()
    data = fresh_json(client, detail(clinic_site))
    assert section_content(data)["link"]["page"] is None


def test_editing_a_doctor_refreshes_pages_showing_them(client, clinic_site):
    cached_json(client, detail(clinic_site))
    cached_json(client, "/api/v2/doctors/")
    clinic_site.doctor.name = "Lana Petrovic"
    clinic_site.doctor.save_revision().publish()
    data = fresh_json(client, detail(clinic_site))
    assert data["medical_review"]["reviewer"]["name"] == "Dr. Lana Petrovic"
    assert data["body"][1]["value"]["doctor"]["name"] == "Dr. Lana Petrovic"
    doctors = fresh_json(client, "/api/v2/doctors/")
    assert "Dr. Lana Petrovic" in [doctor["name"] for doctor in doctors["items"]]


def test_editing_a_doctors_photo_refreshes_pages_showing_the_doctor(
    client, clinic_site
):
    cached_json(client, detail(clinic_site))
    photo = clinic_site.doctor.photo
    photo.title = "Portrait 2026"
    photo.save()
    data = fresh_json(client, detail(clinic_site))
    assert data["medical_review"]["reviewer"]["photo"]["title"] == "Portrait 2026"


def test_editing_a_testimonial_refreshes_pages_showing_it(client, clinic_site):
    cached_json(client, detail(clinic_site))
    clinic_site.testimonial.quote = "I can walk to the shop again."
    clinic_site.testimonial.save_revision().publish()
    data = fresh_json(client, detail(clinic_site))
    quotes = [item["quote"] for item in section_content(data)["testimonials"]["items"]]
    assert quotes == ["I can walk to the shop again."]


def test_editing_a_reference_or_its_authors_refreshes_pages_citing_it(
    client, clinic_site
):
    cached_json(client, detail(clinic_site))
    clinic_site.reference.title = "A corrected title"
    clinic_site.reference.save()
    assert fresh_json(client, detail(clinic_site))["references"][0]["title"] == (
        "A corrected title"
    )
    cached_json(client, detail(clinic_site))
    ReferenceAuthor.objects.create(
        reference=clinic_site.reference, family_name="Zeta", initials="Z", sort_order=9
    )
    citation = fresh_json(client, detail(clinic_site))["references"][0]["citation"]
    assert "Glass J, Zeta Z." in citation


def test_editing_an_image_refreshes_pages_showing_it(client, clinic_site):
    cached_json(client, detail(clinic_site))
    clinic_site.image.description = "A new description"
    clinic_site.image.title = "hero, retouched"
    clinic_site.image.save()
    data = fresh_json(client, detail(clinic_site))
    assert data["hero_image"]["title"] == "hero, retouched"


def test_a_new_view_restriction_hides_links_at_once(client, clinic_site):
    cached_json(client, detail(clinic_site))
    restriction = PageViewRestriction.objects.create(
        page=clinic_site.therapy, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get_or_create(name="Staff only")[0]])
    assert fresh_json(client, detail(clinic_site))["related_pages"] == []


def test_site_settings_refresh_the_site_endpoint(client, clinic_site):
    assert cached_json(client, "/api/v2/site/")["contact_phone"] == "+41 22 508 71 72"
    clinic = ClinicSettings.objects.get()
    clinic.contact_phone = "+41 22 000 00 00"
    clinic.save()
    assert fresh_json(client, "/api/v2/site/")["contact_phone"] == "+41 22 000 00 00"


class PurgeRecorder(BaseHTTPRequestHandler):
    """A stand-in CDN purge endpoint on 127.0.0.1 that records what it is asked."""

    received: list[tuple[str, str, str]] = []

    def do_PURGE(self):
        self.received.append((self.command, self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    server = HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.received = []
    thread = threading.Thread(
        target=server.serve_forever, args=(POLL_INTERVAL,), daemon=True
    )
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    settings.WAGTAILFRONTENDCACHE_LANGUAGES = []
    yield PurgeRecorder.received
    server.shutdown()
    server.server_close()


def test_changes_purge_the_api_urls_from_the_cdn_after_commit(
    clinic_site, purge_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        clinic_site.doctor.role = "Head of neurology"
        clinic_site.doctor.save_revision().publish()
    assert purge_server == []  # nothing is purged before the commit
    for callback in callbacks:
        callback()
    paths = {path for _method, _host, path in purge_server}
    assert f"/api/v2/pages/{clinic_site.condition.pk}/" in paths
    assert "/api/v2/pages/find/?html_path=/conditions/als/" in paths
    assert {"/api/v2/pages/", "/api/v2/site/"} <= paths
    assert {host for _method, host, _path in purge_server} == {"testserver"}


def test_approving_the_live_revision_refreshes_the_page(client, clinic_site):
    """An approval of the revision that is already live writes the review record
    into the live row without publishing: the API must still show it at once."""
    reviewer = make_user("rhea", "Medical reviewers")
    Doctor.objects.filter(pk=clinic_site.doctor.pk).update(user=reviewer)
    page = ConditionPage.objects.get(pk=clinic_site.condition.pk)
    before = cached_json(client, detail(clinic_site))["medical_review"]
    record_review(page, page.live_revision, reviewer)
    after = fresh_json(client, detail(clinic_site))["medical_review"]
    assert after != before
    assert after["reviewer"]["id"] == clinic_site.doctor.pk
    assert after["status"] == "reviewed"
