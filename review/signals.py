"""What the review app changes in live pages without saving or publishing them.

The review record of an approved live revision and the "changed since review" flag
are written into the live rows with ``QuerySet.update()`` (no ``post_save``, no
``page_published``): ``review_changed`` tells whoever shows those pages, such as the
API's response cache (``api.signal_handlers``), that they changed.
"""

from django.dispatch import Signal

#: Sent with ``pages``: the pages whose review record or flag was just updated.
review_changed = Signal()
