"""Validation rules of the page blocks, called the way the editor's form calls them."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.blocks import StreamValue

import pytest

from pages.blocks import content
from pages.blocks.stream import ArticleBodyBlock, ConditionBodyBlock, TherapyBodyBlock
from pages.partial_dates import PartialDate
from snippets import blocks as snippet_blocks
from tests import factories

from .editor import error_paths

TODAY = timezone.localdate()

BLOCK_FACTORIES = [
    (content.HeadingBlock, factories.HeadingBlockFactory),
    (content.ParagraphBlock, factories.ParagraphBlockFactory),
    (content.LinkBlock, factories.LinkBlockFactory),
    (content.TermItemBlock, factories.TermItemBlockFactory),
    (content.TermListBlock, factories.TermListBlockFactory),
    (content.DrugBlock, factories.DrugBlockFactory),
    (content.DrugListBlock, factories.DrugListBlockFactory),
    (content.TwoColumnRowBlock, factories.TwoColumnRowBlockFactory),
    (content.TwoColumnTableBlock, factories.TwoColumnTableBlockFactory),
    (content.CriterionBlock, factories.CriterionBlockFactory),
    (content.CriteriaTableBlock, factories.CriteriaTableBlockFactory),
    (content.PriceRowBlock, factories.PriceRowBlockFactory),
    (content.EmergencyNumberBlock, factories.EmergencyNumberBlockFactory),
    (content.EmergencyCalloutBlock, factories.EmergencyCalloutBlockFactory),
    (content.PriceTableBlock, factories.PriceTableBlockFactory),
    (content.FindingBlock, factories.FindingBlockFactory),
    (content.FindingsBlock, factories.FindingsBlockFactory),
    (content.StepBlock, factories.StepBlockFactory),
    (content.StepsBlock, factories.StepsBlockFactory),
    (content.CallToActionBlock, factories.CallToActionBlockFactory),
    (content.FigureBlock, factories.FigureBlockFactory),
    (content.GalleryImageBlock, factories.GalleryImageBlockFactory),
    (content.GalleryBlock, factories.GalleryBlockFactory),
    (content.VideoBlock, factories.VideoBlockFactory),
    (content.CalloutBlock, factories.CalloutBlockFactory),
    (content.TestimonialsBlock, factories.TestimonialsBlockFactory),
    (content.RelatedContentBlock, factories.RelatedContentBlockFactory),
    (content.FAQItemBlock, factories.FAQItemBlockFactory),
    (content.FAQBlock, factories.FAQBlockFactory),
    (content.SectionBlock, factories.SectionBlockFactory),
    (snippet_blocks.DoctorChooserBlock, factories.DoctorChooserBlockFactory),
    (snippet_blocks.TestimonialChooserBlock, factories.TestimonialChooserBlockFactory),
    (snippet_blocks.ReferenceChooserBlock, factories.ReferenceChooserBlockFactory),
    (content.PageLinkChooserBlock, factories.PageChooserBlockFactory),
]


def without_ids(data):
    """Stored block data without the ids ``clean`` may renew."""
    if isinstance(data, dict):
        return {key: without_ids(item) for key, item in data.items() if key != "id"}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


def clean_errors(block, value) -> dict[str, list[str]]:
    """The errors ``block.clean`` raises for ``value``, keyed by field path."""
    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    return error_paths(caught.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("block_class", "block_factory"),
    BLOCK_FACTORIES,
    ids=[block_class.__name__ for block_class, _factory in BLOCK_FACTORIES],
)
def test_factory_builds_a_value_the_block_accepts(block_class, block_factory):
    block = block_class()
    value = block_factory()

    cleaned = block.clean(value)

    assert without_ids(block.get_prep_value(cleaned)) == without_ids(
        block.get_prep_value(value)
    )


@pytest.mark.django_db
def test_section_content_factory_builds_every_block_type():
    names = list(content.SectionContentBlock.base_blocks)
    value = factories.SectionContentBlockFactory(
        **{str(index): name for index, name in enumerate(names)}
    )

    cleaned = content.SectionContentBlock().clean(value)

    assert [child.block_type for child in cleaned] == names


class TestPriceRowBlock:
    block = content.PriceRowBlock()

    @pytest.mark.parametrize(
        ("kind", "minimum", "maximum", "errors"),
        [
            ("exact", "7000", None, {}),
            ("exact", None, None, {"minimum": ["Give the amount."]}),
            (
                "exact",
                "7000",
                "7000",
                {
                    "maximum": [
                        "An exact price has one amount: leave the highest price empty."
                    ]
                },
            ),
            ("from", "7000", None, {}),
            ("from", None, None, {"minimum": ["Give the lowest price."]}),
            (
                "from",
                "7000",
                "9000",
                {
                    "maximum": [
                        'A "from" price has no highest price: leave it empty, or '
                        'choose "Between two amounts".'
                    ]
                },
            ),
            ("up_to", None, "9000", {}),
            ("up_to", None, None, {"maximum": ["Give the highest price."]}),
            (
                "up_to",
                "7000",
                "9000",
                {
                    "minimum": [
                        'An "up to" price has no lowest price: leave it empty, or '
                        'choose "Between two amounts".'
                    ]
                },
            ),
            ("between", "7000", "9000", {}),
            (
                "between",
                None,
                None,
                {
                    "minimum": ["Give the lowest price."],
                    "maximum": ["Give the highest price."],
                },
            ),
            (
                "between",
                "9000",
                "9000",
                {
                    "maximum": [
                        "The highest price must be above the lowest (for one "
                        'amount, choose "Exact amount").'
                    ]
                },
            ),
        ],
    )
    def test_each_kind_takes_its_amounts(self, kind, minimum, maximum, errors):
        value = factories.PriceRowBlockFactory(
            kind=kind, minimum=minimum, maximum=maximum
        )

        if errors:
            assert clean_errors(self.block, value) == errors
        else:
            assert self.block.clean(value)["kind"] == kind

    def test_a_field_error_and_a_kind_error_come_together(self):
        """Regression: the kind check used to wait until every field was valid."""
        value = factories.PriceRowBlockFactory(
            region="", kind="between", minimum="9000", maximum="7000"
        )

        assert set(clean_errors(self.block, value)) == {"region", "maximum"}

    @pytest.mark.parametrize(
        ("kind", "minimum", "maximum", "api"),
        [
            ("exact", "7000", None, (7000, 7000)),
            ("from", "7000", None, (7000, None)),
            ("up_to", None, "9000.50", (None, 9000.5)),
            ("between", "7000", "9000", (7000, 9000)),
        ],
    )
    def test_the_api_says_the_kind_and_the_bounds(self, kind, minimum, maximum, api):
        value = self.block.clean(
            factories.PriceRowBlockFactory(kind=kind, minimum=minimum, maximum=maximum)
        )

        data = self.block.get_api_representation(value)

        assert (data["kind"], data["minimum"], data["maximum"]) == (kind, *api)
        assert "open_upper_bound" not in data


class TestPriceTableBlock:
    block = content.PriceTableBlock()

    def test_footnoted_row_needs_the_footnote(self):
        value = factories.PriceTableBlockFactory(footnote="")

        assert clean_errors(self.block, value) == {
            "footnote": ["A row is marked with the footnote: write the footnote."]
        }

    def test_prices_cannot_be_dated_in_the_future(self):
        value = factories.PriceTableBlockFactory(
            as_of=TODAY + datetime.timedelta(days=1)
        )

        assert clean_errors(self.block, value) == {
            "as_of": ["The prices cannot be dated in the future."]
        }

    def test_this_month_is_not_the_future(self):
        value = factories.PriceTableBlockFactory(as_of=TODAY.strftime("%B %Y"))

        assert self.block.clean(value)["as_of"] == PartialDate(TODAY.year, TODAY.month)

    def test_prices_checked_today_without_footnoted_rows(self):
        value = factories.PriceTableBlockFactory(
            as_of=TODAY, footnote="", items__0__footnoted=False
        )

        assert self.block.clean(value)["as_of"].earliest == TODAY

    def test_a_bad_row_is_reported_on_its_own_field(self):
        value = factories.PriceTableBlockFactory(
            items__1__kind="between",
            items__1__minimum="60000",
            items__1__maximum="50000",
        )

        assert list(clean_errors(self.block, value)) == ["items.1.maximum"]

    def test_every_error_of_the_table_is_shown_on_one_save(self):
        """Regression (issue 15): a row's error hid the footnote and date errors
        until the next save."""
        value = factories.PriceTableBlockFactory(
            items__0__minimum=None,
            items__1__kind="up_to",
            footnote="",
            as_of=TODAY + datetime.timedelta(days=40),
        )

        assert sorted(clean_errors(self.block, value)) == [
            "as_of",
            "footnote",
            "items.0.minimum",
            "items.1.maximum",
            "items.1.minimum",
        ]


@pytest.mark.django_db
class TestLinkBlock:
    block = content.LinkBlock()
    message = "Choose either a page or an external address (one of the two)."

    def test_page_and_address_together_are_refused(self):
        page = factories.ArticlePageFactory()
        value = factories.LinkBlockFactory(page=page, url="https://example.org/")

        assert clean_errors(self.block, value) == {"page": [self.message]}

    def test_neither_page_nor_address_is_refused(self):
        value = factories.LinkBlockFactory(page=None, url="")

        assert clean_errors(self.block, value) == {"page": [self.message]}

    def test_page_alone_is_accepted(self):
        page = factories.ArticlePageFactory()
        value = factories.LinkBlockFactory(page=page, url="")

        assert self.block.clean(value)["page"].pk == page.pk

    def test_address_alone_is_accepted(self):
        value = factories.LinkBlockFactory(url="https://example.org/als")

        assert self.block.clean(value)["url"] == "https://example.org/als"


class TestVideoBlock:
    block = content.VideoBlock()

    @pytest.mark.parametrize(
        "url",
        [
            "https://www.dailymotion.com/video/x8abc12",
            "https://example.org/watch?v=aqz-KE-bpKQ",
            "https://www.youtube.com/watch",
            "https://vimeo.com/channels/staffpicks",
        ],
    )
    def test_links_that_are_not_youtube_or_vimeo_videos_are_refused(self, url):
        value = factories.VideoBlockFactory(url=url)

        assert clean_errors(self.block, value) == {
            "url": [
                "Use a YouTube or Vimeo video link, e.g. https://www.youtube.com/watch?v=…"
            ]
        }

    @pytest.mark.parametrize(
        "url",
        [
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "https://youtu.be/aqz-KE-bpKQ",
            "https://www.youtube.com/embed/aqz-KE-bpKQ",
            "https://vimeo.com/76979871",
        ],
    )
    def test_youtube_and_vimeo_links_are_accepted(self, url):
        value = factories.VideoBlockFactory(url=url)

        assert self.block.clean(value)["url"] == url


@pytest.mark.django_db
class TestCallToActionBlock:
    block = content.CallToActionBlock()

    def test_link_action_needs_the_address(self):
        value = factories.CallToActionBlockFactory(action="link", button_url="")

        assert clean_errors(self.block, value) == {
            "button_url": ["Give the address the button goes to."]
        }

    def test_link_action_with_an_address_is_accepted(self):
        value = factories.CallToActionBlockFactory(
            action="link", button_url="https://example.org/contact"
        )

        assert self.block.clean(value)["button_url"] == "https://example.org/contact"

    @pytest.mark.parametrize("action", ["consultation", "callback"])
    def test_form_actions_need_no_address(self, action):
        value = factories.CallToActionBlockFactory(action=action, button_url="")

        assert self.block.clean(value)["action"] == action


@pytest.mark.django_db
class TestTestimonialsBlock:
    block = content.TestimonialsBlock()
    message = "Give both the link text and the address, or neither."

    @pytest.mark.parametrize(
        ("label", "url"),
        [("Watch video testimonials", ""), ("", "https://www.youtube.com/@clinic")],
    )
    def test_half_a_link_is_refused(self, label, url):
        value = factories.TestimonialsBlockFactory(
            more_link_label=label, more_link_url=url
        )

        assert clean_errors(self.block, value) == {"more_link_url": [self.message]}

    @pytest.mark.parametrize(
        ("label", "url"),
        [("Watch video testimonials", "https://www.youtube.com/@clinic"), ("", "")],
    )
    def test_whole_link_or_none_is_accepted(self, label, url):
        value = factories.TestimonialsBlockFactory(
            more_link_label=label, more_link_url=url
        )

        assert self.block.clean(value)["more_link_label"] == label


@pytest.mark.django_db
class TestSectionBlock:
    block = content.SectionBlock()

    def test_empty_anchor_is_filled_from_the_heading(self):
        value = factories.SectionBlockFactory(
            heading="Why symptoms progress?", anchor=""
        )

        assert self.block.clean(value)["anchor"] == "why-symptoms-progress"

    def test_anchor_is_slugified(self):
        value = factories.SectionBlockFactory(anchor="Costs & Prices 2025")

        assert self.block.clean(value)["anchor"] == "costs-prices-2025"

    def test_heading_without_letters_or_digits_needs_an_anchor(self):
        value = factories.SectionBlockFactory(heading="???", anchor="")

        assert clean_errors(self.block, value) == {
            "anchor": ["Give an anchor using letters or digits."]
        }


DUPLICATE_ANCHOR = (
    'Another section already uses the anchor "costs". Each section needs its own.'
)


def two_sections_on_one_anchor(block) -> StreamValue:
    return StreamValue(
        block,
        [
            ("section", factories.SectionBlockFactory(heading="Costs", anchor="")),
            (
                "section",
                factories.SectionBlockFactory(heading="Prices", anchor="costs"),
            ),
        ],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("body_block", [ConditionBodyBlock, TherapyBodyBlock])
def test_duplicate_section_anchor_is_refused_on_the_second_section(body_block):
    block = body_block()

    errors = clean_errors(block, two_sections_on_one_anchor(block))

    assert errors["1.anchor"] == [DUPLICATE_ANCHOR]


@pytest.mark.django_db
def test_duplicate_section_anchor_leaves_the_first_section_alone():
    block = ConditionBodyBlock()

    errors = clean_errors(block, two_sections_on_one_anchor(block))

    assert errors == {"1.anchor": [DUPLICATE_ANCHOR]}


@pytest.mark.django_db
def test_distinct_anchors_are_accepted():
    block = ConditionBodyBlock()
    value = StreamValue(
        block,
        [
            ("section", factories.SectionBlockFactory(heading="Costs")),
            ("call_to_action", factories.CallToActionBlockFactory()),
            ("section", factories.SectionBlockFactory(heading="Prices")),
        ],
    )

    cleaned = block.clean(value)

    assert [child.value.get("anchor") for child in cleaned] == ["costs", None, "prices"]


@pytest.mark.django_db
def test_article_body_allows_sections_with_repeated_anchors():
    """Articles have no table of contents, so their body does not check anchors."""
    block = ArticleBodyBlock()

    cleaned = block.clean(two_sections_on_one_anchor(block))

    assert [child.value["anchor"] for child in cleaned] == ["costs", "costs"]
