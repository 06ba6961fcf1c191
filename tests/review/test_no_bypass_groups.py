from django.contrib.auth.models import Group

from wagtail.models import GroupPagePermission

import pytest

pytestmark = pytest.mark.django_db


def test_only_administrators_may_publish_pages_directly():
    """Wagtail's default Moderators group would bypass the medical review."""
    assert not Group.objects.filter(name="Moderators").exists()
    publishers = set(
        GroupPagePermission.objects.filter(
            permission__codename="publish_page"
        ).values_list("group__name", flat=True)
    )
    assert publishers <= {"Administrators"}
