"""Nothing hidden leaves the CMS: every URL the project serves, walked anonymously
and as each role, against one fixture that holds an object of every hidden kind
and a German draft translation of each hidden page and snippet (wagtail-localize's
editor, PO files, sync and report, and the submission of a translation to review).

The public surfaces (the API, the CMS host's page URLs) show none of them to
anyone. The admin, and the download of a private document, show each only to
roles with a permission on it, by Wagtail's own permission rules. Stored hostile markup and URLs never come out
unescaped. A route the walk cannot fill and that is not listed in ``NOT_WALKED``
(with the reason) fails ``test_every_route_is_walked``: a new rendering path is
walked from the day it is added (issue 11, "Done means"; STYLE.md 4b).
"""

import json
import re
from urllib.parse import quote

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
    Task,
)

import pytest
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from api.cache import CACHE_STATUS_HEADER
from api.materialize import materialize_all
from api.models import RenderedPage
from cms.tasks import run_ready_tasks
from pages.models import HomePage, TherapyPage
from snippets.models import Doctor, Reference, Testimonial

from .conftest import ROLES
from .urls import walk

pytestmark = pytest.mark.django_db

MARK = "ZQX"
UNSAFE_HTML = (
    '<p>Safe words <a href="javascript:alert(11)">click</a>'
    '<img src=x onerror="alert(12)"><script>alert(13)</script></p>'
)
# What must never appear in a response body, whoever asks.
NEVER = (
    re.compile(r"<img[^>]*\sonerror=", re.I),
    re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.I),
    re.compile(r"<script>alert\(1[0-9]\)", re.I),
)


ROUTES = sorted({route for route, _view in walk()})

# Routes the walk does not request, and why.
NOT_WALKED = {
    "admin/logout/": "ends the session of the walk",
    "admin/failwhale/": "Wagtail's deliberate server error page",
    "admin/^.*/$": "the admin's 404 for unknown paths",
    "admin/password_reset/confirm/<uidb64>/<token>/": "needs a reset token",
    "admin/editing-sessions/": "POST-only pings, no content",
    "admin/collections/": "collections hold no content of their own",
    "admin/workflows/": "workflow and task settings, no content",
    "admin/pages/workflow/": "needs a task state; reviewers' previews: tests/review",
    "/workflow/action/": "needs a task state; reviewers' previews: tests/review",
    "/workflow/collect_action_data/": "needs a task state",
    "/workflow_history/<int:pk>/detail/": "needs a workflow state",
    "/workflow_history/detail/": "needs a workflow state",
    "admin/forms/submissions/": "no form pages in this project",
    "admin/redirects/<int": "redirects hold paths, no content",
    "admin/patient-requests/": "personal data: test_permission_matrix",
    "admin/webhooks/": "endpoints and logs of public changes: test_permission_matrix",
    "admin/locales/": "languages, no content",
    "admin/localize/translate/<int:translation_id>/overrides/": "the editor's "
    "PUT/DELETE of an overridden value (needs a CSRF token); the hidden objects "
    "have no overridable segment",
    "snippets/imagealttext/": "an image's alt text in one language: text, no image",
    "pages/interfacelabels/": "interface labels: words per language, no content",
    "admin/sites/": "sites, no content",
    "admin/users/": "staff accounts: test_permission_matrix and the account tests",
    "admin/groups/": "groups, no content",
    "admin/settings/": "clinic settings: test_permission_matrix",
    "admin/tag-autocomplete/<": "tag names only",
    "/multiple/create_from_uploaded": "needs an upload in progress",
    "/multiple/delete_upload/": "needs an upload in progress",
    "admin/translation/": "POST-only (copy for translation: test_advisories)",
    "/action/<str:action_name>/": "POST-only page actions",
    "/revert/": "POST-only",
    "/unschedule/": "POST-only",
    "admin/workflows/remove/": "workflow settings, no content",
    "admin/review/changes/": "needs a task state; access: tests/review/test_reviewer_compare.py",
}


@pytest.fixture(scope="module")
def hidden(shared_site, users):
    """One object of every hidden kind, each carrying a marker in what it shows."""
    site = shared_site
    marks = {}

    def mark(kind: str) -> str:
        marks[kind] = f"{MARK}{kind}"
        return marks[kind]

    TherapyPage.objects.filter(pk=site.draft_page.pk).update(
        title=mark("DRAFTPAGE"), draft_title=marks["DRAFTPAGE"]
    )
    site.draft_page.refresh_from_db()
    draft_page = TherapyPage.objects.get(pk=site.draft_page.pk)
    draft_page.summary = f"first {marks['DRAFTPAGE']}"
    first_revision = draft_page.save_revision(user=users["editor"])
    draft_page.summary = f"second {marks['DRAFTPAGE']}"
    second_revision = draft_page.save_revision(user=users["editor"])
    TherapyPage.objects.filter(pk=site.unpublished_page.pk).update(
        title=mark("UNPUBLISHED"), draft_title=marks["UNPUBLISHED"]
    )
    TherapyPage.objects.filter(pk=site.restricted_page.pk).update(
        title=mark("GROUPONLY"), draft_title=marks["GROUPONLY"]
    )
    # A live page's unpublished edit.
    therapy = TherapyPage.objects.get(pk=site.therapy.pk)
    therapy.summary = mark("DRAFTEDIT")
    therapy.save_revision(user=users["editor"])
    # Login- and password-restricted pages (and a child, hidden with its parent).
    login_page = site.therapies.add_child(
        instance=TherapyPage(title=mark("LOGINONLY"), slug="login-only", summary="x")
    )
    login_page.save_revision().publish()
    PageViewRestriction.objects.create(
        page=login_page, restriction_type=PageViewRestriction.LOGIN
    )
    child = login_page.add_child(
        instance=TherapyPage(title=mark("LOGINCHILD"), slug="child", summary="x")
    )
    child.save_revision().publish()
    password_page = site.therapies.add_child(
        instance=TherapyPage(title=mark("PASSWORD"), slug="password", summary="x")
    )
    password_page.save_revision().publish()
    password_restriction = PageViewRestriction.objects.create(
        page=password_page,
        restriction_type=PageViewRestriction.PASSWORD,
        password="open sesame",
    )
    # A page of another site.
    other_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Other clinic", slug="other-clinic")
    )
    Site.objects.create(hostname="other.example", port=443, root_page=other_home)
    other_page = other_home.add_child(
        instance=TherapyPage(title=mark("OTHERSITE"), slug="other", summary="x")
    )
    other_page.save_revision().publish()
    # Snippets.
    Doctor.objects.filter(pk=site.draft_doctor.pk).update(
        name=mark("DRAFTDOCTOR"), role=marks["DRAFTDOCTOR"]
    )
    Doctor.objects.get(pk=site.draft_doctor.pk).save_revision(user=users["editor"])
    no_consent, revoked, awaiting = site.hidden_testimonials
    Testimonial.objects.filter(pk=no_consent.pk).update(
        display_name=mark("NOCONSENT"), quote=marks["NOCONSENT"]
    )
    Testimonial.objects.filter(pk=revoked.pk).update(
        display_name=mark("REVOKED"), quote=marks["REVOKED"]
    )
    Testimonial.objects.filter(pk=awaiting.pk).update(
        display_name=mark("AWAITING"), quote=marks["AWAITING"]
    )
    # Files in a private collection.
    site.private_image.title = mark("PRIVATEIMAGE")
    site.private_image.save()
    private = Collection.objects.get(pk=site.private_image.collection_id)
    document = get_document_model()(title=mark("PRIVATEDOC"), collection=private)
    # The marker is in the file too: downloading it shows it.
    content = ContentFile(f"minutes {marks['PRIVATEDOC']}".encode())
    document.file.save("private.txt", content, save=False)
    document.save()
    assert CollectionViewRestriction.objects.filter(collection=private).exists()
    # Hostile markup and URLs stored without the editor, on a public page.
    condition = type(site.condition).objects.get(pk=site.condition.pk)
    condition.intro = UNSAFE_HTML
    body = condition.body.get_prep_value()
    body += [
        {"type": "paragraph", "value": UNSAFE_HTML},
        {
            "type": "video",
            "value": {"url": "javascript:alert(14)", "title": "v", "caption": ""},
        },
    ]
    condition.body = json.dumps(body)
    condition.save_revision().publish()
    Group.objects.get_or_create(name="Staff only")
    hidden_pages = {
        "DRAFTPAGE": draft_page,
        "UNPUBLISHED": site.unpublished_page,
        "GROUPONLY": site.restricted_page,
        "LOGINONLY": login_page,
        "LOGINCHILD": child,
        "PASSWORD": password_page,
        "OTHERSITE": other_page,
    }
    hidden_snippets = {
        "DRAFTDOCTOR": Doctor.objects.get(pk=site.draft_doctor.pk),
        "NOCONSENT": Testimonial.objects.get(pk=no_consent.pk),
        "REVOKED": Testimonial.objects.get(pk=revoked.pk),
        "AWAITING": Testimonial.objects.get(pk=awaiting.pk),
    }
    # A German draft translation of each: the localize editor, its PO file, the
    # sync and the submission to review are walked with them.
    translations = {}
    for kind, instance in [*hidden_pages.items(), *hidden_snippets.items()]:
        translation = german_draft(instance, marks[kind], mark(f"DE{kind}"), users)
        translations[f"DE{kind}"] = translation
        if kind in hidden_pages:
            hidden_pages[f"DE{kind}"] = translation.get_target_instance().specific
    # A redirect from an old path to every hidden page.
    for kind, page in hidden_pages.items():
        Redirect.add_redirect(f"/moved-{kind.lower()}/", page)
    return {
        "marks": marks,
        "draft_page": draft_page,
        "revisions": (first_revision, second_revision),
        "pages": hidden_pages,
        "password_restriction": password_restriction,
        "doctor": site.draft_doctor,
        "testimonials": [no_consent, revoked, awaiting],
        "image": site.private_image,
        "document": document,
        "therapy": therapy,
        # References have revisions (they are reviewed): walk their revision views.
        "reference": reference_with_a_revision(site.reference),
        "translations": translations,
    }


def german_draft(instance, marker: str, german_marker: str, users) -> Translation:
    """A draft German translation of ``instance`` made by an editor with
    wagtail-localize (source, translation, strings, target saved unpublished), its
    marker translated to ``german_marker``."""
    instance = type(instance).objects.get(pk=instance.pk)
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    german = Locale.objects.get(language_code="de")
    translation = Translation.objects.create(source=source, target_locale=german)
    for segment in StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=german,
            context=segment.context,
            data=segment.string.data.replace(marker, german_marker),
            translation_type="manual",
        )
    translation.save_target(user=users["editor"], publish=False)
    target = translation.get_target_instance()
    assert any(german_marker in str(value) for value in vars(target).values())
    assert not target.live
    return translation


def may_see_in_admin(user, kind: str, hidden: dict) -> bool:
    """Wagtail's own rules: what this user may see in the admin."""
    from wagtail.documents.permissions import permission_policy as documents
    from wagtail.images.permissions import permission_policy as images

    if user is None:
        return False
    if kind in hidden["pages"] or kind == "DRAFTEDIT":
        page = hidden["pages"].get(kind) or hidden["therapy"]
        return page.permissions_for_user(user).can_edit()
    # A snippet's translation: the same permissions as its source (per model).
    kind = kind.removeprefix("DE")
    if kind == "DRAFTDOCTOR":
        return any(
            user.has_perm(f"snippets.{action}_doctor")
            for action in ("view", "add", "change", "delete")
        )
    if kind in ("NOCONSENT", "REVOKED", "AWAITING"):
        return any(
            user.has_perm(f"snippets.{action}_testimonial")
            for action in ("view", "add", "change", "delete")
        )
    actions = ["choose", "add", "change", "delete"]
    if kind == "PRIVATEIMAGE":
        return images.user_has_any_permission_for_instance(
            user, actions, hidden["image"]
        )
    if kind == "PRIVATEDOC":
        return documents.user_has_any_permission_for_instance(
            user, actions, hidden["document"]
        )
    raise AssertionError(kind)


# --- filling the routes ---


def listing_query(route: str) -> str:
    if route == "api/v2/^redirects/":
        return "?path=/moved-draftpage/"
    if route.startswith("api/v2/^pages/"):
        return "?fields=*&limit=100" if route.endswith("^pages/") else ""
    if route.startswith("api/"):
        return "?limit=100" if route.endswith("s/") else ""
    if route.startswith("admin/api/"):
        return "?fields=*&limit=100" if route.endswith("s/") else ""
    return f"?q={MARK}"


def concrete(path: str) -> str:
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def fill(route: str, hidden: dict) -> list[str] | None:
    """The URLs that request ``route`` for the hidden objects, or ``None``."""
    page = hidden["draft_page"]
    _first, second = hidden["revisions"]
    image, document = hidden["image"], hidden["document"]
    if route == "^((?:[\\w\\-]+/)*)$":
        # Every page of every site, as the CMS host's own page URLs.
        site = Site.objects.get(is_default_site=True)
        pages = Page.objects.filter(depth__gt=1).specific()
        return sorted({p.relative_url(site) or p.url_path for p in pages})
    if route == "documents/^(\\d+)/(.*)$":
        return [f"/documents/{document.pk}/{quote(document.filename)}"]
    if route.startswith("_util/authenticate_with_password/"):
        restriction = hidden["password_restriction"]
        return [
            f"/_util/authenticate_with_password/{restriction.pk}/{restriction.page_id}/"
        ]
    if route.startswith("documents/authenticate_with_password/"):
        restriction = CollectionViewRestriction.objects.get(
            collection_id=document.collection_id
        )
        return [f"/documents/authenticate_with_password/{restriction.pk}/"]
    if route.startswith("admin/bulk/"):
        return bulk_urls(hidden)
    if route.startswith(("admin/localize/", "admin/review/translations/")):
        return localize_urls(route, hidden)
    values: dict[str, list[str]] = {}
    ids_of_model = {
        "doctor": [hidden["doctor"].pk],
        "testimonial": [t.pk for t in hidden["testimonials"]],
        "reference": [hidden["reference"].pk],
    }
    if re.fullmatch(r"admin/snippets/snippets/\w+/edit/<int:pk>/", route):
        # A translation's editor is wagtail-localize's (and our template).
        for model, ids in german_snippets(hidden).items():
            ids_of_model[model] += ids
    snippet = re.match(r"admin/snippets/(?:choose/)?snippets/(\w+)/", route)
    for name in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route):
        name = name[0] or name[1]
        if route == "admin/pages/<int:page_id>/edit/":
            # A translation's editor is wagtail-localize's (and our template).
            values[name] = [page.pk] + [
                p.pk for kind, p in hidden["pages"].items() if kind.startswith("DE")
            ]
        elif name in ("page_id", "parent_page_id", "page_to_move_id", "destination_id"):
            values[name] = [page.pk]
        elif name == "pk" and route.startswith(
            ("api/v2/^pages/", "admin/api/main/^pages/", "admin/pages/")
        ):
            values[name] = (
                [p.pk for p in hidden["pages"].values()]
                if route.startswith("api/")
                else [page.pk]
            )
        elif name == "pk" and snippet:
            model_ids = ids_of_model.get(snippet.group(1))
            if model_ids is None:
                return None
            values[name] = model_ids
        elif name == "pk" and route.startswith("api/v2/^doctors/"):
            values[name] = [hidden["doctor"].pk]
        elif name == "pk" and route.startswith("api/v2/^references/"):
            values[name] = [hidden["reference"].pk]
        elif name == "pk" and route.startswith(
            ("admin/review/testimonials/", "api/v2/^testimonials/")
        ):
            values[name] = [t.pk for t in hidden["testimonials"]]
        elif name == "pk" and "images" in route or name == "image_id":
            values[name] = [image.pk]
        elif name == "pk" and "documents" in route or name in ("document_id", "doc_id"):
            values[name] = [document.pk]
        elif name == "revision_id" and route.startswith("admin/pages/"):
            values[name] = [second.pk]
        elif name == "revision_id" and snippet:
            model = {
                "doctor": Doctor,
                "testimonial": Testimonial,
                "reference": Reference,
            }[snippet.group(1)]
            objects = model.objects.filter(pk__in=ids_of_model[snippet.group(1)])
            values[name] = [o.latest_revision.pk for o in objects if o.latest_revision]
            if not values[name]:
                return None
        elif name == "revision_id_a":
            values[name] = ["earliest"]
        elif name == "revision_id_b":
            values[name] = ["latest"]
        elif name == "filter_spec":
            values[name] = ["max-200x200"]
        elif name == "task_id":
            values[name] = [Task.objects.first().pk]
        elif name in ("content_type_app_name", "app_label", "app_name"):
            values[name] = ["pages"]
        elif name in ("content_type_model_name", "model_name"):
            values[name] = ["therapypage"]
        else:
            return None
    urls = [route]
    for name, options in values.items():
        urls = [
            re.sub(
                rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)",
                str(option),
                url,
            )
            for url in urls
            for option in options
        ]
    return [concrete(url) for url in urls]


def german_snippets(hidden: dict) -> dict[str, list[int]]:
    """The ids of the hidden snippets' German translations, by model name."""
    ids: dict[str, list[int]] = {"doctor": [], "testimonial": []}
    for translation in hidden["translations"].values():
        target = translation.get_target_instance()
        if not isinstance(target, Page):
            ids[target._meta.model_name].append(target.pk)
    return ids


def localize_urls(route: str, hidden: dict) -> list[str] | None:
    """wagtail-localize's routes (and the submission of a translation to the
    review) for every hidden object, its German translation and their sources."""
    translations = list(hidden["translations"].values())
    names = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    rows: list[dict] = []
    if names == {"app_label", "model_name", "pk"} or names == {
        "app_label",
        "model_name",
    }:
        german = german_snippets(hidden)
        snippets = [("doctor", hidden["doctor"].pk)] + [
            ("testimonial", t.pk) for t in hidden["testimonials"]
        ]
        snippets += [(model, pk) for model, ids in german.items() for pk in ids]
        rows = [
            {"app_label": "snippets", "model_name": model, "pk": pk}
            for model, pk in snippets
        ]
    elif names == {"page_id"}:
        rows = [{"page_id": p.pk} for p in hidden["pages"].values()]
    elif names == {"translation_source_id"}:
        rows = [{"translation_source_id": t.source_id} for t in translations]
    elif names == {"translation_id"}:
        rows = [{"translation_id": t.pk} for t in translations]
    elif names == {"translation_id", "mode"}:
        rows = [
            {"translation_id": t.pk, "mode": "content"}
            for t in translations
            if isinstance(t.get_target_instance(), Page)
        ]
    elif names == {"translation_id", "string_segment_id"}:
        segments = StringSegment.objects.filter(source__translations__in=translations)
        rows = [
            {"translation_id": t.pk, "string_segment_id": segment.pk}
            for t in translations
            for segment in segments.filter(source=t.source)[:1]
        ]
    else:
        return None
    urls = []
    for row in rows:
        url = route
        for name, value in row.items():
            if f"{name}>" in url:
                url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
        urls.append(concrete(url))
    return sorted(set(urls))


def bulk_urls(hidden: dict) -> list[str]:
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    targets = {
        ("wagtailcore", "page"): [p.pk for p in hidden["pages"].values()],
        ("wagtailimages", "image"): [hidden["image"].pk],
        ("wagtaildocs", "document"): [hidden["document"].pk],
        ("snippets", "doctor"): [hidden["doctor"].pk],
        ("snippets", "testimonial"): [t.pk for t in hidden["testimonials"]],
    }
    urls = []
    for (app_label, model_name), ids in targets.items():
        query = "&".join(f"id={pk}" for pk in ids)
        for action in bulk_action_registry.get_bulk_actions_for_model(
            app_label, model_name
        ):
            urls.append(
                f"/admin/bulk/{app_label}/{model_name}/{action.action_type}/?{query}"
            )
    return urls


def reference_with_a_revision(reference):
    reference.save_revision()
    return reference


def urls_to_walk(hidden: dict) -> tuple[list[str], list[str]]:
    urls, unfilled = [], []
    for route in ROUTES:
        if any(skip in route for skip in NOT_WALKED):
            continue
        if "<" in route or "(" in route:
            filled = fill(route, hidden)
            if filled is None:
                unfilled.append(route)
            else:
                urls.extend(filled)
        else:
            urls.append(concrete(route) + listing_query(route))
    return urls, unfilled


def test_every_route_is_walked(hidden):
    urls, unfilled = urls_to_walk(hidden)
    assert not unfilled, (
        "Routes the walk cannot fill: fill them in fill(), or list them in "
        f"NOT_WALKED with the reason: {unfilled}"
    )
    assert len(urls) > 250


def assert_translations_were_shown(shown: dict[str, set[str]]) -> None:
    """The localize routes were walked with something to show: an administrator got
    each hidden object's German translation in its editor (wagtail-localize's,
    with our template), its PO file, its preview and its sync, each with the
    translation's own marker, and the report and the snippet lookup."""
    german = {
        kind for kinds in shown.values() for kind in kinds if kind.startswith("DE")
    }
    for route in (
        "/admin/pages/<id>/edit/",
        "/admin/localize/translate/<id>/pofile/download/",
        "/admin/localize/translate/<id>/preview/",
        "/admin/localize/update/<id>/",
    ):
        assert shown.get(route, set()) & german, (route, shown.get(route))
    assert len({k for k in shown["/admin/pages/<id>/edit/"] if k.startswith("DE")}) == 7
    assert shown["/admin/localize/reports/translations/"]
    assert shown["/admin/localize/api/snippets/snippets/doctor/<id>/"]


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("role", ROLES)
def test_no_hidden_content_reaches_a_role_that_may_not_see_it(
    role, hidden, users, settings
):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    user = users.get(role)
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    admin_allowed = {
        kind: may_see_in_admin(user, kind, hidden) for kind in hidden["marks"]
    }
    urls, _unfilled = urls_to_walk(hidden)
    leaks, errors = [], []
    shown: dict[str, set[str]] = {}
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append((url, response.status_code))
            continue
        body = body_of(response)
        if response.status_code == 200:
            route = re.sub(r"/\d+/", "/<id>/", url.split("?")[0])
            shown.setdefault(route, set()).update(
                kind for kind, mark in hidden["marks"].items() if mark in body
            )
        # Staff surfaces (the admin, its API, private document downloads) show
        # what Wagtail's permissions allow; every other URL is public.
        staff_surface = url.startswith(("/admin/", "/documents/"))
        for kind, marker in hidden["marks"].items():
            if marker not in body:
                continue
            if staff_surface and admin_allowed[kind]:
                continue
            leaks.append((url, kind))
        for pattern in NEVER:
            if pattern.search(body):
                leaks.append((url, pattern.pattern))
    assert not errors, errors
    assert not leaks, "\n".join(f"{url}: {what}" for url, what in leaks)
    if role == "administrator":
        assert_translations_were_shown(shown)


def test_no_route_for_a_frontend_leads_to_a_hidden_page(hidden):
    """Markers are in titles, which the redirects and the sitemap do not show: the
    promise is checked on the pages they name."""
    client = Client()
    for kind in hidden["pages"]:
        response = client.get("/api/v2/redirects/", {"path": f"/moved-{kind.lower()}/"})
        assert response.status_code == 404, kind
    sitemap = client.get("/api/v2/sitemap/?limit=100").json()
    named = {entry["id"] for entry in sitemap["items"]} | {
        alternate["path"]
        for entry in sitemap["items"]
        for alternate in entry["alternates"]
    }
    assert sitemap["meta"]["total_count"] == len(sitemap["items"]) > 3
    assert not named & {page.pk for page in hidden["pages"].values()}


def test_a_frontend_following_the_change_feed_builds_no_hidden_page(hidden):
    """The feed names a page only while it is public: a frontend that applies
    every event ends with no hidden page built; a page that was never public
    (a draft, a page published under a restriction, another site's) is never
    named, nor listed as showing a shared object, nor a redirect's target."""
    # The worker has rendered every public page, as on a running site.
    materialize_all()
    run_ready_tasks()
    client = Client()
    built: dict[str, int] = {}
    named: set[int] = set()
    since = None
    while True:
        query = {"limit": 500} if since is None else {"limit": 500, "since": since}
        feed = client.get("/api/v2/changes/", query).json()
        for event in feed["items"]:
            if "page" in event:
                named.add(event["page"]["id"])
                if event["type"] in ("page_published", "page_moved"):
                    built.pop(event.get("old_path", ""), None)
                    built[event["page"]["path"]] = event["page"]["id"]
                elif event["page"]["path"] in built:
                    # A page unpublished before the worker rendered it was never
                    # announced: its removal names a path not built.
                    assert built.pop(event["page"]["path"]) == event["page"]["id"]
            named |= {page["id"] for page in event.get("pages", [])}
            if "redirect" in event:
                assert not event["redirect"]["old_path"].startswith("/moved-")
        since = feed["next_cursor"]
        if not feed["has_more"]:
            break
    hidden_ids = {page.pk for page in hidden["pages"].values()}
    assert built and not set(built.values()) & hidden_ids
    never_public = {hidden["pages"][kind].pk for kind in ("DRAFTPAGE", "LOGINCHILD")}
    assert not named & (never_public | {hidden["pages"]["OTHERSITE"].pk})


# --- the lows of issue 11, one by one ---


def test_no_hidden_content_in_answers_given_before_the_view(hidden):
    """Rendered bodies and response-cache hits are answered before the viewset
    (``api.early``), with none of its checks: the API is walked again once the
    worker has rendered every public page and each URL has been asked once, so
    that the second walk is answered early."""
    materialize_all()
    run_ready_tasks()
    rendered = RenderedPage.objects.exclude(body=None).values_list("page", flat=True)
    urls = [url for url in urls_to_walk(hidden)[0] if url.startswith("/api/")]
    urls += [f"/api/v2/pages/{pk}/" for pk in rendered]
    client = Client()
    for url in urls:
        client.get(url)
    early, leaks = [], []
    for url in urls:
        response = client.get(url)
        if response.get(CACHE_STATUS_HEADER) == "hit":
            early.append(url)
        body = body_of(response)
        leaks += [(url, kind) for kind, mark in hidden["marks"].items() if mark in body]
        leaks += [(url, p.pattern) for p in NEVER if p.search(body)]
    assert len(early) > len(rendered) > 3
    assert not leaks, "\n".join(f"{url}: {what}" for url, what in leaks)


def test_a_password_unlocked_in_a_session_does_not_open_the_api(hidden):
    """The API is cookie-free: a view restriction unlocked in the browser's session
    does not make the page public, and nothing unlocked reaches the shared cache."""
    restriction = hidden["password_restriction"]
    page = hidden["pages"]["PASSWORD"]
    marker = hidden["marks"]["PASSWORD"]
    browser = Client()
    response = browser.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "open sesame", "return_url": "/"},
    )
    assert response.status_code == 302
    assert restriction.accept_request(response.wsgi_request)
    for url in ("/api/v2/pages/?limit=100", f"/api/v2/pages/{page.pk}/"):
        unlocked = browser.get(url)
        assert marker.encode() not in unlocked.content, url
        assert "Set-Cookie" not in unlocked
        anonymous = Client().get(url)
        assert anonymous.content == unlocked.content, url
    assert browser.get(f"/api/v2/pages/{page.pk}/").status_code == 404


def test_the_admin_loads_no_gravatar(client_for):
    body = client_for("editor").get("/admin/").content.decode()
    assert "/admin/" in body
    assert "gravatar" not in body.lower()
