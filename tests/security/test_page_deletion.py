"""Editors delete their own drafts only: not a colleague's draft, not a page in
medical review (pages.deletion). Administrators keep Wagtail's rule."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Page

import pytest

from pages.models import ConditionPage
from tests.factories import ConditionPageFactory

from .conftest import PASSWORD, ROLE_GROUPS, make_user

pytestmark = pytest.mark.django_db


def editor(username: str):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@clinic.example", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def draft_of(clinic_site):
    def build(owner, *, in_review=False) -> ConditionPage:
        page = ConditionPageFactory(parent=clinic_site.conditions, owner=owner)
        page.unpublish()
        revision = page.save_revision(user=owner)
        if in_review:
            page.get_workflow().start(page, owner)
        else:
            assert not page.workflow_in_progress
        assert revision is not None
        return page

    return build


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the
    dashboard (and a message)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def delete(client: Client, page: Page):
    url = f"/admin/pages/{page.pk}/delete/"
    return client.get(url), client.post(url)


def test_an_editor_cannot_delete_a_colleagues_draft(draft_of):
    anna, ben = editor("anna"), editor("ben")
    page = draft_of(ben)
    shown, posted = delete(signed_in(anna), page)
    assert refused(shown) and refused(posted)
    assert Page.objects.filter(pk=page.pk).exists()


def test_an_editor_cannot_delete_a_page_in_medical_review(draft_of):
    ben = editor("ben")
    page = draft_of(ben, in_review=True)
    shown, posted = delete(signed_in(ben), page)
    assert refused(shown) and refused(posted)
    assert Page.objects.filter(pk=page.pk).exists()


def test_an_editor_deletes_their_own_draft(draft_of):
    ben = editor("ben")
    page = draft_of(ben)
    _shown, posted = delete(signed_in(ben), page)
    assert posted.status_code == 302 and not refused(posted)
    assert not Page.objects.filter(pk=page.pk).exists()


def test_bulk_delete_applies_the_same_rule(draft_of):
    anna, ben = editor("anna"), editor("ben")
    page = draft_of(ben)
    signed_in(anna).post(f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}")
    assert Page.objects.filter(pk=page.pk).exists()


def test_an_administrator_still_deletes_drafts(draft_of):
    ben = editor("ben")
    page = draft_of(ben)
    administrator = make_user("administrator", ROLE_GROUPS["administrator"])
    _shown, posted = delete(signed_in(administrator), page)
    assert posted.status_code == 302 and not refused(posted)
    assert not Page.objects.filter(pk=page.pk).exists()
