"""Pages of growing size on top of the API test site, for query-count comparisons.

A "large" page shows many more blocks, images, doctors, testimonials, references
and linked pages than the test site's condition page, but of the same kinds (and
links to the same page types), so that any difference in query count comes from
the amount of content alone.
"""

import datetime
import json

from django.utils import timezone

from pages.models import ArticlePage, ConditionPage, TherapyPage
from snippets.models import Doctor, Reference, ReferenceAuthor, Testimonial
from tests.api.content import ClinicSite, make_image, publish

TODAY = timezone.localdate()


def _extra_objects(site: ClinicSite, count: int) -> dict:
    english = site.condition.locale
    images = [make_image(f"extra-{n}", size=(320, 200)) for n in range(count)]
    doctors = [
        publish(
            Doctor(
                name=f"Doctor {n}",
                credentials="MD",
                role="Neurologist",
                photo=images[n],
                locale=english,
            )
        )
        for n in range(count)
    ]
    testimonials = [
        publish(
            Testimonial(
                display_name=f"A patient {n}",
                country="DE",
                quote=f"Quote {n}",
                consent_given_on=TODAY - datetime.timedelta(days=5),
                consent_scope="quote",
                locale=english,
            )
        )
        for n in range(count)
    ]
    references = []
    for n in range(count):
        reference = Reference.objects.create(
            title=f"Study {n}", journal="J Test", year=2020, doi=f"10.1000/test.{n}"
        )
        for order, family in enumerate(["Alpha", "Beta"]):
            ReferenceAuthor.objects.create(
                reference=reference, family_name=family, initials="A", sort_order=order
            )
        references.append(reference)
    therapies = [
        publish(
            site.therapies.add_child(
                instance=TherapyPage(
                    title=f"Therapy {n}", slug=f"therapy-{n}", summary="A therapy"
                )
            )
        )
        for n in range(count)
    ]
    articles = [
        publish(
            site.articles.add_child(
                instance=ArticlePage(
                    title=f"Article {n}",
                    slug=f"article-{n}",
                    summary="An article",
                    author=doctors[n],
                    kind="article",
                )
            )
        )
        for n in range(count)
    ]
    return {
        "images": images,
        "doctors": doctors,
        "testimonials": testimonials,
        "references": references,
        "therapies": therapies,
        "articles": articles,
    }


def _section(n: int, extra: dict) -> dict:
    therapy = extra["therapies"][n]
    article = extra["articles"][n]
    image = extra["images"][n]
    doctor = extra["doctors"][n]
    links = "".join(
        f'<a linktype="page" id="{page.pk}">{page.title}</a> '
        for page in (therapy, article)
    )
    content = [
        {"type": "subheading", "value": f"Part {n}"},
        {"type": "paragraph", "value": f"<p>See {links}for more.</p>"},
        {
            "type": "term_list",
            "value": {
                "items": [{"title": "Term", "text": "<p>Text.</p>", "page": therapy.pk}]
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Ask",
                "text": f"<p>{links}</p>",
                "doctor": doctor.pk,
                "button_label": "Ask",
                "action": "consultation",
                "button_url": "",
            },
        },
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "Alt", "caption": ""},
        },
        {
            "type": "gallery",
            "value": {
                "items": [
                    {"image": image.pk, "alt_text": "One"},
                    {"image": extra["images"][-1 - n].pk, "alt_text": "Two"},
                ],
                "caption": "",
            },
        },
        {
            "type": "testimonials",
            "value": {
                "outcomes": ["Better"],
                "items": [extra["testimonials"][n].pk],
                "more_link_label": "",
                "more_link_url": "",
                "disclaimer": "Individual results may vary.",
            },
        },
        {
            "type": "link",
            "value": {"label": "More", "page": article.pk, "url": ""},
        },
        {
            "type": "faq",
            "value": {
                "items": [{"title": f"Question {n}?", "text": f"<p>{links}</p>"}]
            },
        },
    ]
    return {
        "type": "section",
        "value": {
            "heading": f"Section {n}",
            "anchor": f"section-{n}",
            "content": content,
        },
    }


def build_large_condition_page(site: ClinicSite, count: int = 8) -> ConditionPage:
    """A condition page with ``count`` times the chosen objects of the small one
    and over 60 blocks (``count`` sections of 9 blocks, plus the small page's body)."""
    extra = _extra_objects(site, count)
    body = [_section(n, extra) for n in range(count)]
    body += list(ConditionPage.objects.get(pk=site.condition.pk).body.raw_data)
    body.append(
        {
            "type": "related",
            "value": {
                "heading": "More",
                "items": [page.pk for page in extra["therapies"] + extra["articles"]],
            },
        }
    )
    links = "".join(
        f'<a linktype="page" id="{page.pk}">{page.title}</a>'
        for page in extra["therapies"]
    )
    page = site.conditions.add_child(
        instance=ConditionPage(
            title="A long condition page",
            slug="long",
            medical_name="A long condition",
            summary="Many blocks.",
            intro=f"<p>{links}</p>",
            hero_image=extra["images"][0],
            hero_alt_text="Hero",
            alternate_names=json.dumps(
                [{"type": "name", "value": f"Name {n}"} for n in range(count)]
            ),
            body=json.dumps(body),
            references=json.dumps(
                [{"type": "reference", "value": ref.pk} for ref in extra["references"]]
                + [{"type": "reference", "value": site.reference.pk}]
            ),
            related_pages=json.dumps(
                [{"type": "page", "value": page.pk} for page in extra["therapies"]]
            ),
            reviewed_by=extra["doctors"][1],
            last_reviewed=TODAY - datetime.timedelta(days=3),
            next_review_due=TODAY + datetime.timedelta(days=300),
        )
    )
    page.full_clean()
    return publish(page)


def copy_condition_page(site: ClinicSite, number: int) -> ConditionPage:
    """Another published condition page with the same content as the small one."""
    page = site.condition.copy(
        update_attrs={"slug": f"als-copy-{number}", "title": f"Copy {number}"},
        copy_revisions=False,
        keep_live=True,
    )
    return page.specific
