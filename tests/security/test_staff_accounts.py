"""Administrators manage staff accounts but cannot make anyone (themselves
included) superuser, take over a superuser's or a privileged member's account, or
grant access to patient data (pages.users).

Every case posts what a browser could forge, not only what the form shows.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

import pytest

from .conftest import PASSWORD, ROLE_GROUPS, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new and long password 42"


@pytest.fixture
def staff():
    superuser = get_user_model().objects.create_superuser(
        username="root", email="root@clinic.example", password=PASSWORD
    )
    return {
        "superuser": superuser,
        **{
            role: make_user(role, ROLE_GROUPS[role])
            for role in ("administrator", "coordinator", "editor", "reviewer")
        },
    }


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def group(name: str) -> Group:
    return Group.objects.get(name=name)


def account_data(account, **changes) -> dict:
    data = {
        "username": account.username,
        "email": account.email,
        "first_name": account.first_name or "First",
        "last_name": account.last_name or "Last",
        "is_active": "on",
        "password1": "",
        "password2": "",
        "groups": [str(pk) for pk in account.groups.values_list("pk", flat=True)],
    }
    data.update(changes)
    return data


def edit_url(account) -> str:
    return reverse("wagtailusers_users:edit", args=[account.pk])


def test_administrator_cannot_make_themselves_superuser(staff):
    admin = staff["administrator"]
    response = signed_in(admin).post(
        edit_url(admin), account_data(admin, is_superuser="on")
    )
    assert response.status_code in (200, 302)
    admin.refresh_from_db()
    assert not admin.is_superuser


def test_administrator_cannot_add_themselves_to_patient_coordinators(staff):
    admin = staff["administrator"]
    groups = [str(group("Administrators").pk), str(group("Patient coordinators").pk)]
    signed_in(admin).post(edit_url(admin), account_data(admin, groups=groups))
    assert set(admin.groups.values_list("name", flat=True)) == {"Administrators"}


@pytest.mark.parametrize("target", ["superuser", "coordinator"])
def test_administrator_cannot_open_or_change_a_privileged_account(staff, target):
    admin, account = staff["administrator"], staff[target]
    client = signed_in(admin)
    assert client.get(edit_url(account)).status_code in (302, 403)
    response = client.post(
        edit_url(account),
        account_data(account, password1=NEW_PASSWORD, password2=NEW_PASSWORD),
    )
    assert response.status_code in (302, 403)
    account.refresh_from_db()
    assert account.check_password(PASSWORD), "the password was reset"
    delete = reverse("wagtailusers_users:delete", args=[account.pk])
    client.post(delete)
    assert get_user_model().objects.filter(pk=account.pk).exists()


def test_administrator_cannot_grant_patient_data_to_an_editor(staff):
    admin, editor = staff["administrator"], staff["editor"]
    groups = [str(group("Editors").pk), str(group("Patient coordinators").pk)]
    response = signed_in(admin).post(
        edit_url(editor), account_data(editor, groups=groups)
    )
    assert response.status_code == 200  # the form, with an error on groups
    assert set(editor.groups.values_list("name", flat=True)) == {"Editors"}


def test_administrator_still_manages_editorial_accounts(staff):
    """The control: an editor can be made a medical reviewer and get a new
    password from an administrator."""
    admin, editor = staff["administrator"], staff["editor"]
    groups = [str(group("Editors").pk), str(group("Medical reviewers").pk)]
    response = signed_in(admin).post(
        edit_url(editor),
        account_data(
            editor, groups=groups, password1=NEW_PASSWORD, password2=NEW_PASSWORD
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)
    assert set(editor.groups.values_list("name", flat=True)) == {
        "Editors",
        "Medical reviewers",
    }


def test_administrator_cannot_create_a_superuser_or_a_coordinator(staff):
    admin = staff["administrator"]
    client = signed_in(admin)
    new = {
        "username": "newcomer",
        "email": "newcomer@clinic.example",
        "first_name": "New",
        "last_name": "Comer",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "is_superuser": "on",
        "groups": [str(group("Editors").pk)],
    }
    client.post(reverse("wagtailusers_users:add"), new)
    assert not get_user_model().objects.get(username="newcomer").is_superuser

    new.update(username="coordinator2", email="c2@clinic.example")
    new["groups"] = [str(group("Patient coordinators").pk)]
    client.post(reverse("wagtailusers_users:add"), new)
    assert not get_user_model().objects.filter(username="coordinator2").exists()


def test_a_user_never_changes_their_own_groups(staff):
    superuser = staff["superuser"]
    coordinators = str(group("Patient coordinators").pk)
    signed_in(superuser).post(
        edit_url(superuser), account_data(superuser, groups=[coordinators])
    )
    assert not superuser.groups.exists()


def test_superuser_grants_what_administrators_cannot(staff):
    superuser, admin = staff["superuser"], staff["administrator"]
    groups = [str(group("Administrators").pk), str(group("Patient coordinators").pk)]
    response = signed_in(superuser).post(
        edit_url(admin), account_data(admin, groups=groups, is_superuser="on")
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.is_superuser
    assert admin.groups.filter(name="Patient coordinators").exists()


def bulk_url(action: str, *accounts) -> str:
    ids = "&".join(f"id={account.pk}" for account in accounts)
    return f"/admin/bulk/{get_user_model()._meta.app_label}/user/{action}/?{ids}"


def test_bulk_assign_role_cannot_grant_patient_data(staff):
    admin, editor = staff["administrator"], staff["editor"]
    coordinators = group("Patient coordinators")
    signed_in(admin).post(
        bulk_url("assign_role", admin, editor), {"role": str(coordinators.pk)}
    )
    assert not coordinators.user_set.filter(pk__in=[admin.pk, editor.pk]).exists()


def test_bulk_actions_leave_privileged_accounts_alone(staff):
    admin, superuser, coordinator = (
        staff["administrator"],
        staff["superuser"],
        staff["coordinator"],
    )
    client = signed_in(admin)
    client.post(
        bulk_url("set_active_state", superuser, coordinator),
        {"mark_as_active": "False"},
    )
    client.post(bulk_url("delete", superuser, coordinator))
    for account in (superuser, coordinator):
        account.refresh_from_db()
        assert account.is_active
    # The control: an editor's account is within an administrator's reach.
    editor = staff["editor"]
    client.post(bulk_url("set_active_state", editor), {"mark_as_active": "False"})
    editor.refresh_from_db()
    assert not editor.is_active


def test_user_listing_hides_no_account_but_offers_no_edit_of_privileged_ones(staff):
    response = signed_in(staff["administrator"]).get(
        reverse("wagtailusers_users:index")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert edit_url(staff["editor"]) in body
    assert edit_url(staff["superuser"]) not in body
