"""Leaf and struct blocks that make up a clinical page's body, one module per family.

Child names are part of the stored data and of the API contract: renaming one
needs a data migration and an API changelog note.

Migrations name the non-struct blocks by their path in this package
(``pages.blocks.content.HeadingBlock``); the family modules keep that path with
``DECONSTRUCT_ALIASES``, so moving a block between families changes no migration.
"""

from .base import (
    INLINE_FEATURES,
    RICH_TEXT_FEATURES,
    ChecksTogetherMixin,
    struct_error,
)
from .data_tables import (
    COLUMN_TYPES,
    DataTableBlock,
    DataTableGridBlock,
    NumberCellBlock,
    PercentageCellBlock,
)
from .dates import PartialDateBlock
from .emergency import (
    EmergencyCalloutBlock,
    EmergencyNumberBlock,
    SiteEmergencyNumbersStreamBlock,
)
from .engagement import CallToActionBlock, FAQBlock, FAQItemBlock, TestimonialsBlock
from .lists import (
    DrugBlock,
    DrugListBlock,
    FindingBlock,
    FindingsBlock,
    StepBlock,
    StepsBlock,
    TermItemBlock,
    TermListBlock,
)
from .media import (
    VIDEO_HOSTS,
    FigureBlock,
    GalleryBlock,
    GalleryImageBlock,
    VideoBlock,
    parse_video_url,
    video_embed,
)
from .navigation import LinkBlock, PageLinkChooserBlock, RelatedContentBlock
from .structure import SectionBlock, SectionContentBlock
from .tables import (
    CURRENCY_CHOICES,
    CriteriaTableBlock,
    CriterionBlock,
    PriceRowBlock,
    PriceTableBlock,
    TwoColumnRowBlock,
    TwoColumnTableBlock,
    price_number,
)
from .text import CalloutBlock, HeadingBlock, ParagraphBlock

__all__ = [
    "COLUMN_TYPES",
    "CURRENCY_CHOICES",
    "INLINE_FEATURES",
    "RICH_TEXT_FEATURES",
    "VIDEO_HOSTS",
    "CallToActionBlock",
    "ChecksTogetherMixin",
    "CalloutBlock",
    "CriteriaTableBlock",
    "CriterionBlock",
    "DataTableBlock",
    "DataTableGridBlock",
    "DrugBlock",
    "DrugListBlock",
    "EmergencyCalloutBlock",
    "EmergencyNumberBlock",
    "FAQBlock",
    "FAQItemBlock",
    "FigureBlock",
    "FindingBlock",
    "FindingsBlock",
    "GalleryBlock",
    "GalleryImageBlock",
    "HeadingBlock",
    "LinkBlock",
    "NumberCellBlock",
    "PageLinkChooserBlock",
    "ParagraphBlock",
    "PartialDateBlock",
    "PercentageCellBlock",
    "PriceRowBlock",
    "PriceTableBlock",
    "RelatedContentBlock",
    "SectionBlock",
    "SectionContentBlock",
    "SiteEmergencyNumbersStreamBlock",
    "StepBlock",
    "StepsBlock",
    "TermItemBlock",
    "TermListBlock",
    "TestimonialsBlock",
    "TwoColumnRowBlock",
    "TwoColumnTableBlock",
    "VideoBlock",
    "parse_video_url",
    "price_number",
    "struct_error",
    "video_embed",
]
