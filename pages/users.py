"""Who may manage which staff accounts in the admin.

Wagtail lets anyone with ``auth.change_user`` edit every account: tick "is
superuser", reset a superuser's password, put anyone (themselves included) in any
group. The Administrators group holds that permission to run the team, not to
become superuser or to read patients' requests. So, on top of Wagtail's model
permissions:

* only a superuser grants superuser status, and only a superuser edits, deletes,
  deactivates or re-groups a superuser or a member of a *privileged group*;
* a privileged group is one whose permissions reach patient data (the ``leads``
  app) or staff accounts and groups (the ``auth`` app): joining it is an
  escalation, so only a superuser adds or removes its members;
* nobody changes their own groups or superuser status.

``user_may_manage`` is the one rule; the permission policy, the forms and the
bulk actions below all call it, so a forged POST meets the same check as the
form on screen.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as user_views
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)
from wagtail.users.views.bulk_actions.assign_role import RoleForm

PRIVILEGED_APP_LABELS = ("leads", "auth")
INSTANCE_ACTIONS = frozenset({"change", "delete"})


def privileged_groups() -> QuerySet:
    """Groups whose members may read patient data or manage staff accounts."""
    return Group.objects.filter(
        permissions__content_type__app_label__in=PRIVILEGED_APP_LABELS
    ).distinct()


def assignable_groups(user) -> QuerySet:
    """The groups ``user`` may add people to or remove people from."""
    if user.is_superuser:
        return Group.objects.all()
    return Group.objects.exclude(pk__in=privileged_groups().values("pk"))


def is_privileged(account) -> bool:
    return account.is_superuser or (
        account.pk is not None
        and account.groups.filter(pk__in=privileged_groups().values("pk")).exists()
    )


def user_may_manage(user, account) -> bool:
    """Whether ``user`` may edit, delete or re-group ``account`` at all (Wagtail's
    model permissions are checked as well)."""
    return user.is_active and (user.is_superuser or not is_privileged(account))


class StaffAccountPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions on users, narrowed per account by
    ``user_may_manage``."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in INSTANCE_ACTIONS and not user_may_manage(user, instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        accounts = super().instances_user_has_any_permission_for(user, actions)
        if user.is_superuser or not set(actions) <= INSTANCE_ACTIONS:
            return accounts
        return accounts.exclude(
            Q(is_superuser=True) | Q(groups__in=privileged_groups())
        ).distinct()


class AccountFormMixin:
    """Takes the signed-in user (``for_user``): fields that only a superuser may
    set are removed for others, and the group choices narrowed to what they may
    assign. Memberships they may not change are kept as they were."""

    def __init__(self, *args, for_user, **kwargs):
        editing_self = kwargs.get("editing_self", False)
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if not for_user.is_superuser:
            self.fields.pop("is_superuser", None)
        if editing_self:
            self.fields.pop("groups", None)
            self.fields.pop("is_superuser", None)
            self.fields.pop("is_active", None)
        elif "groups" in self.fields:
            self.fields["groups"].queryset = assignable_groups(for_user)

    def save(self, commit=True):
        kept = []
        if self.instance.pk is not None and "groups" in self.fields:
            kept = list(
                self.instance.groups.exclude(
                    pk__in=assignable_groups(self.for_user).values("pk")
                )
            )
        user = super().save(commit=commit)
        if commit and kept:
            user.groups.add(*kept)
        return user


class StaffAccountCreationForm(AccountFormMixin, UserCreationForm):
    pass


class StaffAccountEditForm(AccountFormMixin, UserEditForm):
    pass


class AccountFormViewMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class IndexView(user_views.IndexView):
    def get_edit_url(self, instance):
        if instance == self.request.user or user_may_manage(
            self.request.user, instance
        ):
            return super().get_edit_url(instance)
        return None


class CreateView(AccountFormViewMixin, user_views.CreateView):
    pass


class EditView(AccountFormViewMixin, user_views.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.can_delete = self.can_delete and user_may_manage(request.user, self.object)

    def dispatch(self, request, *args, **kwargs):
        if not self.editing_self and not self.user_has_permission_for_instance(
            "change", self.object
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeleteView(user_views.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if not user_may_manage(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffAccountViewSet(user_views.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return StaffAccountEditForm if for_update else StaffAccountCreationForm


class ManagedAccountsMixin:
    """Bulk actions act only on accounts the user may manage, never on their own."""

    def check_perm(self, obj):
        user = self.request.user
        return (
            obj.pk != user.pk and super().check_perm(obj) and user_may_manage(user, obj)
        )


class AssignableRoleForm(RoleForm):
    def __init__(self, *args, for_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = assignable_groups(for_user)


class ClinicAssignRoleBulkAction(ManagedAccountsMixin, AssignRoleBulkAction):
    form_class = AssignableRoleForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class ClinicDeleteBulkAction(ManagedAccountsMixin, DeleteBulkAction):
    pass


class ClinicSetActiveStateBulkAction(ManagedAccountsMixin, SetActiveStateBulkAction):
    pass


BULK_ACTIONS = [
    ClinicAssignRoleBulkAction,
    ClinicDeleteBulkAction,
    ClinicSetActiveStateBulkAction,
]


def register_staff_account_policy() -> None:
    from wagtail.permissions import register_permission_policy

    User = get_user_model()
    register_permission_policy(
        User, StaffAccountPermissionPolicy(User), exact_class=True
    )
