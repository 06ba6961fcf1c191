"""Testimonials: consent on record decides what may be published."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from snippets import models as snippet_models
from snippets.models import ConsentScope, publishable_testimonials
from tests.factories import ConditionPageFactory, TestimonialFactory

from .admin import (
    ADD,
    CHOOSER,
    EDIT,
    LISTING,
    PUBLISH,
    listed,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"

# Consent that may not be published, and the reason the model gives.
INVALID_CONSENT = {
    "no consent date": (
        {"consent_given_on": None},
        "No consent date is on record.",
    ),
    "consent dated in the future": (
        {"consent_given_on": TODAY + DAY},
        "The consent date is in the future.",
    ),
    "no scope": (
        {"consent_scope": ""},
        "The scope of the consent is not recorded.",
    ),
    "revoked consent": (
        {"consent_revoked_on": TODAY - DAY},
        "The patient revoked consent.",
    ),
    "video with quote-only consent": (
        {"video_url": VIDEO, "consent_scope": ConsentScope.QUOTE},
        "A video needs consent that covers video.",
    ),
}
INVALID_IDS = list(INVALID_CONSENT)
# The cases the admin must refuse to publish (a subset, to keep the suite fast). A
# revocation is not typed into the form: it is recorded by its own action
# (tests/review/test_consent_withdrawal.py).
ADMIN_CASES = ["no consent date", "video with quote-only consent"]


def form_value(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else value or ""


def consent_form(**overrides) -> dict:
    fields = {
        "display_name": "A patient from Oman",
        "country": "OM",
        "quote": "Within days I was walking more steadily.",
        "video_url": "",
        "treatment_date": "2023-01-10",
        "consent_given_on": "2023-02-01",
        "consent_scope": ConsentScope.QUOTE,
        "consent_revoked_on": "",
    }
    fields.update({name: form_value(value) for name, value in overrides.items()})
    outcomes = streamfield([("outcome", "Walking improved")])
    return {**fields, **nested_form_data({"outcomes": outcomes})}


def test_create_and_publish_with_valid_consent(admin_client):
    response = admin_client.post(
        ADD.format(model="testimonial"),
        {
            **consent_form(
                video_url=VIDEO,
                consent_scope=ConsentScope.QUOTE_AND_VIDEO,
            ),
            **PUBLISH,
        },
    )

    assert response.status_code == 302
    testimonial = snippet_models.Testimonial.objects.get(
        display_name="A patient from Oman"
    )
    assert testimonial.live
    assert testimonial.has_valid_consent
    assert [child.value for child in testimonial.outcomes] == ["Walking improved"]
    assert testimonial.country.code == "OM"
    assert testimonial.video_url == VIDEO


@pytest.mark.parametrize("case", ADMIN_CASES)
def test_draft_without_valid_consent_is_saved(admin_client, case):
    fields, _reason = INVALID_CONSENT[case]

    response = admin_client.post(
        ADD.format(model="testimonial"), consent_form(**fields)
    )

    assert response.status_code == 302
    testimonial = snippet_models.Testimonial.objects.get(
        display_name="A patient from Oman"
    )
    assert response["Location"] == EDIT.format(model="testimonial", pk=testimonial.pk)
    assert not testimonial.live
    assert testimonial.latest_revision is not None
    assert not testimonial.has_valid_consent


@pytest.mark.parametrize("case", ADMIN_CASES)
def test_publish_without_valid_consent_is_refused_in_the_admin(admin_client, case):
    fields, reason = INVALID_CONSENT[case]

    response = admin_client.post(
        ADD.format(model="testimonial"), {**consent_form(**fields), **PUBLISH}
    )

    assert response.status_code == 200
    assert (
        f"This testimonial cannot be published: {reason}" in response.content.decode()
    )
    assert not snippet_models.Testimonial.objects.filter(live=True).exists()


def test_the_edit_form_cannot_set_or_clear_a_revocation(admin_client):
    """The revocation date is read-only in the form: a forged POST neither records
    one (that is the withdrawal action's job) nor erases one."""
    testimonial = TestimonialFactory(display_name="A patient from Oman")
    response = admin_client.post(
        EDIT.format(model="testimonial", pk=testimonial.pk),
        {**consent_form(consent_revoked_on=TODAY), **PUBLISH},
    )
    assert response.status_code == 302
    testimonial.refresh_from_db()
    assert testimonial.consent_revoked_on is None and testimonial.live

    snippet_models.Testimonial.objects.filter(pk=testimonial.pk).update(
        consent_revoked_on=TODAY - DAY
    )
    admin_client.post(
        EDIT.format(model="testimonial", pk=testimonial.pk),
        {**consent_form(consent_revoked_on=""), **PUBLISH},
    )
    testimonial.refresh_from_db()
    assert testimonial.consent_revoked_on == TODAY - DAY


def test_fresh_consent_after_a_revocation_is_valid():
    testimonial = TestimonialFactory.build(
        consent_revoked_on=TODAY - 10 * DAY, consent_given_on=TODAY - 20 * DAY
    )
    assert testimonial.consent_problems() == ["The patient revoked consent."]
    testimonial.consent_given_on = TODAY - DAY
    assert testimonial.consent_problems() == []


@pytest.mark.parametrize("case", INVALID_IDS)
def test_publish_refuses_a_revision_without_valid_consent(case):
    fields, reason = INVALID_CONSENT[case]
    testimonial = TestimonialFactory(publish=False, live=False, **fields)
    revision = testimonial.save_revision()

    with pytest.raises(ValidationError) as caught:
        revision.publish()

    assert caught.value.messages == [f"This testimonial cannot be published: {reason}"]
    testimonial.refresh_from_db()
    assert not testimonial.live
    assert testimonial.live_revision is None


def test_publish_with_valid_consent_goes_live():
    testimonial = TestimonialFactory(publish=False, live=False)

    testimonial.save_revision().publish()

    testimonial.refresh_from_db()
    assert testimonial.live
    assert testimonial.live_revision == testimonial.latest_revision


def test_every_problem_is_reported():
    testimonial = TestimonialFactory.build(
        consent_given_on=None, consent_scope="", consent_revoked_on=TODAY
    )

    assert testimonial.consent_problems() == [
        "No consent date is on record.",
        "The scope of the consent is not recorded.",
        "The patient revoked consent.",
    ]


def test_consent_revoked_later_is_valid_until_then():
    testimonial = TestimonialFactory.build(consent_revoked_on=TODAY + 10 * DAY)

    assert testimonial.consent_problems() == []
    assert testimonial.consent_problems(on_date=TODAY + 10 * DAY) == [
        "The patient revoked consent."
    ]


def test_publishable_queryset_agrees_with_consent_problems():
    valid = [
        TestimonialFactory(),
        TestimonialFactory(video_url=VIDEO, consent_scope=ConsentScope.QUOTE_AND_VIDEO),
        TestimonialFactory(consent_revoked_on=TODAY + DAY),
        TestimonialFactory(
            consent_revoked_on=TODAY - 10 * DAY, consent_given_on=TODAY - DAY
        ),
    ]
    # Saved as live directly, as data imported before the rule would be.
    invalid = [
        TestimonialFactory(publish=False, **fields)
        for fields, _reason in INVALID_CONSENT.values()
    ]
    TestimonialFactory(publish=False, live=False)

    assert all(testimonial.has_valid_consent for testimonial in valid)
    assert not any(testimonial.has_valid_consent for testimonial in invalid)
    assert set(publishable_testimonials()) == set(valid)


@pytest.fixture
def testimonials():
    return [
        TestimonialFactory(display_name="A patient from Oman", country="OM"),
        TestimonialFactory(display_name="A patient from Italy", country="IT"),
        TestimonialFactory(
            display_name="A patient from Germany",
            country="DE",
            publish=False,
            live=False,
        ),
    ]


@pytest.mark.parametrize(
    ("live", "expected"),
    [
        ("true", ["A patient from Italy", "A patient from Oman"]),
        ("false", ["A patient from Germany"]),
    ],
)
def test_listing_filters_by_live(admin_client, testimonials, live, expected):
    response = admin_client.get(LISTING.format(model="testimonial"), {"live": live})

    assert response.status_code == 200
    assert listed(response) == expected


def test_listing_filters_by_country(admin_client, testimonials):
    response = admin_client.get(LISTING.format(model="testimonial"), {"country": "OM"})

    assert response.status_code == 200
    assert listed(response) == ["A patient from Oman"]


def test_listing_filters_by_the_condition_page_that_chose_them(
    admin_client, testimonials
):
    """The link is the page's (``ConditionPage.testimonials``); the listing still
    filters testimonials by it."""
    oman, _italy, germany = testimonials
    page = ConditionPageFactory()
    page.testimonials.set([oman, germany])
    page.save_revision().publish()

    response = admin_client.get(
        LISTING.format(model="testimonial"), {"conditions": page.pk}
    )

    assert response.status_code == 200
    assert listed(response) == ["A patient from Germany", "A patient from Oman"]


def test_listing_search(admin_client, testimonials):
    response = admin_client.get(LISTING.format(model="testimonial"), {"q": "Oman"})

    assert response.status_code == 200
    assert listed(response) == ["A patient from Oman"]


def test_chooser_lists_testimonials(admin_client, testimonials):
    response = admin_client.get(CHOOSER.format(model="testimonial"))

    assert response.status_code == 200
    assert set(listed(response)) >= {"A patient from Oman", "A patient from Italy"}
