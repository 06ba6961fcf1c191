"""Regression tests for the classes of flaw in Wagtail's published security
advisories (/work/shared/reference/wagtail-advisories.md), run against our own page
types, snippets, groups and API on every upgrade.

Covered elsewhere: W02, W03 (test_configuration), W08 (test_uploads), W13, W16,
W17, W24 and W27 for our roles (test_permission_matrix). Not applicable: W05 (no
server-side block templates reach the public: the API sends data, and the admin
preview is tested here), W06 (no comment notifications configured beyond Wagtail's
defaults), W14 (we use no TableBlock, and the typed table's cells are blocks: asserted
below), W18 (no form pages: patient
requests are not form submissions), W15/W25/W30 beyond the copy-for-translation
check below.
"""

import contextlib
import hashlib
import io
import json
import signal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail import blocks
from wagtail.documents.models import Document
from wagtail.fields import StreamField
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

import pytest
from PIL import Image as PillowImage

from leads.models import Lead
from pages.models import ClinicSettings, ConditionPage, TherapyPage
from snippets.models import Doctor, Reference, Testimonial
from tests.api.content import make_image
from tests.factories import make_user
from tests.pages.editor import medical_page_data

pytestmark = pytest.mark.django_db

XSS = '<img src=x onerror="alert(1)">'
XSS_ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def group_with(name: str, *codenames: str) -> Group:
    group = Group.objects.create(name=name)
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames])
    )
    return group


def assert_escaped(response, payload: str = XSS):
    body = response.content.decode()
    assert response.status_code == 200, body[:300]
    assert payload not in body
    return body


# --- W01, W07: stored XSS in the admin (titles, snippet and lead listings) ---


@pytest.fixture
def hostile_page(shared_site, users):
    page = shared_site.therapies.add_child(
        instance=TherapyPage(title="Hostile", slug="hostile", summary="x", live=False)
    )
    first = page.save_revision(user=users["editor"])
    page.title = f"Therapy {XSS}"
    page.summary = f"Summary {XSS}"
    second = page.save_revision(user=users["editor"])
    return page, first, second


def test_w01_revision_compare_escapes_an_editors_payload(client_for, hostile_page):
    page, first, second = hostile_page
    url = reverse(
        "wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk]
    )
    body = assert_escaped(client_for("reviewer").get(url))
    assert "onerror" in body, "the compare view does not show the change at all"


@pytest.mark.parametrize(
    "url_name", ["wagtailadmin_pages:history", "wagtailadmin_pages:edit"]
)
def test_w01_page_views_escape_the_title(client_for, hostile_page, url_name):
    page, _first, _second = hostile_page
    page.title = f"Therapy {XSS}"
    page.save()
    assert_escaped(client_for("administrator").get(reverse(url_name, args=[page.pk])))


def test_w07_explorer_listing_escapes_page_titles(client_for, hostile_page):
    page, _first, _second = hostile_page
    page.title = f"Therapy {XSS}"
    page.save()
    url = reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    assert_escaped(client_for("editor").get(url))


@pytest.mark.parametrize(
    ("model", "factory"),
    [
        (
            "doctor",
            lambda: Doctor.objects.create(
                name=f"Doc {XSS}", locale_id=1, live=True, credentials=XSS
            ),
        ),
        (
            "testimonial",
            lambda: Testimonial.objects.create(
                display_name=f"Patient {XSS}", quote=XSS, locale_id=1
            ),
        ),
        (
            "reference",
            lambda: Reference.objects.create(
                title=f"Paper {XSS}", journal=XSS, year=2024
            ),
        ),
    ],
)
@pytest.mark.parametrize("view", ["list", "edit", "delete", "history"])
def test_w07_snippet_views_escape_stored_payloads(
    client_for, users, model, factory, view
):
    obj = factory()
    namespace = f"wagtailsnippets_snippets_{model}"
    url = reverse(f"{namespace}:{view}", args=[] if view == "list" else [obj.pk])
    assert_escaped(client_for("administrator").get(url))


@pytest.mark.parametrize("view", ["index", "edit", "delete", "history"])
def test_w07_lead_views_escape_what_a_patient_sent(client_for, view):
    lead = Lead.objects.create(
        kind=Lead.Kind.CALLBACK,
        name=f"Patient {XSS}",
        phone="+390212345678",
        country="IT",
        message=XSS,
        preferred_time=XSS,
        source_url="https://clinic.example/?q=%3Cscript%3E",
        consented_at=timezone.now(),
        consent_text_version="2025-01",
    )
    args = [] if view == "index" else [lead.pk]
    response = client_for("coordinator").get(
        reverse(f"patient_requests:{view}", args=args)
    )
    assert_escaped(response)


# --- W04: rich text links with dangerous schemes ---

DANGEROUS_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]


def contentstate_link(url: str) -> str:
    """What a crafted POST of the rich text editor sends: a link entity with ``url``."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "text": "Read more",
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 9, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
            },
        }
    )


@pytest.mark.parametrize("url", DANGEROUS_URLS)
def test_w04_editor_cannot_store_a_dangerous_link(client_for, shared_site, url):
    page = shared_site.therapy
    client = client_for("administrator")
    data = medical_page_data(page.title, [], slug=page.slug)
    data["intro"] = contentstate_link(url)
    data["action-publish"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, (
        response.context and response.context["form"].errors
    )
    page = TherapyPage.objects.get(pk=page.pk)
    scheme = url.strip().replace("\t", "").split(":")[0].lower()
    assert f"{scheme}:" not in page.intro.lower().replace("\t", "")
    api = client_for("anonymous").get(f"/api/v2/pages/{page.pk}/").json()
    assert "Read more" in api["intro"]
    assert f"{scheme}:" not in api["intro"].lower()


UNSAFE_HTML = (
    '<p><a href="javascript:alert(1)">a</a> <a href="data:text/html,x">b</a> '
    '<a href="vbscript:x">c</a><img src=x onerror="alert(1)"></p>'
)


def test_w04_api_html_never_carries_script_even_if_stored(client_for, shared_site):
    page = shared_site.therapy
    page.intro = UNSAFE_HTML
    page.save_revision().publish()
    intro = client_for("anonymous").get(f"/api/v2/pages/{page.pk}/").json()["intro"]
    for needle in ("javascript:", "data:", "vbscript:", "onerror"):
        assert needle not in intro.lower(), intro


# --- W14: table cells ---


def all_blocks(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from all_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from all_blocks(block.child_block)


def test_w14_no_table_block_anywhere():
    """TableBlock's cell attributes were the XSS vector; none of our StreamFields
    uses it. Our tables are struct blocks of plain text cells, and the data table
    is Wagtail's typed table, whose cells are blocks (no attributes): the one
    typed table is ours, with plain, number and sanitised rich-text cells."""
    from django.apps import apps

    from wagtail.contrib.typed_table_block.blocks import BaseTypedTableBlock

    from pages.blocks.content import DataTableGridBlock

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for block in all_blocks(field.stream_block):
                    name = type(block).__name__
                    assert name != "TableBlock", f"{model.__name__}.{field.name}"
                    if isinstance(block, BaseTypedTableBlock):
                        assert type(block) is DataTableGridBlock, name


def test_w14_table_cells_are_plain_text_in_the_api_and_escaped_in_preview(
    client_for, shared_site
):
    page = shared_site.condition
    body = json.loads(json.dumps(list(page.body.raw_data)))
    table = {
        "caption": XSS,
        "left_heading": XSS,
        "right_heading": "x",
        "items": [{"left": XSS, "right": 'x" onmouseover="alert(1337)'}],
    }
    body.append(
        {
            "type": "section",
            "value": {
                "heading": f"Tables {XSS}",
                "anchor": "tables",
                "content": [{"type": "two_column_table", "value": table}],
            },
        }
    )
    page.body = json.dumps(body)
    page.save_revision().publish()

    detail = client_for("anonymous").get(f"/api/v2/pages/{page.pk}/").json()
    section = next(b for b in detail["body"] if b["value"].get("anchor") == "tables")
    assert section["value"]["heading"] == f"Tables {XSS}"
    value = section["value"]["content"][0]["value"]
    # Plain strings, exactly as typed: the schema marks them text, not HTML.
    assert value["caption"] == XSS
    assert value["items"][0]["right"] == 'x" onmouseover="alert(1337)'
    preview = client_for("editor").get(
        reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    )
    body_html = assert_escaped(preview)
    assert 'onmouseover="alert(1337)' not in body_html


def test_w14_data_table_cells_are_data_in_the_api_and_escaped_in_preview(
    client_for, clinic_site
):
    page = clinic_site.condition
    body = json.loads(json.dumps(list(page.body.raw_data)))
    table = {
        "caption": XSS,
        "columns": [
            {"type": "text", "heading": XSS},
            {"type": "number", "heading": "n"},
            {"type": "rich_text", "heading": "r"},
        ],
        "rows": [{"values": ['x" onmouseover="alert(1337)', "3", f"<p>ok</p>{XSS}"]}],
    }
    body.append(
        {
            "type": "section",
            "value": {
                "heading": "Data",
                "anchor": "data",
                "content": [
                    {
                        "type": "data_table",
                        "value": {"table": table, "header_column": True, "source": XSS},
                    }
                ],
            },
        }
    )
    page.body = json.dumps(body)
    page.save_revision().publish()

    detail = client_for("anonymous").get(f"/api/v2/pages/{page.pk}/").json()
    section = next(b for b in detail["body"] if b["value"].get("anchor") == "data")
    value = section["value"]["content"][0]["value"]
    # Plain text stays plain text (the schema says so); rich text is sanitised.
    assert value["caption"] == value["columns"][0]["heading"] == XSS
    assert value["items"][0]["cells"][:2] == ['x" onmouseover="alert(1337)', 3]
    assert "onerror" not in value["items"][0]["cells"][2]
    preview = client_for("editor").get(
        reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    )
    body_html = assert_escaped(preview)
    assert 'onmouseover="alert(1337)' not in body_html
    assert 'data-block="data_table"' in body_html


# --- W12: long search strings without spaces ---

LONG = "a" * 100_000


@contextlib.contextmanager
def never_hangs(seconds: int = 30):
    """Fails the test if the block runs for ``seconds``: a guard against the
    catastrophic backtracking of W12 (minutes or more on this input), not a
    speed limit, so a loaded machine cannot make it flaky."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/pages/search/?q={LONG}",
        f"/admin/snippets/snippets/doctor/?q={LONG}",
        f"/admin/snippets/snippets/reference/?q={LONG}",
        f"/admin/images/?q={LONG}",
        f"/admin/documents/?q={LONG}",
    ],
)
def test_w12_long_admin_searches_answer(client_for, url):
    with never_hangs():
        response = client_for("administrator").get(url)
    assert response.status_code == 200


def test_w12_long_lead_search_answers(client_for):
    with never_hangs():
        response = client_for("coordinator").get(f"/admin/patient-requests/?q={LONG}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/", "/api/v2/doctors/"],
)
def test_w12_long_api_searches_are_refused(client_for, url):
    """Refused by the length cap before any search runs: no query carries it."""
    with CaptureQueriesContext(connection) as queries:
        response = client_for("anonymous").get(f"{url}?search={LONG}")
    assert response.status_code == 400
    assert "at most 200 characters" in response.json()["message"]
    assert not [query for query in queries if "a" * 200 in query["sql"]]


# --- W13: previews need edit rights ---


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_w13_previews_refuse_users_without_edit_rights(client_for, shared_site, role):
    client = client_for(role)
    doctor = shared_site.doctor
    site_id = ClinicSettings.objects.get().site_id
    posts = [
        reverse("wagtailadmin_pages:preview_on_edit", args=[shared_site.condition.pk]),
        reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["pages", "conditionpage", shared_site.conditions.pk],
        ),
        reverse("wagtailsnippets_snippets_doctor:preview_on_edit", args=[doctor.pk]),
        reverse("wagtailsnippets_snippets_doctor:preview_on_add"),
        reverse(
            "wagtailsettings:preview_on_edit",
            args=["pages", "clinicsettings", site_id],
        ),
    ]
    for url in posts:
        for method in ("post", "get"):
            response = getattr(client, method)(url, {"name": XSS})
            assert response.status_code in (302, 403, 404), (url, method)
            assert doctor.name.encode() not in response.content


# --- W19, W29: copies need rights on the source ---


def test_w19_page_copy_needs_rights_on_the_source(client_for, shared_site):
    conditions = shared_site.conditions
    group = group_with("Conditions editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=conditions,
            permission=Permission.objects.get(codename=codename),
        )
    user = make_user("section-editor", group)
    client = client_for("anonymous")
    client.force_login(user)
    source = shared_site.draft_page  # under Therapies, out of the user's reach
    pages_before = Page.objects.count()

    url = reverse("wagtailadmin_pages:copy", args=[source.pk])
    assert client.get(url).status_code in (302, 403)
    response = client.post(
        url,
        {
            "new_title": "Copied draft",
            "new_slug": "copied-draft",
            "new_parent_page": conditions.pk,
            "copy_subpages": False,
            "publish_copies": True,
            "alias": False,
        },
    )
    assert response.status_code in (302, 403)
    assert Page.objects.count() == pages_before
    assert not Page.objects.filter(slug="copied-draft").exists()


def test_w19_reviewer_cannot_create_a_copy(client_for, shared_site):
    pages_before = Page.objects.count()
    client_for("reviewer").post(
        reverse("wagtailadmin_pages:copy", args=[shared_site.therapy.pk]),
        {
            "new_title": "Copy",
            "new_slug": "reviewer-copy",
            "new_parent_page": shared_site.therapies.pk,
            "copy_subpages": False,
            "alias": False,
        },
    )
    assert Page.objects.count() == pages_before


def test_w29_add_only_users_cannot_copy_a_testimonial(client_for, shared_site):
    user = make_user("adder", group_with("Testimonial adders", "add_testimonial"))
    client = client_for("anonymous")
    client.force_login(user)
    testimonial = shared_site.testimonial
    url = reverse("wagtailsnippets_snippets_testimonial:copy", args=[testimonial.pk])
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert testimonial.quote.encode() not in response.content


# --- W20, W21: private collections in the images and documents API ---


@pytest.fixture
def private_items(shared_site):
    private = Collection.get_first_root_node().add_child(name="Patients' scans")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    grandchild = private.add_child(name="2025").add_child(name="March")
    items = {}
    for name, collection in (("child", private), ("grandchild", grandchild)):
        image = make_image(f"scan-{name}", collection=collection)
        document = Document(title=f"report-{name}", collection=collection)
        document.file.save(f"report-{name}.pdf", ContentFile(b"%PDF-1.7"), save=False)
        document.save()
        items[name] = (image, document)
    return items


@pytest.mark.parametrize("level", ["child", "grandchild"])
def test_w20_w21_private_collections_stay_out_of_the_api(
    client_for, private_items, level
):
    image, document = private_items[level]
    client = client_for("anonymous")
    for endpoint, item in (("images", image), ("documents", document)):
        listing = client.get(f"/api/v2/{endpoint}/?limit=100")
        assert item.title.encode() not in listing.content
        ids = [entry["id"] for entry in listing.json()["items"]]
        assert item.pk not in ids
        assert client.get(f"/api/v2/{endpoint}/{item.pk}/").status_code == 404
        search = client.get(f"/api/v2/{endpoint}/?search={item.title}")
        assert item.pk not in [entry["id"] for entry in search.json()["items"]]


@pytest.mark.parametrize("level", ["child", "grandchild"])
def test_w28_private_document_gives_no_etag_oracle(client_for, private_items, level):
    _image, document = private_items[level]
    real = hashlib.sha1(b"%PDF-1.7", usedforsecurity=False).hexdigest()
    client = client_for("anonymous")
    url = reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    statuses = set()
    for etag in (f'"{real}"', '"0000"'):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        statuses.add(response.status_code)
        assert response.status_code != 304
        assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [b""]))
    assert len(statuses) == 1


# --- W22, W24: choosers and image previews need rights on the collection ---


def test_w22_chooser_refuses_items_outside_the_users_collections(client_for):
    root = Collection.get_first_root_node()
    allowed, other = root.add_child(name="Ward photos"), root.add_child(name="Board")
    group = group_with("Ward photographers")
    for codename in ("choose_image", "choose_document", "add_image"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=allowed,
            permission=Permission.objects.get(codename=codename),
        )
    client = client_for("anonymous")
    client.force_login(make_user("photographer", group))
    secret_image = make_image("board-minutes-photo", collection=other)
    secret_document = Document(title="board-minutes", collection=other)
    secret_document.file.save("minutes.pdf", ContentFile(b"%PDF-1.7"), save=False)
    secret_document.save()

    for url in (
        reverse("wagtailimages_chooser:chosen", args=[secret_image.pk]),
        reverse("wagtailimages_chooser:select_format", args=[secret_image.pk]),
        reverse("wagtailimages:preview", args=[secret_image.pk, "max-100x100"]),
        reverse("wagtaildocs_chooser:chosen", args=[secret_document.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert b"board-minutes" not in response.content


# --- W23: oversized image filter specs ---


@pytest.mark.parametrize(
    "spec",
    [
        "scale-100000",
        "max-99999x99999|format-png",
        "format-webp-lossless",
        "bgcolor-fff",
    ],
)
def test_w23_filters_outside_the_url_generator_are_refused_fast(
    client_for, shared_site, spec
):
    image = shared_site.image
    url = reverse("wagtailimages:preview", args=[image.pk, spec])
    response = client_for("administrator").get(url)
    assert response.status_code == 400, response.status_code
    assert not image.renditions.exists()


@pytest.mark.parametrize(
    "spec", ["width-100000", "fill-99999x99999", "width-100000|fill-99999x99999"]
)
def test_w23_oversized_sizes_never_upscale(client_for, shared_site, spec):
    """Huge sizes are allowed in the admin preview, but never enlarge the image:
    the work stays that of the original, and nothing is stored."""
    image = shared_site.image
    url = reverse("wagtailimages:preview", args=[image.pk, spec])
    response = client_for("administrator").get(url)
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    with PillowImage.open(io.BytesIO(body)) as preview:
        assert preview.width <= image.width and preview.height <= image.height
    assert not image.renditions.exists()


# --- W09, W10, W11, W30 ---


def test_w09_user_bulk_actions_reveal_no_names_to_editors(client_for, users):
    url = "/admin/bulk/{}/{}/delete/?id={}&id={}".format(
        get_user_model()._meta.app_label,
        get_user_model()._meta.model_name,
        users["coordinator"].pk,
        users["administrator"].pk,
    )
    response = client_for("editor").get(url)
    assert response.status_code in (302, 403)
    assert b"coordinator@clinic.example" not in response.content
    assert get_user_model().objects.filter(pk=users["coordinator"].pk).exists()


def test_w10_editor_cannot_link_a_doctor_to_a_user_account(client_for, users):
    doctor = Doctor.objects.create(name="Lana", locale_id=1, live=True)
    data = {
        "honorific": "Dr.",
        "name": "Lana",
        "credentials": "MD",
        "role": "",
        "photo": "",
        "bio": "",
        "specialties": "",
        "languages": ["en"],
        "registration_number": "",
        "user": users["administrator"].pk,
    }
    client_for("editor").post(
        reverse("wagtailsnippets_snippets_doctor:edit", args=[doctor.pk]), data
    )
    doctor.refresh_from_db()
    assert doctor.user_id is None


@pytest.mark.parametrize("role", ["editor", "reviewer", "coordinator"])
def test_w11_settings_cannot_be_changed_without_permission(
    client_for, shared_site, role
):
    settings_obj = ClinicSettings.objects.get()
    url = reverse(
        "wagtailsettings:edit", args=["pages", "clinicsettings", settings_obj.site_id]
    )
    response = client_for(role).post(
        url, {"clinic_name": "Hijacked", "contact_phone": "+1 555 0100"}
    )
    assert response.status_code in (302, 403)
    settings_obj.refresh_from_db()
    assert settings_obj.clinic_name == "Test Clinic"


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_w30_copy_for_translation_needs_edit_rights(client_for, shared_site, role):
    page = shared_site.condition
    count_before = ConditionPage.objects.count()
    response = client_for(role).post(
        f"/admin/api/main/pages/{page.pk}/action/copy_for_translation/",
        {"locale": "de"},
        content_type="application/json",
    )
    assert response.status_code in (302, 403, 404)
    assert ConditionPage.objects.count() == count_before
