"""Map demo YAML onto model fields and StreamField data, and compare the result.

The mapping is driven by the models and block definitions, not by the demo: a
StreamField's YAML is walked alongside its ``StreamBlock`` so that block names are
checked, rich text gets its paragraphs, and chooser values written as references
(``{doctor: "Lana"}``, ``{page: "articles/how-mscs-work"}``, ``{image: "als-hero"}``)
become primary keys. Streams are then cleaned by their blocks, as an editor's
form would clean them: ``Model.full_clean()`` does not validate StreamFields.
"""

import json
import re
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from review.records import without_identity


class DemoDataError(Exception):
    """The demo data does not fit the models; the message says where and why."""


class Unresolved(Exception):
    """A reference points at an object the loader has not created yet."""

    def __init__(self, kind: str, key: str):
        super().__init__(f"{kind} {key!r}")
        self.kind = kind
        self.key = key


def reference_kind(model: type[models.Model]) -> str:
    """The key of a YAML reference to ``model``: ``page``, ``image`` or the model name."""
    if issubclass(model, Page):
        return "page"
    if issubclass(model, AbstractImage):
        return "image"
    return model._meta.model_name


class Registry:
    """Primary keys of the demo objects, by kind and YAML key."""

    def __init__(self):
        self.keys: dict[str, dict[str, int]] = {}

    def add(self, kind: str, key: str, pk: int) -> None:
        self.keys.setdefault(kind, {})[key] = pk

    def knows(self, kind: str, key: str) -> bool:
        return key in self.keys.get(kind, {})

    def resolve(self, model: type[models.Model], value: Any, where: str) -> int | None:
        """The primary key that ``value`` (a key or a ``{kind: key}`` mapping) names."""
        if value is None:
            return None
        kind = reference_kind(model)
        if isinstance(value, dict):
            if len(value) != 1:
                raise DemoDataError(
                    f"{where}: a reference is one 'kind: key' pair, got {value!r}."
                )
            ((given_kind, key),) = value.items()
            if given_kind != kind:
                raise DemoDataError(
                    f"{where}: expected a reference to a {kind}, got {given_kind!r}."
                )
        else:
            key = value
        key = str(key)
        try:
            return self.keys[kind][key]
        except KeyError:
            raise Unresolved(kind, key) from None


BARE_AMPERSAND = re.compile(r"&(?!#?\w+;)")


def rich_text(value: str | None) -> str:
    """HTML as written, or plain paragraphs (separated by blank lines) wrapped in <p>.

    Plain paragraphs may still use inline tags such as <b>; a bare "&" is escaped.
    """
    text = (value or "").strip()
    if not text or text.startswith("<"):
        return text
    paragraphs = [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]
    return "".join(
        f"<p>{BARE_AMPERSAND.sub('&amp;', paragraph)}</p>" for paragraph in paragraphs
    )


# An inline citation names its reference by id, as the editor's citation feature
# stores it; demo rich text names it by the reference's key instead:
# <a linktype="citation" id="polman-2006">Polman CH (2006)</a>.
CITATION_KEY = re.compile(r'(<a linktype="citation" id=")([^"]+)(")')


def with_citation_ids(html: str, registry: Registry, where: str) -> str:
    """``html`` with each citation's reference key replaced by the reference's id."""

    def reference_id(match: re.Match) -> str:
        key = match.group(2)
        if not registry.knows("reference", key):
            raise DemoDataError(f"{where}: a citation names no reference {key!r}.")
        return f"{match.group(1)}{registry.keys['reference'][key]}{match.group(3)}"

    return CITATION_KEY.sub(reference_id, html)


def as_editor_stores(html: str, widget) -> str:
    """``html`` as the page editor writes it back: through the rich text widget's
    conversion (Draftail's contentstate and back), which adds block keys and
    normalises the markup. Demo content stored this way is what an editor's
    untouched save stores, so that save changes nothing."""
    if not html:
        return html
    name = "rich_text"
    return widget.value_from_datadict({name: widget.format_value(html)}, {}, name)


def block_data(block: blocks.Block, value: Any, registry: Registry, where: str) -> Any:
    """Turn YAML for ``block`` into the block's raw JSON form."""
    if isinstance(block, blocks.StreamBlock):
        return stream_data(block, value, registry, where)
    if isinstance(block, blocks.ListBlock):
        if not isinstance(value, list):
            raise DemoDataError(f"{where}: expected a list, got {value!r}.")
        return [
            block_data(block.child_block, item, registry, f"{where}[{index}]")
            for index, item in enumerate(value)
        ]
    if isinstance(block, blocks.StructBlock):
        if not isinstance(value, dict):
            raise DemoDataError(f"{where}: expected a mapping, got {value!r}.")
        unknown = set(value) - set(block.child_blocks)
        if unknown:
            raise DemoDataError(
                f"{where}: {type(block).__name__} has no {', '.join(sorted(unknown))} "
                f"(it has {', '.join(block.child_blocks)})."
            )
        return {
            name: block_data(
                block.child_blocks[name], item, registry, f"{where}.{name}"
            )
            for name, item in value.items()
        }
    if isinstance(block, blocks.ChooserBlock):
        return registry.resolve(block.target_model, value, where)
    if isinstance(block, blocks.RichTextBlock):
        html = with_citation_ids(rich_text(value), registry, where)
        return as_editor_stores(html, block.field.widget)
    return value


def stream_data(
    block: blocks.StreamBlock, value: Any, registry: Registry, where: str
) -> list[dict[str, Any]]:
    """A stream's raw JSON: items are ``{name: value}`` (or a bare value when the
    stream has a single block type)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise DemoDataError(f"{where}: a stream is a list of blocks, got {value!r}.")
    names = list(block.child_blocks)
    items = []
    for index, item in enumerate(value):
        item_where = f"{where}[{index}]"
        if isinstance(item, dict) and len(item) == 1 and next(iter(item)) in names:
            ((name, item_value),) = item.items()
        elif len(names) == 1:
            name, item_value = names[0], item
        else:
            raise DemoDataError(
                f"{item_where}: write a block as 'type: value' with type one of "
                f"{', '.join(names)}; got {item!r}."
            )
        items.append(
            {
                "type": name,
                "value": block_data(
                    block.child_blocks[name],
                    item_value,
                    registry,
                    f"{item_where}.{name}",
                ),
            }
        )
    return items


def clean_stream(field: StreamField, data: list[dict[str, Any]], where: str):
    """Validate a stream with its blocks (as the editor's form does) and return the
    cleaned value, ready to assign to the field."""
    block = field.stream_block
    try:
        return block.clean(block.to_python(data))
    except ValidationError as error:
        details = getattr(error, "as_json_data", None)
        message = json.dumps(details(), indent=1) if details else str(error)
        raise DemoDataError(f"{where} is not valid: {message}") from error


def model_field(instance: models.Model, name: str, where: str):
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:
        raise DemoDataError(
            f"{where}: {type(instance).__name__} has no field {name!r}."
        ) from None


def is_child_relation(field) -> bool:
    return field.one_to_many and isinstance(field.remote_field, ParentalKey)


def apply_fields(
    instance: models.Model,
    data: dict[str, Any],
    registry: Registry,
    where: str,
    skip_unresolved: bool = False,
) -> None:
    """Set ``instance``'s fields from YAML. A reference to an object that does not
    exist yet raises ``Unresolved``, or leaves that field unset with
    ``skip_unresolved`` (for drafts saved to break a cycle)."""
    for name, value in data.items():
        field = model_field(instance, name, where)
        try:
            set_field(instance, field, value, registry, f"{where}.{name}")
        except Unresolved:
            if not skip_unresolved:
                raise


def set_field(instance, field, value, registry: Registry, where: str) -> None:
    name = field.name
    if isinstance(field, StreamField):
        data = stream_data(field.stream_block, value, registry, where)
        setattr(instance, name, clean_stream(field, data, where))
    elif isinstance(field, RichTextField):
        widget = field.formfield().widget
        html = with_citation_ids(rich_text(value), registry, where)
        setattr(instance, name, as_editor_stores(html, widget))
    elif isinstance(field, TaggableManager):
        getattr(instance, name).set(list(value or []))
    elif isinstance(field, ParentalManyToManyField):
        pks = [
            registry.resolve(field.related_model, item, f"{where}[{index}]")
            for index, item in enumerate(value or [])
        ]
        setattr(instance, name, list(field.related_model.objects.filter(pk__in=pks)))
    elif is_child_relation(field):
        setattr(instance, name, child_objects(field, value or [], where))
    elif field.many_to_one:
        setattr(
            instance, field.attname, registry.resolve(field.related_model, value, where)
        )
    else:
        setattr(instance, name, value)


def child_objects(field, rows: list[dict[str, Any]], where: str) -> list[models.Model]:
    """Inline children (e.g. a reference's authors) in the order written: their
    sort order is set as the admin's inline forms set it, so that the order holds
    on every database (PostgreSQL returns rows of equal sort order in any order)."""
    model = field.related_model
    sort_order_field = getattr(model, "sort_order_field", None)
    children = []
    for index, row in enumerate(rows):
        child = model()
        if sort_order_field:
            setattr(child, sort_order_field, index)
        for name, value in row.items():
            child_field = model_field(child, name, f"{where}[{index}]")
            setattr(child, child_field.attname, value)
        children.append(child)
    return children


def strip_block_ids(value: Any) -> Any:
    """Stream JSON without the block ids, which change with every save."""
    if isinstance(value, list):
        return [strip_block_ids(item) for item in value]
    if isinstance(value, dict):
        is_block = "type" in value and "value" in value
        return {
            key: strip_block_ids(item)
            for key, item in value.items()
            if not (is_block and key == "id")
        }
    return value


def comparable(instance: models.Model, names: list[str]) -> dict[str, Any]:
    """The named fields of ``instance`` in a form that compares equal exactly when
    the content is the same (stream block ids, Draftail's block keys, which each
    conversion draws anew, and Python types aside)."""
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        values[name] = field_value(instance, field)
    return without_identity(json.loads(json.dumps(values, cls=DjangoJSONEncoder)))


def field_value(instance: models.Model, field) -> Any:
    if isinstance(field, StreamField):
        stream = getattr(instance, field.name)
        # Expanding every child makes both stored and freshly cleaned streams go
        # through the blocks' get_prep_value, so they serialise alike.
        list(stream)
        return strip_block_ids(field.stream_block.get_prep_value(stream))
    if isinstance(field, TaggableManager):
        return sorted(getattr(instance, field.name).names())
    if isinstance(field, ParentalManyToManyField):
        return sorted(item.pk for item in getattr(instance, field.name).all())
    if is_child_relation(field):
        return [
            {
                child_field.name: child_field.value_to_string(child)
                for child_field in child._meta.concrete_fields
                if not child_field.primary_key
                and not isinstance(child_field, ParentalKey)
            }
            for child in getattr(instance, field.name).all()
        ]
    if field.many_to_one:
        return getattr(instance, field.attname)
    return field.value_to_string(instance)


def format_errors(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
