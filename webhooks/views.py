"""The webhooks admin beyond create/edit/delete: an endpoint's page (its secret,
its deliveries and their attempts) and its actions (rotate the secret, send a
test event, redeliver). Whoever may change endpoints may use them; everyone
else gets a 403."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from api.models import ChangeEvent

from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .outbox import redeliver, send_test_event

DELIVERIES_SHOWN = 50
permission_policy = ModelPermissionPolicy(WebhookEndpoint)


class WebhookEndpointForm(WagtailAdminModelForm):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        help_text=WebhookEndpoint._meta.get_field("url").help_text,
    )
    event_types = forms.MultipleChoiceField(
        choices=ChangeEvent.Type.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The change types sent; none ticked sends every type.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "event_types", "active"]


def endpoint_page_url(endpoint: WebhookEndpoint) -> str:
    return reverse("webhook_endpoints:deliveries", args=[endpoint.pk])


class ChangePermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class EndpointDeliveriesView(
    ChangePermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "webhooks/endpoint_deliveries.html"
    header_icon = "link"

    def get_page_title(self) -> str:
        return f"Webhook: {self.endpoint.name}"

    def get(self, request, pk):
        self.endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        return super().get(request, pk=pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("webhook_endpoints:index"), "label": "Webhooks"},
            {"url": "", "label": self.endpoint.name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs_items"] = self.get_breadcrumbs_items()
        deliveries = self.endpoint.deliveries.prefetch_related(
            Prefetch(
                "attempt_log",
                queryset=WebhookAttempt.objects.order_by("started_at", "id"),
            )
        )[:DELIVERIES_SHOWN]
        context.update(endpoint=self.endpoint, deliveries=deliveries)
        return context


class EndpointActionView(ChangePermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        self.act(request, endpoint)
        return redirect(endpoint_page_url(endpoint))

    def act(self, request, endpoint: WebhookEndpoint) -> None:
        raise NotImplementedError


class SendTestEventView(EndpointActionView):
    def act(self, request, endpoint):
        send_test_event(endpoint)
        messages.success(request, "A test event is queued; the worker sends it.")


class RotateSecretView(EndpointActionView):
    def act(self, request, endpoint):
        endpoint.rotate_secret()
        messages.warning(
            request, "New secret: give it to the receiver; the old one no longer signs."
        )


class RedeliverView(ChangePermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        delivery = get_object_or_404(WebhookDelivery, pk=pk)
        redeliver(delivery)
        messages.success(request, "Queued again, with the same webhook-id.")
        return redirect(endpoint_page_url(delivery.endpoint))
