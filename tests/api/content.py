"""A small but complete clinic site for API tests: every block type, and one of each
kind of content that must never leak (drafts, unpublished pages, restricted pages,
unpublished doctors, testimonials without consent, images in private collections).
"""

import datetime
import io
import json
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)

from PIL import Image as PillowImage

from pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ClinicSettings,
    ConditionCode,
    ConditionIndexPage,
    ConditionPage,
    HomePage,
    TherapyIndexPage,
    TherapyPage,
)
from snippets.models import Doctor, Reference, ReferenceAuthor, Testimonial

TODAY = timezone.localdate()


def make_image(title: str, size=(1200, 800), collection=None) -> Image:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (70, 130, 180)).save(buffer, "JPEG")
    buffer.seek(0)
    image = Image(
        title=title,
        file=ImageFile(buffer, name=f"{title}.jpg"),
        description=f"{title} description",
    )
    if collection is not None:
        image.collection = collection
    image.save()
    return image


def publish(obj):
    if obj.pk is None:
        obj.save()
    obj.save_revision().publish()
    obj.refresh_from_db()
    return obj


def stream(*children) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in children])


def rich(html: str) -> str:
    return html


@dataclass
class ClinicSite:
    home: HomePage
    conditions: ConditionIndexPage
    therapies: TherapyIndexPage
    articles: ArticleIndexPage
    condition: ConditionPage
    therapy: TherapyPage
    article: ArticlePage
    draft_page: TherapyPage
    unpublished_page: TherapyPage
    restricted_page: TherapyPage
    doctor: Doctor
    draft_doctor: Doctor
    testimonial: Testimonial
    hidden_testimonials: list[Testimonial]
    reference: Reference
    image: Image
    private_image: Image
    german_condition: ConditionPage | None = None
    extra: dict = field(default_factory=dict)


def build_clinic_site() -> ClinicSite:
    english = Locale.get_default()
    german, _ = Locale.objects.get_or_create(language_code="de")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="clinic-home"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    ClinicSettings.objects.update_or_create(
        site=site,
        defaults={
            "clinic_name": "Test Clinic",
            "contact_phone": "+41 22 508 71 72",
            "social_links": stream(
                ("link", {"platform": "facebook", "url": "https://facebook.com/clinic"})
            ),
            "emergency_numbers": stream(
                (
                    "locale_numbers",
                    {
                        "locale": "en",
                        "items": [
                            {"country": "EU", "number": "112", "label": ""},
                            {"country": "US", "number": "911", "label": "Ambulance"},
                        ],
                    },
                )
            ),
        },
    )
    conditions = home.add_child(
        instance=ConditionIndexPage(
            title="Conditions", slug="conditions", show_in_menus=True
        )
    )
    therapies = home.add_child(
        instance=TherapyIndexPage(
            title="Therapies", slug="therapies", show_in_menus=True
        )
    )
    articles = home.add_child(
        instance=ArticleIndexPage(title="Articles", slug="articles")
    )

    image = make_image("hero")
    private_collection = Collection.get_first_root_node().add_child(name="Private")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    private_image = make_image("private-scan", collection=private_collection)

    doctor = publish(
        Doctor(
            name="Lana",
            credentials="MD",
            role="Pediatrician, Regenerative Medicine Specialist",
            photo=make_image("lana", size=(600, 600)),
            languages=["en", "sr"],
            locale=english,
        )
    )
    draft_doctor = Doctor(
        name="Unpublished Person", credentials="MD", locale=english, live=False
    )
    draft_doctor.save()

    testimonial = publish(
        Testimonial(
            display_name="A patient from Italy",
            country="IT",
            quote="My legs felt stronger for months.",
            outcomes=stream(("outcome", "Walking improved")),
            consent_given_on=TODAY - datetime.timedelta(days=30),
            consent_scope="quote",
            locale=english,
        )
    )
    no_consent = Testimonial(display_name="No consent", quote="Secret", locale=english)
    no_consent.save()
    no_consent.save_revision()
    revoked = publish(
        Testimonial(
            display_name="Revoked consent",
            quote="Withdrawn words",
            consent_given_on=TODAY - datetime.timedelta(days=300),
            consent_scope="quote",
            locale=english,
        )
    )
    Testimonial.objects.filter(pk=revoked.pk).update(
        consent_revoked_on=TODAY - datetime.timedelta(days=1)
    )
    revoked.refresh_from_db()
    draft_testimonial = Testimonial(
        display_name="Draft testimonial",
        quote="Not yet approved",
        consent_given_on=TODAY,
        consent_scope="quote",
        locale=english,
        live=False,
    )
    draft_testimonial.save()

    reference = Reference.objects.create(
        title="Looking backward to move forward: a meta-analysis of stem cell therapy in amyotrophic lateral sclerosis",
        journal="NPJ Regen Med",
        year=2021,
        volume="6",
        issue="1",
        pages="20",
        doi="10.1038/s41536-021-00131-5",
    )
    for order, (family, initials) in enumerate(
        [("Morata-Tarifa", "C"), ("Azkona", "G"), ("Glass", "J")]
    ):
        ReferenceAuthor.objects.create(
            reference=reference, family_name=family, initials=initials, sort_order=order
        )

    therapy = publish(
        therapies.add_child(
            instance=TherapyPage(
                title="Mesenchymal stem cells", slug="mscs", summary="MSC summary"
            )
        )
    )
    draft_page = therapies.add_child(
        instance=TherapyPage(
            title="Draft therapy", slug="draft-therapy", summary="Draft", live=False
        )
    )
    unpublished_page = publish(
        therapies.add_child(
            instance=TherapyPage(title="Retired therapy", slug="retired", summary="Old")
        )
    )
    unpublished_page.unpublish()
    restricted_page = publish(
        therapies.add_child(
            instance=TherapyPage(
                title="Members only therapy", slug="members", summary="Private"
            )
        )
    )
    PageViewRestriction.objects.create(
        page=restricted_page, restriction_type=PageViewRestriction.GROUPS
    ).groups.set([Group.objects.get_or_create(name="Staff only")[0]])
    article = publish(
        articles.add_child(
            instance=ArticlePage(
                title="How MSCs work",
                slug="how-mscs-work",
                summary="An explainer",
                author=doctor,
                kind="article",
            )
        )
    )

    section_content = [
        {"type": "subheading", "value": "Drugs"},
        {
            "type": "paragraph",
            "value": f'<p>Read about <a linktype="page" id="{therapy.pk}">MSCs</a> and '
            f'<a linktype="page" id="{draft_page.pk}">a draft</a>.</p>',
        },
        {
            "type": "term_list",
            "value": {
                "items": [
                    {
                        "title": "Oxidative stress",
                        "text": "<p>Damage.</p>",
                        "page": therapy.pk,
                    },
                    {
                        "title": "Inflammation",
                        "text": "<p>Ongoing.</p>",
                        "page": restricted_page.pk,
                    },
                ]
            },
        },
        {
            "type": "drug_list",
            "value": {
                "items": [
                    {
                        "title": "Riluzole",
                        "drug_class": "Anti-glutamate",
                        "text": "<p>Survival.</p>",
                        "status": "Standard",
                    }
                ]
            },
        },
        {
            "type": "two_column_table",
            "value": {
                "caption": "Rehabilitation",
                "left_heading": "Therapy",
                "right_heading": "What it does",
                "items": [{"left": "Speech therapy", "right": "Communication"}],
            },
        },
        {
            "type": "criteria_table",
            "value": {
                "caption": "",
                "items": [{"criterion": "Age", "requirement": "Adults"}],
            },
        },
        {
            "type": "price_table",
            "value": {
                "caption": "Typical prices",
                "items": [
                    {
                        "region": "USA",
                        "kind": "from",
                        "minimum": "20000",
                        "maximum": None,
                        "currency": "USD",
                        "note": "Regulation",
                        "footnoted": False,
                    },
                    {
                        "region": "Serbia",
                        "kind": "between",
                        "minimum": "7000",
                        "maximum": "31000.50",
                        "currency": "EUR",
                        "note": "",
                        "footnoted": True,
                    },
                ],
                "footnote": "Indicative prices.",
                "as_of": "2025-01-01",
            },
        },
        {
            "type": "findings",
            "value": {
                "items": [{"title": "Slower decline", "text": "<p>ALSFRS-R</p>"}],
                "note": "Results vary.",
            },
        },
        {
            "type": "steps",
            "value": {
                "items": [
                    {"title": "Consultation", "text": "<p>History</p>"},
                    {"title": "Infusion", "text": "<p>IV</p>"},
                ]
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Free consultation",
                "text": "<p>Talk to us</p>",
                "doctor": draft_doctor.pk,
                "button_label": "Contact",
                "action": "consultation",
                "button_url": "",
            },
        },
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "Symptoms diagram",
                "caption": "Early signs",
            },
        },
        {
            "type": "gallery",
            "value": {
                "items": [
                    {"image": image.pk, "alt_text": "Hospital entrance"},
                    {"image": private_image.pk, "alt_text": "Ward"},
                ],
                "caption": "Our hospital",
            },
        },
        {
            "type": "video",
            "value": {
                "url": "https://www.youtube.com/watch?v=abcdefghijk",
                "title": "Story",
                "caption": "",
            },
        },
        {
            "type": "callout",
            "value": {
                "kind": "disclaimer",
                "heading": "",
                "text": "<p>Individual results may vary.</p>",
            },
        },
        {
            "type": "testimonials",
            "value": {
                "outcomes": ["Better speech"],
                "items": [
                    testimonial.pk,
                    no_consent.pk,
                    revoked.pk,
                    draft_testimonial.pk,
                ],
                "more_link_label": "Watch videos",
                "more_link_url": "https://www.youtube.com/@clinic",
                "disclaimer": "Individual results may vary.",
            },
        },
        {
            "type": "link",
            "value": {"label": "Learn more", "page": article.pk, "url": ""},
        },
        {
            "type": "link",
            "value": {"label": "Hidden", "page": unpublished_page.pk, "url": ""},
        },
        {
            "type": "faq",
            "value": {
                "items": [{"title": "Can stem cells cure ALS?", "text": "<p>No.</p>"}]
            },
        },
    ]
    body = [
        {
            "type": "section",
            "value": {
                "heading": "Understanding ALS",
                "anchor": "understanding-als",
                "content": section_content,
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Ask a doctor",
                "text": "",
                "doctor": doctor.pk,
                "button_label": "Ask",
                "action": "callback",
                "button_url": "",
            },
        },
        {
            "type": "callout",
            "value": {"kind": "info", "heading": "Note", "text": "<p>Info</p>"},
        },
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "Clinic", "caption": ""},
        },
        {
            "type": "video",
            "value": {
                "url": "https://vimeo.com/123456",
                "title": "Tour",
                "caption": "",
            },
        },
        {
            "type": "faq",
            "value": {
                "items": [{"title": "How long is the stay?", "text": "<p>8 days.</p>"}]
            },
        },
        {
            "type": "related",
            "value": {
                "heading": "May interest you",
                "items": [article.pk, draft_page.pk, restricted_page.pk],
            },
        },
        {
            "type": "section",
            "value": {
                "heading": "Cost",
                "anchor": "cost",
                "content": [{"type": "paragraph", "value": "<p>Prices</p>"}],
            },
        },
    ]
    condition = conditions.add_child(
        instance=ConditionPage(
            title="Stem cell therapy for ALS",
            slug="als",
            medical_name="Amyotrophic lateral sclerosis",
            codes=[
                ConditionCode(system="ICD-10", value="G12.21"),
                ConditionCode(system="SNOMED-CT", value="86044005"),
            ],
            summary="Key facts about ALS.",
            intro=f'<p>Living with ALS. See <a linktype="page" id="{therapy.pk}">MSCs</a>.</p>',
            hero_image=image,
            hero_alt_text="A patient walking",
            key_facts_anchor="cost",
            alternate_names=stream(
                ("name", "Amyotrophic lateral sclerosis"),
                ("name", "Lou Gehrig's disease"),
            ),
            body=json.dumps(body),
            references=stream(("reference", reference.pk)),
            related_pages=stream(("page", therapy.pk), ("page", draft_page.pk)),
            reviewed_by=doctor,
            last_reviewed=TODAY - datetime.timedelta(days=10),
            next_review_due=TODAY + datetime.timedelta(days=355),
        )
    )
    condition.full_clean()
    publish(condition)

    german_home = home.copy_for_translation(german)
    publish(german_home)
    german_conditions = conditions.copy_for_translation(german)
    publish(german_conditions)
    german_condition = condition.copy_for_translation(german)
    german_condition.title = "Stammzelltherapie bei ALS"
    publish(german_condition)

    return ClinicSite(
        home=home,
        conditions=conditions,
        therapies=therapies,
        articles=articles,
        condition=condition,
        therapy=therapy,
        article=article,
        draft_page=draft_page,
        unpublished_page=unpublished_page,
        restricted_page=restricted_page,
        doctor=doctor,
        draft_doctor=draft_doctor,
        testimonial=testimonial,
        hidden_testimonials=[no_consent, revoked, draft_testimonial],
        reference=reference,
        image=image,
        private_image=private_image,
        german_condition=german_condition,
    )
