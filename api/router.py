from wagtail.api.v2.router import WagtailAPIRouter

from .preview import PreviewAPIViewSet
from .views.changes import ChangesAPIViewSet
from .views.media import DocumentsAPIViewSet, ImagesAPIViewSet
from .views.pages import PagesAPIViewSet
from .views.routing import RedirectsAPIViewSet, SitemapAPIViewSet
from .views.site import SiteAPIViewSet
from .views.snippets import (
    DoctorsAPIViewSet,
    ReferencesAPIViewSet,
    TestimonialsAPIViewSet,
)

api_router = WagtailAPIRouter("api")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("doctors", DoctorsAPIViewSet)
api_router.register_endpoint("testimonials", TestimonialsAPIViewSet)
api_router.register_endpoint("references", ReferencesAPIViewSet)
api_router.register_endpoint("site", SiteAPIViewSet)
api_router.register_endpoint("redirects", RedirectsAPIViewSet)
api_router.register_endpoint("sitemap", SitemapAPIViewSet)
api_router.register_endpoint("changes", ChangesAPIViewSet)
# Registered after "pages" so that links to page objects resolve to /pages/.
api_router.register_endpoint("preview", PreviewAPIViewSet)
