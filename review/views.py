"""Admin views of the medical review that are not Wagtail's own."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.generic import FormView

from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets import AdminDateInput
from wagtail.permissions import policy_registry

from snippets.models import Testimonial

from .consent import RevocationError, can_record_revocation, revoke_consent
from .shared import live_medical_pages_showing
from .status import review_today

DELETE_REFUSED_TEMPLATE = "review/delete_refused.html"


def refuse_delete_if_shown(request, objects) -> TemplateResponse | None:
    """The admin's answer to deleting what live medical pages show: the list of those
    pages instead of "Yes, delete", for the confirmation and the POST alike.

    Users who may not delete the objects get Wagtail's own refusal instead.
    """
    shown = {}
    for obj in objects:
        policy = policy_registry.get(obj)
        if policy.user_has_permission_for_instance(request.user, "delete", obj):
            pages = live_medical_pages_showing([obj])
            if pages:
                shown[obj] = pages
    if not shown:
        return None
    pages = sorted(
        {page.pk: page for pages in shown.values() for page in pages}.values(),
        key=lambda page: page.path,
    )
    return TemplateResponse(
        request,
        DELETE_REFUSED_TEMPLATE,
        {
            "objects": [str(obj) for obj in shown],
            "pages": pages,
            "back_url": get_valid_next_url_from_request(request),
        },
        status=409,
    )


class RevocationForm(forms.Form):
    revoked_on = forms.DateField(
        label="Consent withdrawn on",
        widget=AdminDateInput,
        help_text="The date the patient withdrew consent. The testimonial is taken "
        "down everywhere as soon as you confirm.",
    )


class RecordConsentRevocationView(FormView):
    """Editors, reviewers and patient coordinators record a withdrawal of consent;
    the testimonial goes offline in the same request (``review.consent``)."""

    form_class = RevocationForm
    template_name = "review/revoke_consent.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_record_revocation(request.user):
            raise PermissionDenied
        self.testimonial = get_object_or_404(Testimonial, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"revoked_on": review_today()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(testimonial=self.testimonial, **kwargs)

    def form_valid(self, form):
        try:
            revoke_consent(
                self.testimonial, form.cleaned_data["revoked_on"], self.request.user
            )
        except RevocationError as error:
            form.add_error("revoked_on", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Consent withdrawal recorded: '{self.testimonial}' is no longer shown anywhere.",
        )
        if self.request.user.has_perm("snippets.change_testimonial"):
            return redirect(
                self.testimonial.snippet_viewset.get_url_name("edit"),
                self.testimonial.pk,
            )
        return redirect("wagtailadmin_home")
