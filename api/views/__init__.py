"""Viewsets of the public content API (Wagtail API v2, Django REST framework).

Every endpoint is read-only and anonymous: no session or token is consulted, so
drafts and view-restricted content can never leak through a logged-in editor's
cookies, and responses are safe for shared caches. One module per endpoint family.
"""

from .base import PublicReadOnlyMixin
from .changes import ChangesAPIViewSet
from .media import DocumentsAPIViewSet, ImagesAPIViewSet, ImageSerializer
from .pages import PAGE_LISTING_FIELDS, ClinicPageSerializer, PagesAPIViewSet
from .routing import RedirectsAPIViewSet, SitemapAPIViewSet
from .schema import SchemaAPIView, SchemaDocsView
from .site import SiteAPIViewSet
from .snippets import (
    DoctorsAPIViewSet,
    ReferencesAPIViewSet,
    RepresentationSerializer,
    SnippetAPIViewSet,
    TestimonialsAPIViewSet,
)

__all__ = [
    "ChangesAPIViewSet",
    "PAGE_LISTING_FIELDS",
    "ClinicPageSerializer",
    "DoctorsAPIViewSet",
    "DocumentsAPIViewSet",
    "ImageSerializer",
    "ImagesAPIViewSet",
    "PagesAPIViewSet",
    "PublicReadOnlyMixin",
    "RedirectsAPIViewSet",
    "ReferencesAPIViewSet",
    "RepresentationSerializer",
    "SchemaAPIView",
    "SchemaDocsView",
    "SiteAPIViewSet",
    "SitemapAPIViewSet",
    "SnippetAPIViewSet",
    "TestimonialsAPIViewSet",
]
