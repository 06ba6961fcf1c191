"""Settings → Webhooks: endpoints (create, edit, delete), each with its page of
deliveries and attempts, test event, redelivery and secret rotation."""

from django.urls import path

from wagtail import hooks
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .models import WebhookEndpoint
from .views import (
    EndpointDeliveriesView,
    RedeliverView,
    RotateSecretView,
    SendTestEventView,
    WebhookEndpointForm,
    endpoint_page_url,
)


class EndpointCreateView(generic.CreateView):
    """Straight to the endpoint's page, which shows its new secret."""

    def get_success_url(self):
        return endpoint_page_url(self.object)


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    name = "webhook_endpoints"
    url_prefix = "webhooks"
    icon = "link"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    add_view_class = EndpointCreateView
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    edit_template_name = "webhooks/endpoint_edit.html"
    list_display = [
        "name",
        "url",
        "active",
        TitleColumn(
            "log",
            label="Deliveries",
            accessor=lambda endpoint: "Deliveries and secret",
            get_url=endpoint_page_url,
        ),
    ]

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "deliveries/<int:pk>/",
                EndpointDeliveriesView.as_view(),
                name="deliveries",
            ),
            path("test/<int:pk>/", SendTestEventView.as_view(), name="send_test"),
            path("rotate/<int:pk>/", RotateSecretView.as_view(), name="rotate_secret"),
            path("redeliver/<int:pk>/", RedeliverView.as_view(), name="redeliver"),
        ]


@hooks.register("register_admin_viewset")
def register_webhook_endpoint_viewset():
    return WebhookEndpointViewSet()
