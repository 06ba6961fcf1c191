"""Every route of the URLconf, walked: an API view must state who may call it and
how often, in our own code, never by falling back on DRF's defaults.

Wagtail's v3 API team added the same kind of meta-test (every operation declares
its auth). Admin routes are covered differently: Wagtail wraps every one of them in
its admin-access check, which the permission matrix exercises.
"""

from wagtail.admin.auth import require_admin_access

import pytest
from rest_framework.views import APIView

from .urls import walk

# Every view require_admin_access wraps runs this code object first.
ADMIN_GUARD_CODE = require_admin_access(lambda request: None).__code__
# Open to anyone by design: signing in and out, password reset, the icon sprite
# and JavaScript translations of the login page, and the admin's 404 page.
PUBLIC_ADMIN_ROUTES = (
    "admin/login/",
    "admin/logout/",
    "admin/password_reset/",
    "admin/sprite/",
    "admin/jsi18n/",
    "admin/^.*/$",
)
PROJECT_MODULES = ("api.", "leads.", "pages.", "snippets.", "cms.")
POLICIES = ("permission_classes", "throttle_classes", "authentication_classes")


ROUTES = list(walk())


def api_view_class(callback):
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if isinstance(view_class, type) and issubclass(view_class, APIView):
        return view_class
    return None


def declared_by(view_class: type, attribute: str) -> type | None:
    """The class of our own code that sets ``attribute`` for ``view_class``."""
    for klass in view_class.__mro__:
        if attribute in vars(klass):
            return klass if klass.__module__.startswith(PROJECT_MODULES) else None
    return None


PUBLIC_API_ROUTES = sorted(
    {
        (route, api_view_class(callback))
        for route, callback in ROUTES
        if api_view_class(callback) and not route.startswith("admin/")
    },
    key=lambda item: item[0],
)
KNOWN_GAPS: dict[str, str] = {}


def test_the_walk_finds_every_api():
    routes = [route for route, _view in PUBLIC_API_ROUTES]
    assert "api/v2/^pages/" in routes
    assert "api/v2/consultation-requests/" in routes
    assert "api/schema/" in routes
    assert len(routes) >= 20


@pytest.mark.parametrize(
    ("route", "view_class"),
    [
        pytest.param(
            route,
            view_class,
            id=route,
            marks=(
                [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[route])]
                if route in KNOWN_GAPS
                else []
            ),
        )
        for route, view_class in PUBLIC_API_ROUTES
    ],
)
def test_api_view_declares_its_permission_and_throttle_policy(route, view_class):
    missing = [name for name in POLICIES if declared_by(view_class, name) is None]
    assert not missing, f"{view_class.__qualname__} inherits {missing} from defaults"


def test_every_admin_route_requires_admin_access():
    """Wagtail decorates its admin URLconf with ``require_admin_access``; routes
    that apps register through hooks get it as well."""
    unguarded = []
    for route, callback in ROUTES:
        if not route.startswith("admin/") or route.startswith(PUBLIC_ADMIN_ROUTES):
            continue
        chain, guarded = callback, False
        while chain is not None and not guarded:
            guarded = getattr(chain, "__code__", None) is ADMIN_GUARD_CODE
            chain = getattr(chain, "__wrapped__", None)
        if not guarded:
            unguarded.append(route)
    assert not unguarded, unguarded


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/api/main/pages/",
        "/admin/patient-requests/",
        "/admin/images/",
        "/admin/settings/pages/clinicsettings/",
    ],
)
def test_admin_routes_send_anonymous_users_to_the_login(client, path):
    response = client.get(path)
    assert response.status_code in (302, 401, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")
