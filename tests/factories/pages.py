"""Page factories: each builds a published page under a parent of the right type.

Without a ``parent``, a factory also builds the parents it needs (a condition page
gets its own condition index under its own home page). Tests that build several
pages pass ``parent=`` to keep them in one tree.
"""

import datetime

from django.utils import timezone

from wagtail.models import Page

import factory
import wagtail_factories

from pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ConditionIndexPage,
    ConditionPage,
    HomePage,
    TherapyIndexPage,
    TherapyPage,
)

from .blocks import (
    CalloutBlockFactory,
    CallToActionBlockFactory,
    DefaultStreamFieldFactory,
    EmergencyCalloutBlockFactory,
    FAQBlockFactory,
    FigureBlockFactory,
    PageChooserBlockFactory,
    ParagraphBlockFactory,
    ReferenceChooserBlockFactory,
    RelatedContentBlockFactory,
    SectionBlockFactory,
    VideoBlockFactory,
)
from .snippets import DoctorFactory


def sectioned_body_factory() -> DefaultStreamFieldFactory:
    """A body of sections and the blocks allowed between them; one section unless
    the caller declares blocks."""
    return DefaultStreamFieldFactory(
        {
            "section": factory.SubFactory(SectionBlockFactory),
            "call_to_action": factory.SubFactory(CallToActionBlockFactory),
            "callout": factory.SubFactory(CalloutBlockFactory),
            "emergency_callout": factory.SubFactory(EmergencyCalloutBlockFactory),
            "image": factory.SubFactory(FigureBlockFactory),
            "video": factory.SubFactory(VideoBlockFactory),
            "faq": factory.SubFactory(FAQBlockFactory),
            "related": factory.SubFactory(RelatedContentBlockFactory),
        },
        default={"0": "section"},
    )


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Publishes a revision once the page exists, like the admin's "Publish".

    ``publish=False`` leaves the page as created by ``add_child``, without a
    revision.
    """

    title = factory.Sequence(lambda n: f"Page {n}")

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        return extracted

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and (results or {}).get("publish") is not False:
            instance.save_revision().publish()
            # publish() works on a fresh copy; bring live_revision etc. back here.
            instance.refresh_from_db()

    class Meta:
        abstract = True


class HomePageFactory(PublishedPageFactory):
    """A home page directly under the tree root (not attached to a site)."""

    parent = factory.LazyFunction(Page.get_first_root_node)
    title = factory.Sequence(lambda n: f"Clinic home {n}")
    intro = "<p>Regenerative treatment for neurological conditions.</p>"

    class Meta:
        model = HomePage


class ConditionIndexPageFactory(PublishedPageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = "Conditions"
    intro = "<p>Conditions we treat.</p>"

    class Meta:
        model = ConditionIndexPage


class TherapyIndexPageFactory(PublishedPageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = "Therapies"
    intro = "<p>Therapies we offer.</p>"

    class Meta:
        model = TherapyIndexPage


class ArticleIndexPageFactory(PublishedPageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = "Articles"
    intro = "<p>Articles and videos about our treatments.</p>"

    class Meta:
        model = ArticleIndexPage


class MedicalPageFactory(PublishedPageFactory):
    """Fields of ``MedicalPage``: reviewed a month ago, due again in eleven months."""

    summary = "Stem cells added to standard care may slow the disease down."
    intro = "<p>There is no cure yet, but the decline can be slowed.</p>"
    hero_image = None
    hero_alt_text = ""
    key_facts_anchor = ""
    alternate_names = wagtail_factories.StreamFieldFactory(
        {"name": factory.SubFactory(wagtail_factories.CharBlockFactory)}
    )
    references = wagtail_factories.StreamFieldFactory(
        {"reference": factory.SubFactory(ReferenceChooserBlockFactory)}
    )
    related_pages = wagtail_factories.StreamFieldFactory(
        {"page": factory.SubFactory(PageChooserBlockFactory)}
    )
    reviewed_by = factory.SubFactory(DoctorFactory)
    last_reviewed = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )
    next_review_due = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=335)
    )

    class Meta:
        abstract = True


class ConditionPageFactory(MedicalPageFactory):
    parent = factory.SubFactory(ConditionIndexPageFactory)
    title = factory.Sequence(lambda n: f"Stem cell therapy for ALS {n}")
    medical_name = "Amyotrophic lateral sclerosis"
    body = sectioned_body_factory()

    class Meta:
        model = ConditionPage


class TherapyPageFactory(MedicalPageFactory):
    parent = factory.SubFactory(TherapyIndexPageFactory)
    title = factory.Sequence(lambda n: f"Mesenchymal stem cells {n}")
    summary = "Donor cells that calm inflammation and protect nerve cells."
    body = sectioned_body_factory()

    class Meta:
        model = TherapyPage


class ArticlePageFactory(PublishedPageFactory):
    parent = factory.SubFactory(ArticleIndexPageFactory)
    title = factory.Sequence(lambda n: f"How mesenchymal stem cells work {n}")
    kind = ArticlePage.Kind.ARTICLE
    summary = "What the cells do once they are in the body."
    author = factory.SubFactory(DoctorFactory)
    image = None
    video_url = ""
    published_on = datetime.date(2025, 3, 14)
    body = DefaultStreamFieldFactory(
        {
            "paragraph": factory.SubFactory(ParagraphBlockFactory),
            "section": factory.SubFactory(SectionBlockFactory),
            "image": factory.SubFactory(FigureBlockFactory),
            "video": factory.SubFactory(VideoBlockFactory),
            "callout": factory.SubFactory(CalloutBlockFactory),
        },
        default={"0": "paragraph"},
    )

    class Meta:
        model = ArticlePage
