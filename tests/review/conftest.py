"""Fixtures of the editorial flow: the three roles, a clinic site with its condition
section, and the admin actions each role takes."""

from django.urls import reverse

from wagtail.models import Site
from wagtail.test.utils.form_data import rich_text

import pytest

from pages.models import ConditionPage
from tests.factories import (
    ConditionIndexPageFactory,
    DoctorFactory,
    HomePageFactory,
    TherapyIndexPageFactory,
    make_user,
)
from tests.pages.editor import list_items, medical_page_data, price_table, section


@pytest.fixture
def site_tree(db):
    home = HomePageFactory(title="Clinic", slug="clinic")
    # Saved as the admin saves it: a save clears Wagtail's cached site root paths,
    # which every publish now reads (the change feed records paths).
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return {
        "home": home,
        "conditions": ConditionIndexPageFactory(parent=home),
        "therapies": TherapyIndexPageFactory(parent=home),
    }


@pytest.fixture
def editor(db):
    return make_user("edna", "Editors")


@pytest.fixture
def reviewer_doctor(db):
    return DoctorFactory(name="Lana Marković", credentials="MD", role="Pediatrician")


@pytest.fixture
def reviewer(reviewer_doctor):
    user = make_user("lana", "Medical reviewers")
    reviewer_doctor.user = user
    reviewer_doctor.save()
    return user


@pytest.fixture
def second_reviewer(db):
    """Another doctor in Medical reviewers: the second pair of eyes."""
    user = make_user("marco", "Medical reviewers")
    DoctorFactory(name="Marco Rossi", credentials="MD", role="Neurologist", user=user)
    return user


@pytest.fixture
def administrator(db):
    return make_user("ada", "Administrators")


def condition_body() -> list:
    """A section with a price table, and an FAQ: what the browser test builds too."""
    return [
        (
            "section",
            section(
                "Cost of treatment",
                [
                    ("paragraph", rich_text("<p>The price depends on the plan.</p>")),
                    ("price_table", price_table()),
                ],
            ),
        ),
        (
            "faq",
            {
                "items": list_items(
                    [
                        {
                            "title": "How long is the stay?",
                            "text": rich_text("<p>About eight days.</p>"),
                        }
                    ]
                )
            },
        ),
    ]


def condition_data(title: str = "Stem cell therapy for ALS", **fields) -> dict:
    fields.setdefault("slug", "stem-cell-therapy-for-als")
    return medical_page_data(title, condition_body(), **fields)


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["pages", "conditionpage", parent.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def create_and_submit(client, parent, **fields) -> ConditionPage:
    """The editor's "Submit to Medical review" on a new condition page."""
    response = client.post(
        add_url(parent), {**condition_data(**fields), "action-submit": "1"}
    )
    assert response.status_code == 302, (
        response.context and response.context["form"].errors
    )
    return ConditionPage.objects.get(
        slug=fields.get("slug", "stem-cell-therapy-for-als")
    )


def approve(client, page, comment: str = ""):
    """The reviewer's "Approve" in the approval dialog."""
    page = page.specific_class.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    return client.post(url, {"comment": comment})
