"""Readable revision comparison for struct blocks that hold lists.

Wagtail compares a list inside a new or unchanged struct block by flattening its
rendered HTML to text, so a new FAQ reads "question … answer … question …". These
classes show each list item as an item, with its fields labelled.
"""

from django.utils.html import format_html, format_html_join

from wagtail import blocks
from wagtail.admin.compare import (
    ListBlockComparison,
    StructBlockComparison,
    get_comparison_class_for_block,
)


def comparison_class(block):
    if isinstance(block, blocks.ListBlock):
        return ReadableListBlockComparison
    if isinstance(block, blocks.StructBlock) and not hasattr(
        block, "get_comparison_class"
    ):
        return ReadableStructBlockComparison
    return get_comparison_class_for_block(block)


class ReadableListBlockComparison(ListBlockComparison):
    def htmlvalue(self, val):
        child = self.block.child_block
        item_class = comparison_class(child)
        items = [
            item_class(child, True, True, item, item).htmlvalue(item) for item in val
        ]
        return format_html(
            "<ol>{}</ol>",
            format_html_join("", "<li>{}</li>", ((item,) for item in items)),
        )


class ReadableStructBlockComparison(StructBlockComparison):
    def rows(self, render):
        return format_html(
            "<dl>\n{}\n</dl>",
            format_html_join(
                "\n",
                "    <dt>{}</dt>\n    <dd>{}</dd>",
                (
                    (child.label, render(comparison_class(child), name, child))
                    for name, child in self.block.child_blocks.items()
                ),
            ),
        )

    def htmlvalue(self, val):
        return self.rows(
            lambda cls, name, child: cls(
                child, True, True, val[name], val[name]
            ).htmlvalue(val[name])
        )

    def htmldiff(self):
        return self.rows(
            lambda cls, name, child: cls(
                child, self.exists_a, self.exists_b, self.val_a[name], self.val_b[name]
            ).htmldiff()
        )


class ReadableComparisonMixin:
    """For struct blocks with lists: items compare as items in the revision view."""

    def get_comparison_class(self):
        return ReadableStructBlockComparison
