from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Headless API"

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
