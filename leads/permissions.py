"""Who may do what with patient requests in the admin."""

from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

COORDINATORS_GROUP = "Patient coordinators"


class LeadPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody (not even a superuser) adds requests.

    Requests are the patient's own words, sent through the public API; the admin
    only triages them.
    """

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "add"]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


def register_lead_permission_policy() -> None:
    from .models import Lead

    register_permission_policy(Lead, LeadPermissionPolicy(Lead), exact_class=True)
