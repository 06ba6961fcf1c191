"""The change feed: every change to public content since a cursor, in order."""

from django.urls import path

from wagtail.api.v2.views import BaseAPIViewSet

from rest_framework.response import Response

from pages.frontend import site_root_paths

from ..changes import latest_cursor, pruned_through, serialize_event, site_events
from ..models import ChangeEvent
from ..parameters import Parameter, changes_pagination
from .base import PublicReadOnlyMixin
from .routing import request_site

# A cursor read: the answer for a cursor grows as changes arrive, so no cache may
# keep it (a cached copy would hide the newest changes for its lifetime); the
# read is one indexed range scan, cheap enough to repeat.
FEED_CACHE_CONTROL = "private, no-store"
DEFAULT_LIMIT = 100


class ChangesAPIViewSet(PublicReadOnlyMixin, BaseAPIViewSet):
    """``?since=<cursor>``: what changed in public content after the cursor:
    pages published, unpublished, moved, deleted; shared objects changed (with
    the pages that show them); redirects. ``next_cursor`` is where to ask from
    next time."""

    name = "changes"
    model = ChangeEvent

    @classmethod
    def query_parameters(cls, action: str) -> list[Parameter]:
        return changes_pagination(DEFAULT_LIMIT)

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "changes_view"}), name="listing")]

    def changes_view(self, request):
        horizon = pruned_through()
        since = request.GET.get("since")
        cursor = horizon if since is None else int(since)
        if cursor < horizon:
            gone = Response(
                {
                    "message": "changes after this cursor are no longer kept: "
                    "re-sync every page from /api/v2/sitemap/, then ask for "
                    "changes since next_cursor",
                    "next_cursor": latest_cursor(),
                },
                status=410,
            )
            gone["Cache-Control"] = FEED_CACHE_CONTROL
            return gone
        limit = int(request.GET.get("limit", DEFAULT_LIMIT))
        roots = site_root_paths(request_site(request))
        events = list(
            site_events(roots).filter(id__gt=cursor).order_by("id")[: limit + 1]
        )
        has_more = len(events) > limit
        events = events[:limit]
        response = Response(
            {
                "items": [serialize_event(event, roots) for event in events],
                "next_cursor": events[-1].pk if events else cursor,
                "has_more": has_more,
            }
        )
        response["Cache-Control"] = FEED_CACHE_CONTROL
        return response
