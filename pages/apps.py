from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Clinic pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
