"""The OpenAPI 3.1 document of the content API.

drf-spectacular documents plain DRF views (the consultation requests endpoint)
by itself. Wagtail's v2 viewsets build their serializers per request, so it cannot
see their responses; this package describes them instead, and derives the schema
of every StreamField from the block definitions, so that each block type is a
member of a discriminated union on ``type`` rather than "any object".

One module per part of the document: ``components`` (shared helpers and types),
``snippets``, ``blocks``, ``pages`` (one schema per page type, discriminated on the
top-level ``type``), ``json_ld`` (the schema.org nodes of medical pages), ``paths``
(the operations) and ``hooks`` (what the ``SPECTACULAR_SETTINGS`` hooks name,
re-exported here).
"""

from .blocks import BlockSchemas
from .hooks import add_components, add_content_api, exclude_wagtail_endpoints

__all__ = [
    "BlockSchemas",
    "add_components",
    "add_content_api",
    "exclude_wagtail_endpoints",
]
