"""Translations of medical pages are medically reviewed in their own language.

A German translation made with wagtail-localize goes through the same "Medical
review" workflow as its English source: an editor submits it from the translation
editor, "Approve" is offered only to reviewers whose doctor profile lists German,
and the approval writes the German page's own review record. When the English page
is re-approved with changes the translation is outdated (API, report) until it is
synced, translated, submitted and approved again.
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, TaskState

import pytest
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from cms.translations import translate, translation_state
from pages.models import ConditionPage
from review.records import outdated_translations, record_review, speaks_language
from snippets.models import Doctor
from tests.factories import ConditionPageFactory, DoctorFactory, make_user

from .conftest import approve

pytestmark = pytest.mark.django_db

SUMMARY = "Stem cells may slow the disease."
SUMMARY_DE = "Stammzellen können die Krankheit verlangsamen."
NEW_SUMMARY = "Stem cells may slow the disease in some patients."
NEW_SUMMARY_DE = "Stammzellen können die Krankheit bei manchen verlangsamen."


@pytest.fixture
def german(db):
    return Locale.objects.get_or_create(language_code="de")[0]


@pytest.fixture
def german_reviewer(german):
    """A reviewer whose doctor profile lists German, translated into German."""
    user = make_user("greta", "Medical reviewers")
    doctor = DoctorFactory(
        name="Greta Keller", credentials="MD", languages=["en", "de"], user=user
    )
    translate(doctor, german, {})
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def action_names(page, user) -> list[str]:
    page = ConditionPage.objects.get(pk=page.pk)
    task = page.current_workflow_task
    return [name for name, _label, _modal in task.get_actions(page, user)]


def medical_review(client, page) -> dict:
    """The page's API detail as the frontend finds it, by its localized path."""
    path = page.get_url_parts()[2]
    response = client.get(f"/api/v2/pages/find/?html_path={path}", follow=True)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def submit_translation(user, page) -> None:
    response = logged_in(user).post(
        reverse("review_submit_translation", args=[page.pk])
    )
    assert response.status_code == 302, response.content[:300]


@pytest.fixture
def als(site_tree, reviewer):
    """A reviewed English condition page and its German translation, published."""
    page = ConditionPageFactory(
        parent=site_tree["conditions"], title="ALS", summary=SUMMARY
    )
    record_review(page, page.live_revision, reviewer)
    german_page = translate(
        page, Locale.objects.get_or_create(language_code="de")[0], {SUMMARY: SUMMARY_DE}
    ).target
    return ConditionPage.objects.get(pk=page.pk), german_page


def test_language_matching_compares_the_primary_subtag():
    doctor = Doctor(languages=["en", "de-CH"])
    assert speaks_language(doctor, Locale(language_code="de"))
    assert speaks_language(doctor, Locale(language_code="en-gb"))
    assert not speaks_language(doctor, Locale(language_code="it"))
    assert speaks_language(Doctor(languages=["de"]), Locale(language_code="de-ch"))


def test_a_translation_published_without_review_is_never_reviewed(client, als):
    _english, german_page = als
    assert german_page.reviewed_by is None and not german_page.has_unreviewed_changes
    data = medical_review(client, german_page)
    assert data["summary"] == SUMMARY_DE
    assert data["medical_review"]["status"] == "never_reviewed"
    assert data["medical_review"]["reviewer"] is None


def test_only_a_reviewer_who_reads_german_approves_the_german_page(
    client, als, editor, reviewer, german_reviewer
):
    english, german_page = als
    english_record = (english.reviewed_by, english.reviewed_revision_id)
    submit_translation(editor, german_page)
    german_page = ConditionPage.objects.get(pk=german_page.pk)
    task_state = german_page.current_workflow_task_state
    assert task_state.revision == german_page.latest_revision

    # Lana's profile lists English and Serbian: no "Approve" anywhere Wagtail
    # builds its actions (the dashboard too), and a forged POST is refused.
    assert "approve" not in action_names(german_page, reviewer)
    assert "reject" in action_names(german_page, reviewer)
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[german_page.pk, "approve", task_state.pk],
    )
    assert approve_url not in logged_in(reviewer).get("/admin/").content.decode()
    approve(logged_in(reviewer), german_page)
    assert ConditionPage.objects.get(pk=german_page.pk).reviewed_by is None
    assert TaskState.objects.get(pk=task_state.pk).status == "in_progress"
    with pytest.raises(PermissionDenied, match=r"German \(de\).*doctor profile"):
        task_state.task.specific.on_action(task_state, reviewer, "approve")

    # Greta reads German: she is offered "Approve" and her approval is the German
    # page's review, naming her German profile; the English record is untouched.
    assert "approve" in action_names(german_page, german_reviewer)
    assert approve(logged_in(german_reviewer), german_page).status_code == 302
    german_page = ConditionPage.objects.get(pk=german_page.pk)
    greta = german_reviewer.doctor
    assert german_page.reviewed_by == greta.get_translation(german_page.locale)
    assert german_page.reviewed_revision == german_page.live_revision
    assert german_page.last_reviewed == timezone.localdate()
    english.refresh_from_db()
    assert (english.reviewed_by, english.reviewed_revision_id) == english_record

    data = medical_review(client, german_page)
    assert data["medical_review"]["status"] == "reviewed"
    assert data["medical_review"]["reviewer"]["id"] == german_page.reviewed_by_id
    assert data["medical_review"]["last_reviewed"] == timezone.localdate().isoformat()
    english_data = medical_review(client, english)
    assert english_data["medical_review"]["reviewer"]["id"] == english.reviewed_by_id


def test_outdated_synced_and_reviewed_again(
    client, als, editor, reviewer, german_reviewer, administrator
):
    english, german_page = als
    submit_translation(editor, german_page)
    approve(logged_in(german_reviewer), german_page)
    german_page = ConditionPage.objects.get(pk=german_page.pk)
    first_review = german_page.reviewed_revision_id
    assert translation_state(german_page).status == "current"

    # The English page is changed and re-approved by its (English) reviewer.
    draft = english.get_latest_revision_as_object()
    draft.summary = NEW_SUMMARY
    draft.save_revision(user=editor)
    english.get_workflow().start(english, editor)
    assert approve(logged_in(reviewer), english).status_code == 302
    english.refresh_from_db()
    assert english.summary == NEW_SUMMARY

    data = medical_review(client, german_page)
    assert data["translation"]["status"] == "outdated"
    assert german_page in outdated_translations()
    report = logged_in(administrator).get("/admin/reports/reviews-due/")
    assert "Outdated: the en source changed" in report.content.decode()

    # "Sync translated pages" (without publishing): the new segment is offered for
    # translation, but the live German page still shows the old translation, so it
    # stays outdated.
    source = TranslationSource.objects.get_for_instance(english)
    response = logged_in(administrator).post(
        reverse("wagtail_localize:update_translations", args=[source.pk])
    )
    assert response.status_code == 302, response.content[:500]
    assert translation_state(german_page).status == "outdated"
    assert medical_review(client, german_page)["summary"] == SUMMARY_DE

    # The editor translates the new segment in the translation editor and submits.
    translation = Translation.objects.get(
        source=source, target_locale=german_page.locale
    )
    segment = StringSegment.objects.get(source=source, string__data=NEW_SUMMARY)
    response = logged_in(editor).put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, segment.pk],
        ),
        urlencode({"value": NEW_SUMMARY_DE}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content[:300]
    submit_translation(editor, german_page)
    assert translation_state(german_page).status == "outdated"
    assert "approve" not in action_names(german_page, reviewer)
    assert approve(logged_in(german_reviewer), german_page).status_code == 302

    german_page = ConditionPage.objects.get(pk=german_page.pk)
    assert german_page.reviewed_revision == german_page.live_revision
    assert german_page.reviewed_revision_id != first_review
    data = medical_review(client, german_page)
    assert data["summary"] == NEW_SUMMARY_DE
    assert data["translation"] == {
        "source_locale": "en",
        "source_revision": english.live_revision_id,
        "status": "current",
    }
    assert data["medical_review"]["status"] == "reviewed"
    assert german_page not in outdated_translations()


def test_a_reviewed_translation_published_outside_the_review_is_flagged(
    client,
    als,
    editor,
    german_reviewer,
    administrator,
    django_capture_on_commit_callbacks,
):
    """As for an English page: the administrator's "Publish" in the translation
    editor puts unreviewed text live, and the page says so."""
    english, german_page = als
    submit_translation(editor, german_page)
    approve(logged_in(german_reviewer), german_page)
    source = TranslationSource.objects.get_for_instance(english)
    translation = Translation.objects.get(
        source=source, target_locale=german_page.locale
    )
    segment = StringSegment.objects.get(source=source, string__data=SUMMARY)
    admin = logged_in(administrator)
    admin.put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, segment.pk],
        ),
        urlencode({"value": "Ungeprüfter Text."}),
        content_type="application/x-www-form-urlencoded",
    )
    # wagtail-localize publishes when the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("wagtailadmin_pages:edit", args=[german_page.pk]),
            {"action": "publish"},
        )
    assert response.status_code in (200, 302)
    german_page = ConditionPage.objects.get(pk=german_page.pk)
    assert german_page.summary == "Ungeprüfter Text."
    assert german_page.has_unreviewed_changes
    data = medical_review(client, german_page)
    assert data["medical_review"]["status"] == "changed_since_review"


def test_the_submit_button_shows_on_translations_of_medical_pages_only(
    als, editor, reviewer
):
    english, german_page = als
    button = reverse("review_submit_translation", args=[german_page.pk])
    editor_client = logged_in(editor)
    german_editor = editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[german_page.pk])
    ).content.decode()
    assert button in german_editor
    english_editor = editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[english.pk])
    ).content.decode()
    assert "review/translations/" not in english_editor
    # A source page is submitted with Wagtail's own "Submit to Medical review";
    # the admin answers a refused request by sending the user home.
    response = editor_client.post(
        reverse("review_submit_translation", args=[english.pk])
    )
    assert (response.status_code, response.url) == (302, "/admin/")
    assert english.current_workflow_state is None


def test_only_staff_who_may_edit_the_translation_may_submit_it(als):
    """Wagtail's "may submit for moderation" does not ask for the edit permission:
    a patient coordinator (admin access, no page permission) neither sees the
    German page in the confirmation nor submits it."""
    _english, german_page = als
    url = reverse("review_submit_translation", args=[german_page.pk])
    coordinator = logged_in(make_user("cora", "Patient coordinators"))
    response = coordinator.get(url)
    assert (response.status_code, response.url) == (302, "/admin/")
    assert german_page.title not in response.content.decode()
    response = coordinator.post(url)
    assert (response.status_code, response.url) == (302, "/admin/")
    german_page = ConditionPage.objects.get(pk=german_page.pk)
    assert german_page.current_workflow_state is None
    editor = logged_in(make_user("edna", "Editors"))
    assert editor.get(url).status_code == 200
