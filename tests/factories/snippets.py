import datetime

import factory
from factory.django import DjangoModelFactory

from snippets.models import (
    ConsentScope,
    Doctor,
    Reference,
    ReferenceAuthor,
    Testimonial,
)

from .images import ImageFactory


class PublishedSnippetFactory(DjangoModelFactory):
    """Saves a revision and publishes it, as the admin's "Publish" button does.

    Publishing runs after every other post-generation step (tags, relations), so
    the published revision holds them. ``publish=False`` leaves a plain saved
    object without revisions.
    """

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


class DoctorFactory(PublishedSnippetFactory):
    honorific = "Dr."
    name = factory.Sequence(lambda n: f"Mila Petrović {n}")
    credentials = "MD"
    role = "Medical Advisor"
    bio = "Neurologist who advises patients on regenerative treatment plans."
    photo = factory.SubFactory(ImageFactory)
    languages = factory.LazyFunction(lambda: ["en", "sr"])
    registration_number = factory.Sequence(lambda n: f"RS-{10000 + n}")

    @factory.post_generation
    def specialties(obj, create, extracted, **kwargs):
        """Specialty tag names; ``["Neurology"]`` unless given."""
        if create:
            obj.specialties.set(["Neurology"] if extracted is None else extracted)
            obj.save()

    class Meta:
        model = Doctor


class TestimonialFactory(PublishedSnippetFactory):
    """A testimonial whose consent covers publishing its quote, from 2023 on."""

    __test__ = False  # not a test class, despite its name

    display_name = factory.Sequence(lambda n: f"A patient from Italy ({n})")
    country = "IT"
    quote = (
        "After the first course my legs felt steadier and I could walk "
        "further for a couple of months."
    )
    outcomes = factory.LazyFunction(lambda: [("outcome", "Walking improved")])
    treatment_date = datetime.date(2023, 3, 1)
    consent_given_on = datetime.date(2023, 5, 2)
    consent_scope = ConsentScope.QUOTE

    @factory.post_generation
    def conditions(obj, create, extracted, **kwargs):
        """Condition pages the testimonial is about; none unless given. The link
        belongs to the pages (``ConditionPage.testimonials``): this writes it as
        publishing those pages would."""
        if create and extracted:
            obj.conditions.set(extracted)

    class Meta:
        model = Testimonial


class ReferenceFactory(DjangoModelFactory):
    """A journal article with a unique DOI and PMID and two authors."""

    title = factory.Sequence(lambda n: f"Mesenchymal stem cells in ALS: trial {n}")
    journal = "Stem Cell Res Ther"
    year = 2021
    volume = "12"
    issue = "1"
    pages = factory.Sequence(lambda n: str(500 + n))
    doi = factory.Sequence(lambda n: f"10.1186/s13287-021-{n:05d}-x")
    pmid = factory.Sequence(lambda n: str(34000000 + n))

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        """``(family_name, initials)`` pairs in citation order."""
        if not create:
            return
        names = [("Wang", "Y"), ("Song", "Y")] if extracted is None else extracted
        for order, (family_name, initials) in enumerate(names):
            ReferenceAuthor.objects.create(
                reference=obj,
                family_name=family_name,
                initials=initials,
                sort_order=order,
            )

    class Meta:
        model = Reference
        skip_postgeneration_save = True


class ReferenceAuthorFactory(DjangoModelFactory):
    reference = factory.SubFactory(ReferenceFactory, authors=[])
    family_name = factory.Sequence(lambda n: f"Author{n}")
    initials = "AB"
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = ReferenceAuthor
