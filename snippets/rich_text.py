"""The "citation" rich-text feature: an editor cites a Reference inline.

Registered like Wagtail's own ``document-link``: a link type for rendering and the
reference index, a Draftail entity whose source is the reference chooser modal,
and the converter rules between the database HTML and Draftail's contentstate
(``snippets.inline_citations`` describes the stored shape).
"""

from django.urls import reverse_lazy

from wagtail.admin.rich_text.converters.html_to_contentstate import (
    InlineEntityElementHandler,
)
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.rich_text import LinkHandler

from draftjs_exporter.dom import DOM

from .inline_citations import ENTITY_TYPE, LINKTYPE
from .models import Reference

FEATURE = "citation"


class CitationLinkHandler(LinkHandler):
    """Outside the API (which numbers citations, ``pages.sanitise.public_html``) a
    citation keeps its label and points at the reference by id. Listed here, a
    citation enters Wagtail's reference index: a reference cited by a live page
    cannot be deleted, like one chosen in its references list."""

    identifier = LINKTYPE

    @staticmethod
    def get_model():
        return Reference

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        reference_id = attrs.get("id", "")
        if not str(reference_id).isdigit():
            return "<a>"
        return f'<a class="citation" data-reference-id="{reference_id}">'

    @classmethod
    def extract_references(cls, attrs):
        if str(attrs.get("id", "")).isdigit():
            yield Reference, attrs["id"], "", ""


class CitationElementHandler(InlineEntityElementHandler):
    """Database HTML to contentstate: one immutable entity per citation, so the
    label is edited (or deleted) as a whole. A citation of a deleted reference
    keeps its id and is marked ``missing`` for the editor to see."""

    mutability = "IMMUTABLE"

    def get_attribute_data(self, attrs):
        try:
            reference_id = int(attrs["id"])
        except (KeyError, ValueError):
            return {}
        missing = not Reference.objects.filter(pk=reference_id).exists()
        return {"id": reference_id, "missing": missing}


def citation_entity(props):
    """Contentstate to database HTML."""
    return DOM.create_element(
        "a", {"linktype": LINKTYPE, "id": props.get("id")}, props["children"]
    )


CONTENTSTATE_RULE = {
    "from_database_format": {
        f'a[linktype="{LINKTYPE}"]': CitationElementHandler(ENTITY_TYPE)
    },
    "to_database_format": {"entity_decorators": {ENTITY_TYPE: citation_entity}},
}


def register_citation_feature(features) -> None:
    features.register_link_type(CitationLinkHandler)
    features.register_editor_plugin(
        "draftail",
        FEATURE,
        draftail_features.EntityFeature(
            {
                "type": ENTITY_TYPE,
                "icon": "doc-full",
                "description": "Cite a reference",
                "chooserUrls": {
                    "referenceChooser": reverse_lazy(
                        "wagtailsnippetchoosers_snippets_reference:choose"
                    )
                },
            },
            js=[
                "wagtailadmin/js/chooser-modal.js",
                "snippets/js/citation-feature.js",
            ],
        ),
    )
    features.register_converter_rule("contentstate", FEATURE, CONTENTSTATE_RULE)
