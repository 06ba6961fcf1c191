from wagtail.admin.forms import WagtailAdminModelForm


class TestimonialForm(WagtailAdminModelForm):
    """Refuses publishing (or submitting for approval) without valid consent.

    Saving a draft defers this check, so an editor can prepare a testimonial while
    the signed consent form is still on its way.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        candidate = self.instance
        for name in (
            "consent_given_on",
            "consent_scope",
            "consent_revoked_on",
            "video_url",
        ):
            if name in cleaned_data:
                setattr(candidate, name, cleaned_data[name])
        problems = candidate.consent_problems_by_field()
        if problems:
            self.add_error(
                None,
                "This testimonial cannot be published: "
                + " ".join(problem for problem, _field in problems),
            )
            # A read-only field (the recorded revocation) cannot carry an error.
            for problem, field in problems:
                if field in self.fields:
                    self.add_error(field, problem)
        return cleaned_data
