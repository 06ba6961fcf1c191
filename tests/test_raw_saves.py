"""A raw save (``loaddata``, a transactional test's ``serialized_rollback``) loads
the database as it was: signal handlers add nothing to it. No new cache
generations, render requests, background tasks, change events, webhook
deliveries, review workflows or search updates come from loading content.

The test dumps a small site, as ``dumpdata`` would, and loads it back the way
``loaddata`` does (``DeserializedObject.save()``, which saves with ``raw=True``):
most rows over themselves (a page's review flag and an image changed since the
dump), and a section, a redirect, authors, a document and a collection's
restriction deleted first, so that the load creates them. The rows come back
exactly as dumped.
"""

from django.apps import apps
from django.core import serializers
from django.db import connection, models

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Revision,
    Site,
    WorkflowPage,
)
from wagtail.search import index

import pytest
from django_tasks_db.models import DBTaskResult

from api import materialize
from api.models import CacheGeneration, ChangeEvent, RenderedPage
from api.tags import page_tag
from pages.models import (
    ClinicSettings,
    ConditionPage,
    InterfaceLabels,
    TherapyIndexPage,
    TherapyPage,
)
from snippets.models import ReferenceAuthor
from snippets.usage import referencing_page_ids
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ConditionIndexPageFactory,
    ConditionPageFactory,
    DoctorFactory,
    DocumentFactory,
    ReferenceFactory,
    TestimonialFactory,
    TherapyIndexPageFactory,
    TherapyPageFactory,
)
from tests.leads.factories import LeadFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint

WAGTAIL_MODELS = [
    Locale,
    Collection,
    CollectionViewRestriction,
    get_image_model(),
    get_document_model(),
    Page,
    PageViewRestriction,
    Revision,
    Site,
    Redirect,
]
# Every model of the apps that hold content: a handler added for one of them
# later is covered without listing it here.
CONTENT_APPS = ["snippets", "pages", "leads"]


def dumped_models() -> list[type[models.Model]]:
    return WAGTAIL_MODELS + [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
    ]


def dump() -> str:
    """The rows of every content model, as ``dumpdata`` writes them (a page's
    ``Page`` row and its own table's row are separate objects)."""
    objects = [
        obj
        for model in dumped_models()
        for obj in model._default_manager.order_by("pk")
    ]
    return serializers.serialize("json", objects)


def load(data: str) -> None:
    """What ``loaddata`` does with each object of a fixture."""
    with connection.constraint_checks_disabled():
        for deserialized in serializers.deserialize("json", data):
            deserialized.save()


def derived_state() -> dict[str, object]:
    """What the handlers write when content changes."""
    return {
        "cache generations": dict(CacheGeneration.objects.values_list("tag", "token")),
        "render requests": dict(RenderedPage.objects.values_list("page_id", "wanted")),
        "background tasks": list(
            DBTaskResult.objects.order_by("pk").values_list("task_path", "args_kwargs")
        ),
        "change events": list(ChangeEvent.objects.order_by("pk").values_list("pk")),
        "webhook deliveries": list(
            WebhookDelivery.objects.order_by("pk").values_list("pk")
        ),
        "review workflows": list(
            WorkflowPage.objects.order_by("pk").values_list("page_id", "workflow_id")
        ),
    }


@pytest.fixture
def site_content(home_page):
    """A page of every type, the doctor who reviewed the condition page, and one
    object of every other model a handler listens to; its pages wait for renders,
    and an endpoint is sent every event."""
    doctor = DoctorFactory()
    reference = ReferenceFactory()
    condition = ConditionPageFactory(
        parent=ConditionIndexPageFactory(parent=home_page),
        reviewed_by=doctor,
        references=[("reference", reference)],
        hero_image=doctor.photo,
        hero_alt_text="The reviewing doctor",
    )
    therapy = TherapyPageFactory(
        parent=TherapyIndexPageFactory(parent=home_page), reviewed_by=doctor
    )
    ArticlePageFactory(parent=ArticleIndexPageFactory(parent=home_page), author=doctor)
    PageViewRestriction.objects.create(
        page=therapy, restriction_type=PageViewRestriction.LOGIN
    )
    private = Collection.get_first_root_node().add_child(name="Private")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    TestimonialFactory()
    DocumentFactory(title="Patient leaflet")
    Redirect.objects.create(old_path="/old-als", redirect_page=condition)
    ClinicSettings.objects.create(site=Site.objects.get(), clinic_name="Clinic")
    InterfaceLabels.objects.create(locale=Locale.get_default())
    LeadFactory()
    WebhookEndpoint.objects.create(name="Frontend", url="https://frontend.example/")
    materialize.request_renders(
        {
            page_tag(pk)
            for pk in Page.objects.filter(depth__gt=1).values_list("pk", flat=True)
        }
    )
    return condition, doctor


def test_loading_content_derives_nothing(site_content, monkeypatch):
    condition, doctor = site_content
    # The condition page shows the doctor: a handler of the doctor's touches it.
    assert condition.pk in referencing_page_ids([doctor])
    data = dump()
    # Created by the load, not saved over themselves.
    TherapyIndexPage.objects.get().delete()
    Redirect.objects.all().delete()
    ReferenceAuthor.objects.all().delete()
    get_document_model().objects.all().delete()
    CollectionViewRestriction.objects.all().delete()
    # Changed since the dump, without signals: the load puts back what was dumped.
    ConditionPage.objects.filter(pk=condition.pk).update(has_unreviewed_changes=True)
    get_image_model().objects.filter(pk=doctor.photo_id).update(title="Renamed")
    before = derived_state()
    indexed: list[models.Model] = []
    monkeypatch.setattr(index, "insert_or_update_object", indexed.append)

    load(data)

    after = derived_state()
    changed = [kind for kind in before if after[kind] != before[kind]]
    if indexed:
        changed.append("search index")
    assert not changed, f"loading content changed: {', '.join(changed)}"
    assert dump() == data
    assert TherapyPage.objects.get().view_restrictions.exists()
    assert ReferenceAuthor.objects.exists()
    assert Redirect.objects.get().redirect_page_id == condition.pk
