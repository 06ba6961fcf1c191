from django.apps import AppConfig

from wagtail.users.apps import WagtailUsersAppConfig


class PagesConfig(AppConfig):
    default = True
    name = "pages"
    verbose_name = "Clinic pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()


class StaffAccountsConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with the clinic's rules on who manages whom
    (``pages.users``)."""

    default = False
    user_viewset = "pages.users.StaffAccountViewSet"

    def ready(self) -> None:
        super().ready()
        from pages.users import register_staff_account_policy

        register_staff_account_policy()
