from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Headless API"

    def ready(self) -> None:
        from .rich_text import sanitise_api_html
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        sanitise_api_html()
