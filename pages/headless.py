"""What the CMS host answers for a page's URL in a headless deployment: no HTML.

Each site's frontend base URL (clinic settings, ``FRONTEND_BASE_URL``, else the
Wagtail ``Site``'s own hostname) is the address the API's ``canonical_url`` and
JSON-LD give. A request for a
public page's URL on the CMS host, such as "View live" in the admin, is sent there.
When the site's address is the CMS itself, there is no frontend to send it to, and
the answer is a 404, as it is for any page the public API would not show.
"""

from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponseRedirect

from wagtail.models import Page

from .representations import full_url, page_is_public


def frontend_url(page: Page, request: HttpRequest) -> str | None:
    """The page's address on its site's frontend, or ``None`` if that is here."""
    url = full_url(page)
    if not url:
        return None
    target = urlsplit(url)
    if target.scheme not in ("http", "https"):
        return None
    here = urlsplit(request.build_absolute_uri("/"))
    if (target.scheme, target.netloc) == (here.scheme, here.netloc):
        return None
    return url


def redirect_to_frontend(page: Page, request: HttpRequest) -> HttpResponseRedirect:
    url = frontend_url(page, request) if page_is_public(page) else None
    if url is None:
        raise Http404("This page is served by the clinic's website.")
    return HttpResponseRedirect(url)
