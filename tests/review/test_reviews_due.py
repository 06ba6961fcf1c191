"""Pages whose review is overdue or due soon: the admin report and the cron command."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from pages.models import ConditionPage, TherapyPage
from review.records import reviews_due
from tests.factories import ConditionPageFactory, DoctorFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def pages(site_tree):
    def condition(title, due):
        return ConditionPageFactory(
            parent=site_tree["conditions"],
            title=title,
            last_reviewed=due - datetime.timedelta(days=365) if due else None,
            next_review_due=due,
            reviewed_by=None if due is None else DoctorFactory(),
        )

    return {
        "overdue": condition("Overdue page", days(-3)),
        "soon": condition("Due soon page", days(29)),
        "edge": condition("Due in thirty days", days(30)),
        "later": condition("Due later page", days(31)),
        "never": condition("Never reviewed page", None),
        "therapy": TherapyPageFactory(
            parent=site_tree["therapies"],
            title="Therapy due",
            next_review_due=days(1),
            last_reviewed=days(-364),
        ),
    }


def test_reviews_due_lists_overdue_and_due_within_thirty_days(pages):
    due = reviews_due()
    assert [page.title for page in due] == [
        "Overdue page",
        "Therapy due",
        "Due soon page",
        "Due in thirty days",
    ]
    assert {type(page) for page in due} == {ConditionPage, TherapyPage}


def test_reviews_due_includes_changes_after_review(pages):
    ConditionPage.objects.filter(pk=pages["later"].pk).update(
        has_unreviewed_changes=True
    )
    assert "Due later page" in [page.title for page in reviews_due()]


def test_window_is_configurable(settings, pages):
    settings.MEDICAL_REVIEW_DUE_SOON_DAYS = 0
    assert [page.title for page in reviews_due()] == ["Overdue page"]


def test_command_lists_due_pages(pages):
    out = StringIO()
    call_command("list_reviews_due", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    status, due, title, language, reviewer, path = lines[0].split("\t")
    assert (status, due, title, language) == (
        "review_overdue",
        days(-3).isoformat(),
        "Overdue page",
        "en",
    )
    assert path.endswith("/overdue-page/")
    assert lines[2].startswith("reviewed\t")


def test_command_days_option(pages):
    out = StringIO()
    call_command("list_reviews_due", "--days", "60", stdout=out)
    assert len(out.getvalue().splitlines()) == 5


def test_command_prints_nothing_when_nothing_is_due(site_tree):
    out = StringIO()
    call_command("list_reviews_due", stdout=out)
    assert out.getvalue() == ""


def test_admin_report(admin_client, pages):
    response = admin_client.get("/admin/reports/reviews-due/")
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Overdue page", "Due soon page", "Therapy due", "Due in thirty days"):
        assert title in html
    assert "Due later page" not in html
    assert "Never reviewed page" not in html
    assert "Review overdue" in html


def test_admin_report_exports_csv(admin_client, pages):
    response = admin_client.get("/admin/reports/reviews-due/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "Overdue page" in body


def test_report_is_in_the_reports_menu(admin_client, site_tree):
    response = admin_client.get("/admin/")
    assert "/admin/reports/reviews-due/" in response.content.decode()
