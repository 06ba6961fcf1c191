"""Admin views for references: filling the create form from an identifier or a
record, the duplicate-DOI check the form asks while the editor types, and the
chooser's creation of a draft reference."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse

from wagtail.snippets.views.chooser import SnippetCreateView
from wagtail.snippets.views.snippets import CreateView

from .citations import ImportProblem, import_reference
from .forms import IMPORT_ACTION, reference_edit_url, reference_form_data
from .models import reference_with_doi


class ReferenceCreateView(CreateView):
    """The snippet create view, plus the "Fill in" action: it answers with the form
    bound to the imported values (so every value, and any error such as a duplicate
    DOI, shows on its field) and saves nothing."""

    @property
    def importing(self) -> bool:
        return self.request.method == "POST" and IMPORT_ACTION in self.request.POST

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.importing:
            source = self.request.POST.get("import_source", "")
            try:
                imported = import_reference(source)
            except ImportProblem as problem:
                messages.error(self.request, str(problem))
                del kwargs["data"], kwargs["files"]
                kwargs["initial"] = {"import_source": source}
            else:
                kwargs["data"] = reference_form_data(imported, source)
        return kwargs

    def post(self, request, *args, **kwargs):
        if not self.importing:
            return super().post(request, *args, **kwargs)
        self.object = None
        self.form = self.get_form()
        if self.form.is_bound:
            self.form.is_valid()  # shows each field's error now, not at save
        # Wagtail would autosave the filled form as a draft at once: the editor saves
        # it, once checked.
        self.autosave_enabled = False
        return self.render_to_response(self.get_context_data())


class ReferenceChooserCreateView(SnippetCreateView):
    def save_form(self, form):
        return form.save(user=self.request.user)


def doi_check(request: HttpRequest) -> JsonResponse:
    """``{"duplicate": {...}}`` for a DOI another reference has, else ``null``; the
    reference form asks this as soon as a DOI is typed or pasted."""
    if not (
        request.user.has_perm("snippets.add_reference")
        or request.user.has_perm("snippets.change_reference")
    ):
        raise PermissionDenied
    exclude = request.GET.get("exclude", "")
    existing = reference_with_doi(
        request.GET.get("doi", ""),
        exclude_pk=int(exclude) if exclude.isdigit() else None,
    )
    if existing is None:
        return JsonResponse({"duplicate": None})
    return JsonResponse(
        {
            "duplicate": {
                "id": existing.pk,
                "label": str(existing),
                "edit_url": reference_edit_url(existing),
            }
        }
    )
