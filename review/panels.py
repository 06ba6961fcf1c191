"""Admin panels of the medical review record."""

from django.utils.text import capfirst

from wagtail.admin.panels import FieldPanel, Panel

REVIEW_RECORD_PERMISSION = "review.correct_review_record"


class ReviewRecordPanel(FieldPanel):
    """A review record field: editable with the correction permission, read-only for
    everyone else.

    The field is left out of the form for users without the permission (Wagtail's
    ``field_permissions``), so a crafted POST cannot change it either.
    """

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("permission", REVIEW_RECORD_PERMISSION)
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is not None and self.bound_field is None:
                self.read_only = True
                self.heading = self.panel.heading or capfirst(
                    self.panel.db_field.verbose_name
                )
                self.help_text = self.panel.help_text or capfirst(
                    self.panel.db_field.help_text
                )

        def is_shown(self):
            return self.form is None or self.bound_field is not None or self.read_only


class ReviewStatusPanel(Panel):
    """The page's review status (``review.status``), read-only on its review tab."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "review/panels/review_status.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["status"] = (
                self.instance.review_status if self.instance.pk else None
            )
            return context
