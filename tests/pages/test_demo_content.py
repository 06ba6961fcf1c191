"""The demo loader: the ALS page as the shared file describes it, the multiple sclerosis
page with the new blocks, idempotence, updates after a YAML edit and clear errors for
bad data."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
    Site,
)

import pytest

from pages.demo.loader import DemoLoader
from pages.demo.mapping import DemoDataError
from pages.models import (
    ArticlePage,
    ClinicSettings,
    ConditionPage,
    HomePage,
    TherapyPage,
)
from pages.partial_dates import PartialDate
from review.citations import citation_report, cited_in_order
from snippets import models as snippet_models
from tests.pages.editor import without_block_keys

# Small images keep the test fast; the command itself draws them full size.
IMAGE_SCALE = 0.05

ALS_BLOCK_TYPES = {
    "section",
    "paragraph",
    "subheading",
    "term_list",
    "drug_list",
    "two_column_table",
    "criteria_table",
    "price_table",
    "findings",
    "steps",
    "call_to_action",
    "image",
    "gallery",
    "testimonials",
    "link",
    "callout",
    "faq",
    "related",
}

# The citations of the shared file's reference list, in its order. The file lists
# all nine authors of reference 1; Vancouver (NLM) cites the first six and "et al."
ALS_CITATIONS = [
    "Najafi S, Najafi P, Kaffash Farkhad N, Hosseini Torshizi G, Assaran Darban R, "
    "Boroumand AR, et al. Mesenchymal stem "
    "cell therapy in amyotrophic lateral sclerosis (ALS) patients: A comprehensive "
    "review of disease information and future perspectives. Iran J Basic Med Sci. "
    "2023;26(8):872-881. doi:10.22038/IJBMS.2023.66364.14572",
    "Aljabri A, Halawani A, Bin Lajdam G, Labban S, Alshehri S, Felemban R. The Safety "
    "and Efficacy of Stem Cell Therapy as an Emerging Therapy for ALS: A Systematic "
    "Review of Controlled Clinical Trials. Front Neurol. 2021;12:783122. "
    "doi:10.3389/fneur.2021.783122",
    "Wang Y, Yi H, Song Y. The safety of MSC therapy over the past 15 years: a "
    "meta-analysis. Stem Cell Res Ther. 2021;12:545. doi:10.1186/s13287-021-02609-x",
    "Petrou P, Kassis I, Yaghmour NE, Ginzberg A, Karussis D. A phase II clinical "
    "trial with repeated intrathecal injections of autologous mesenchymal stem cells "
    "in patients with amyotrophic lateral sclerosis. Front Biosci (Landmark Ed). "
    "2021;26(10):693-706. doi:10.52586/4980",
    "Morata-Tarifa C, Azkona G, Glass J, Mazzini L, Sanchez-Pernaute R. Looking "
    "backward to move forward: a meta-analysis of stem cell therapy in amyotrophic "
    "lateral sclerosis. NPJ Regen Med. 2021;6(1):20. doi:10.1038/s41536-021-00131-5",
]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def load(**kwargs) -> str:
    out = StringIO()
    call_command("load_demo_content", image_scale=IMAGE_SCALE, stdout=out, **kwargs)
    return out.getvalue()


def translation_reviews() -> dict[int, tuple]:
    """The review records of the translated medical pages, as stored in their live
    revision too (the loader stamps them; a second run must not stamp again)."""
    pages = [
        page
        for model in (ConditionPage, TherapyPage)
        for page in model.objects.exclude(locale__language_code="en").filter(
            reviewed_by__isnull=False
        )
    ]
    return {
        page.pk: (
            page.reviewed_by_id,
            page.last_reviewed,
            page.reviewed_revision_id,
            page.live_revision_id,
            page.live_revision.content.get("reviewed_revision"),
        )
        for page in pages
    }


def row_counts() -> dict[str, int]:
    models = [
        Page,
        Revision,
        snippet_models.Doctor,
        snippet_models.Testimonial,
        snippet_models.Reference,
        snippet_models.ReferenceAuthor,
        get_image_model(),
        Collection,
        Locale,
        ClinicSettings,
        Site,
        ModelLogEntry,
        PageLogEntry,
    ]
    return {model.__name__: model.objects.count() for model in models}


def block_types(stream) -> set[str]:
    """Every block type in a body, including those inside sections."""
    found = set()
    for child in stream:
        found.add(child.block_type)
        if child.block_type == "section":
            found |= block_types(child.value["content"])
    return found


def blocks_of_type(stream, block_type: str) -> list:
    found = []
    for child in stream:
        if child.block_type == block_type:
            found.append(child.value)
        if child.block_type == "section":
            found += blocks_of_type(child.value["content"], block_type)
    return found


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_content_loads_the_site_and_a_second_run_changes_nothing(media_root):
    first_output = load()
    counts_after_first_run = row_counts()
    reviews_after_first_run = translation_reviews()
    second_output = load()

    assert "created" in first_output
    assert row_counts() == counts_after_first_run
    assert translation_reviews() == reviews_after_first_run
    assert len(reviews_after_first_run) == 6  # ALS and two therapies, de and it
    assert "already up to date" in second_output
    assert "created" not in second_output
    assert "updated" not in second_output
    assert "Removed" not in second_output

    # Inline children keep the order written, stored as the admin stores it.
    for reference in snippet_models.Reference.objects.prefetch_related("authors"):
        orders = [author.sort_order for author in reference.authors.all()]
        assert orders == list(range(len(orders))), reference

    als = ConditionPage.objects.get(slug="als", locale__language_code="en")
    assert als.live and not als.has_unpublished_changes
    assert (
        als.title == "Stem Cell Therapy for ALS: How Regenerative Medicine Supports "
        "Motor Neuron Health"
    )
    assert block_types(als.body) >= ALS_BLOCK_TYPES
    assert als.key_facts_anchor in als.section_anchors
    assert als.hero_image is not None and als.hero_alt_text
    assert [child.value for child in als.alternate_names] == [
        "Amyotrophic lateral sclerosis",
        "Lou Gehrig's disease",
        "Motor neuron disease",
    ]
    assert [child.value.citation for child in als.references] == ALS_CITATIONS
    assert str(als.reviewed_by) == "Dr. Lana, MD"
    assert als.reviewed_by.role == "Pediatrician, Regenerative Medicine Specialist"
    assert als.last_reviewed < als.next_review_due
    assert {type(child.value.specific) for child in als.related_pages} == {TherapyPage}
    assert len(als.related_pages) == 6
    check_als_facts(als)
    check_ms_page(als)
    check_site_settings_doctors_and_pages()


def check_als_facts(als: ConditionPage) -> None:
    # Every listed reference is cited where the page relies on it, the findings
    # included: the reviewer's citation check has nothing to flag.
    assert not citation_report(als)
    (prices,) = blocks_of_type(als.body, "price_table")
    rows = {row["region"]: row for row in prices["items"]}
    usa, serbia = rows["USA"], rows["Serbia (Swiss Medica)"]
    assert (usa["kind"], usa["minimum"], usa["maximum"], usa["currency"]) == (
        "from",
        Decimal(20000),
        None,
        "USD",
    )
    assert not usa["footnoted"]
    assert (serbia["minimum"], serbia["maximum"], serbia["currency"]) == (
        Decimal(7000),
        Decimal(31000),
        "EUR",
    )
    assert serbia["kind"] == "between" and serbia["footnoted"]
    assert prices["as_of"] == PartialDate(2025, 1)
    (emergency,) = blocks_of_type(als.body, "emergency_callout")
    assert [(item["country"], item["number"]) for item in emergency["items"]] == [
        ("EU", "112"),
        ("GB", "999"),
        ("US", "911"),
    ]
    (drugs,) = blocks_of_type(als.body, "drug_list")
    # The seed names no safety note for riluzole or edaravone.
    assert [drug["safety_note"] for drug in drugs["items"]] == ["", ""]
    assert "January 2025" in prices["footnote"]

    (testimonials,) = blocks_of_type(als.body, "testimonials")
    chosen = list(testimonials["items"])
    assert [item.display_name for item in chosen] == [
        "A patient from Italy",
        "A patient from Oman",
    ]
    assert all(item.live and item.has_valid_consent for item in chosen)
    # The German and Italian ALS pages choose the same testimonials.
    assert all(
        list(item.conditions.filter(locale=als.locale)) == [als] for item in chosen
    )
    assert testimonials["more_link_url"].startswith("https://www.youtube.com/")
    assert len(testimonials["outcomes"]) == 4

    advisors = {
        cta["doctor"].name for cta in blocks_of_type(als.body, "call_to_action")
    }
    assert advisors == {"Aleksandra Fetyukhina"}
    (gallery,) = blocks_of_type(als.body, "gallery")
    assert len(gallery["items"]) == 4
    assert all(item["alt_text"] for item in gallery["items"])
    (related,) = blocks_of_type(als.body, "related")
    assert related["heading"] == "May interest you"
    assert {page.specific.kind for page in related["items"]} == {"article", "video"}
    link_targets = {
        link["page"].slug for link in blocks_of_type(als.body, "link") if link["page"]
    }
    assert {"how-mscs-work", "neural-stem-cells-explained"} <= link_targets


# The multiple sclerosis page's references: both papers have more than six authors,
# stored as the first six with the list marked as truncated.
MS_CITATIONS = [
    "Thompson AJ, Banwell BL, Barkhof F, Carroll WM, Coetzee T, Comi G, et al. "
    "Diagnosis of multiple sclerosis: 2017 revisions of the McDonald criteria. "
    "Lancet Neurol. 2018;17(2):162-173. doi:10.1016/S1474-4422(17)30470-2",
    "Polman CH, O'Connor PW, Havrdova E, Hutchinson M, Kappos L, Miller DH, et al. "
    "A randomized, placebo-controlled trial of natalizumab for relapsing multiple "
    "sclerosis. N Engl J Med. 2006;354(9):899-910. doi:10.1056/NEJMoa044397",
]


def check_ms_page(als: ConditionPage) -> None:
    """The second condition page: its identity as data, a typed three-column table,
    its references, and a reviewer other than the ALS page's."""
    ms = ConditionPage.objects.get(slug="multiple-sclerosis")
    assert ms.live and not ms.has_unpublished_changes
    assert ms.get_parent().specific == als.get_parent().specific
    assert ms.medical_name == "Multiple sclerosis"
    assert [(code.system, code.value) for code in ms.codes.all()] == [
        ("ICD-10", "G35"),
        ("ICD-11", "8A40"),
        ("SNOMED-CT", "24700007"),
        ("MeSH", "D009103"),
    ]
    assert all(code.full_clean() is None for code in ms.codes.all())
    assert ms.key_facts_anchor in ms.section_anchors
    assert ms.reviewed_by.name == "Aleksandra Fetyukhina" != als.reviewed_by.name
    assert ms.reviewed_revision_id == ms.live_revision_id
    assert ms.last_reviewed < ms.next_review_due
    assert [child.value.citation for child in ms.references] == MS_CITATIONS
    assert all(child.value.pmid for child in ms.references)

    (types,) = blocks_of_type(ms.body, "data_table")
    table = types["table"]
    assert [(column["block"].name, column["heading"]) for column in table.columns] == [
        ("text", "Type"),
        ("text", "Course"),
        ("percentage", "Share of diagnoses (approx.)"),
    ]
    shares = {row["values"][0]: row["values"][2] for row in table.row_data}
    assert shares == {
        "Clinically isolated syndrome (CIS)": None,
        "Relapsing-remitting MS": Decimal(85),
        "Secondary progressive MS": None,
        "Primary progressive MS": Decimal(15),
    }
    assert types["header_column"] and "approximate" in types["source"].lower()

    # Every listed reference is cited inline, in list order; the trial's findings
    # cite it, so the reviewer has nothing to flag.
    assert cited_in_order(ms) == [child.value.pk for child in ms.references]
    assert not citation_report(ms)
    drugs = {
        drug["title"]: drug
        for block in blocks_of_type(ms.body, "drug_list")
        for drug in block["items"]
    }
    assert (
        "progressive multifocal leukoencephalopathy (PML)"
        in (drugs["Natalizumab"]["safety_note"])
    )
    (emergency,) = blocks_of_type(ms.body, "emergency_callout")
    assert not emergency["items"]  # the site's numbers for the page's language
    # No price: the clinic has published none for MS, and the demo invents none.
    assert not blocks_of_type(ms.body, "price_table")


def check_interface_labels() -> None:
    """Every language's labels, as translations of the English set."""
    from pages.models import LABEL_DEFAULTS, InterfaceLabels

    labels = {row.locale.language_code: row for row in InterfaceLabels.objects.all()}
    assert set(labels) == {"en", "de", "it"}
    assert len({row.translation_key for row in labels.values()}) == 1
    assert labels["de"].key_facts == "Das Wichtigste in Kürze"
    assert labels["it"].price_from == "da"
    for key in LABEL_DEFAULTS:
        assert getattr(labels["de"], key) and getattr(labels["it"], key), key


def check_site_settings_doctors_and_pages() -> None:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.live
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    assert {child.slug for child in home.get_children()} == {
        "conditions",
        "therapies",
        "articles",
    }
    assert set(Locale.objects.values_list("language_code", flat=True)) == {
        "en",
        "de",
        "it",
    }

    check_interface_labels()

    clinic = ClinicSettings.for_site(site)
    assert clinic.clinic_name == "Swiss Medica"
    assert clinic.contact_phone == "+41 22 508 71 72"
    assert [link.value["platform"] for link in clinic.social_links] == ["facebook"]
    assert (clinic.callback_label, clinic.consultation_label) == (
        "Call me back",
        "Free online consultation",
    )
    numbers = clinic.emergency_numbers.stream_block
    assert [
        item["number"] for item in numbers.for_locale(clinic.emergency_numbers, "en")
    ] == ["112", "999", "911"]
    assert numbers.for_locale(clinic.emergency_numbers, "de")[0]["number"] == "112"

    english = {"locale__language_code": "en"}
    advisor = snippet_models.Doctor.objects.get(name="Aleksandra Fetyukhina", **english)
    reviewer = snippet_models.Doctor.objects.get(name="Lana", **english)
    assert advisor.live and reviewer.live
    assert (advisor.credentials, advisor.role) == ("MD", "Medical Advisor")
    assert sorted(reviewer.specialties.names()) == [
        "Pediatrics",
        "Regenerative medicine",
    ]
    assert advisor.photo.width == round(800 * IMAGE_SCALE)
    assert all(doctor.languages for doctor in (advisor, reviewer))

    therapies = TherapyPage.objects.live().filter(**english)
    assert therapies.count() == 6
    assert all(page.reviewed_by == reviewer for page in therapies)
    articles = ArticlePage.objects.live().filter(**english)
    assert articles.count() == 4
    assert articles.get(slug="how-mscs-work").author == advisor
    video = articles.get(kind=ArticlePage.Kind.VIDEO)
    assert video.video_url.startswith("https://www.youtube.com/watch?v=")

    images = get_image_model().objects.filter(collection__name="Demo images")
    assert images.count() > 10
    assert all(image.description for image in images)


MINIMAL_SITE = """
collection: Demo images
home:
  type: pages.HomePage
  slug: home
  title: Test clinic
"""


THERAPY_PAGES = """
pages:
  - path: therapies
    type: pages.TherapyIndexPage
    title: Therapies
  - path: therapies/physiotherapy
    type: pages.TherapyPage
    title: Physiotherapy
    summary: Exercise and physical methods that keep the body moving.
    related_pages: [therapies/prp-therapy]
  - path: therapies/prp-therapy
    type: pages.TherapyPage
    title: PRP therapy
    summary: Platelet-rich plasma from the patient's own blood.
    related_pages: [therapies/physiotherapy]
    body:
      - section:
          heading: What to expect
          content:
            - paragraph: Brief soreness is possible.
"""


@pytest.mark.django_db
def test_demo_content_publishes_only_what_changed_in_the_yaml(media_root, tmp_path):
    site_yaml = tmp_path / "site.yaml"
    site_yaml.write_text(MINIMAL_SITE + THERAPY_PAGES, encoding="utf-8")
    DemoLoader(tmp_path).run()
    prp = TherapyPage.objects.get(slug="prp-therapy")
    revisions = Revision.objects.count()
    site_yaml.write_text(
        MINIMAL_SITE
        + THERAPY_PAGES.replace(
            "Brief soreness is possible.", "Mild soreness may occur."
        ),
        encoding="utf-8",
    )

    tally = DemoLoader(tmp_path).run()

    assert dict(tally.counts["pages"]) == {"updated": 1, "unchanged": 3}
    assert Revision.objects.count() == revisions + 1
    prp.refresh_from_db()
    assert prp.live and not prp.has_unpublished_changes
    (section,) = prp.body
    assert section.value["anchor"] == "what-to-expect"
    # Stored as the editor stores it: with Draftail's block key.
    source = section.value["content"][0].value.source
    assert 'data-block-key="' in source
    assert without_block_keys(source) == "<p>Mild soreness may occur.</p>"
    physiotherapy = TherapyPage.objects.get(
        slug="physiotherapy", locale__language_code="en"
    )
    assert [child.value.specific for child in physiotherapy.related_pages] == [prp]


@pytest.mark.django_db
def test_demo_content_rejects_an_unknown_block_type(media_root, tmp_path):
    (tmp_path / "site.yaml").write_text(
        MINIMAL_SITE
        + """
pages:
  - path: therapies
    type: pages.TherapyIndexPage
    title: Therapies
  - path: therapies/bad
    type: pages.TherapyPage
    title: Bad
    summary: A therapy page with a block that does not exist.
    body:
      - carousel: {}
""",
        encoding="utf-8",
    )

    with pytest.raises(DemoDataError, match="carousel"):
        DemoLoader(tmp_path).run()
    assert not Page.objects.filter(title="Test clinic").exists()


@pytest.mark.django_db
def test_demo_content_validates_streams_like_the_editor(media_root, tmp_path):
    (tmp_path / "site.yaml").write_text(
        MINIMAL_SITE
        + """
pages:
  - path: therapies
    type: pages.TherapyIndexPage
    title: Therapies
  - path: therapies/bad
    type: pages.TherapyPage
    title: Bad
    summary: A price table whose maximum is below its minimum.
    body:
      - section:
          heading: Cost
          content:
            - price_table:
                items:
                  - {region: Serbia, minimum: 9000, maximum: 7000, currency: EUR}
""",
        encoding="utf-8",
    )

    with pytest.raises(DemoDataError, match="highest price must be above the lowest"):
        DemoLoader(tmp_path).run()


@pytest.mark.django_db
def test_demo_content_names_a_missing_reference(media_root, tmp_path):
    (tmp_path / "site.yaml").write_text(
        MINIMAL_SITE
        + """
pages:
  - path: articles
    type: pages.ArticleIndexPage
    title: Articles
  - path: articles/orphan
    type: pages.ArticlePage
    title: Orphan
    summary: Written by a doctor who does not exist.
    author: {doctor: Nobody}
""",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="doctor 'Nobody'"):
        call_command("load_demo_content", data_dir=tmp_path, stdout=StringIO())


@pytest.mark.django_db
def test_demo_content_names_a_citation_of_a_missing_reference(media_root, tmp_path):
    (tmp_path / "site.yaml").write_text(
        MINIMAL_SITE
        + """
pages:
  - path: therapies
    type: pages.TherapyIndexPage
    title: Therapies
  - path: therapies/uncited
    type: pages.TherapyPage
    title: Uncited
    summary: A paragraph citing a reference the data does not have.
    body:
      - section:
          heading: Evidence
          content:
            - paragraph: It works <a linktype="citation" id="nobody-2020">Nobody (2020)</a>.
""",
        encoding="utf-8",
    )

    with pytest.raises(
        DemoDataError, match="a citation names no reference 'nobody-2020'"
    ):
        DemoLoader(tmp_path).run()
