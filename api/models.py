from django.db import models


class CacheGeneration(models.Model):
    """The current generation of one cache tag (``all``, ``listings``, ``page:<id>``).

    Kept in the database, not in the cache: a publish writes it in its own
    transaction, so every process that serves the API (another gunicorn worker, a
    server whose cache is its own memory) sees the change the moment it commits, and
    a rolled-back change invalidates nothing. A tag without a row has never changed.
    """

    tag = models.CharField(max_length=64, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "cache generation"

    def __str__(self) -> str:
        return f"{self.tag}: {self.token}"


class ChangeEvent(models.Model):
    """One change to public content, in the order frontends must apply them.

    Written by ``api.signal_handlers`` in the transaction of the change itself: a
    rolled-back publish leaves no event. The id is the feed's cursor; ``api.changes``
    makes ids visible in commit order (docs/api.md, "Change feed"). Later writers
    (webhooks, publish-time rendering) read the same rows: ``content_hash`` is the
    hash of the public JSON a change produced, so a re-render with the same hash
    can be recognised as no change and not recorded.
    """

    class Type(models.TextChoices):
        PAGE_PUBLISHED = "page_published", "page published"
        PAGE_UNPUBLISHED = "page_unpublished", "page unpublished"
        PAGE_MOVED = "page_moved", "page moved"
        PAGE_DELETED = "page_deleted", "page deleted"
        OBJECT_CHANGED = "object_changed", "shared object changed"
        OBJECT_DELETED = "object_deleted", "shared object deleted"
        REDIRECT_CREATED = "redirect_created", "redirect created"
        REDIRECT_CHANGED = "redirect_changed", "redirect changed"
        REDIRECT_DELETED = "redirect_deleted", "redirect deleted"

    id = models.BigAutoField(primary_key=True)
    type = models.CharField(max_length=32, choices=Type.choices)
    created_at = models.DateTimeField(db_index=True)
    # The page (or the shared object's or redirect's id); no foreign key: a
    # tombstone outlives its page.
    object_id = models.BigIntegerField(null=True)
    # "pages.ConditionPage", "doctor", "image", "redirect"...
    object_type = models.CharField(max_length=100)
    locale = models.CharField(max_length=20, blank=True)
    path = models.CharField(max_length=1000, blank=True)
    old_path = models.CharField(max_length=1000, blank=True)
    # The page's tree path (a redirect's: its target page's), which tells the
    # site it belongs to: each site's feed names only its own pages.
    tree_path = models.CharField(max_length=255, blank=True)
    # Shared objects: [{"id", "type", "locale", "path", "tree_path"}] of the
    # public pages that show it.
    pages = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "change event"

    def __str__(self) -> str:
        return f"{self.pk}: {self.type} {self.object_type} {self.object_id}"


class ChangeFeedHorizon(models.Model):
    """One row: the highest cursor whose events were pruned. A reader asking from
    an older cursor has missed events and must re-sync (a 410); one asking from a
    gap left by a rolled-back transaction has missed nothing."""

    pruned_through = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "change feed horizon"

    def __str__(self) -> str:
        return f"pruned through {self.pruned_through}"


class RenderedPage(models.Model):
    """A public page's detail JSON as the API serves it, rendered by the background
    worker when the page or anything it shows changes (``api.materialize``).

    ``wanted`` counts the changes that asked for a render, ``rendered`` is the count
    this body reflects: while ``rendered < wanted`` the body is the previous
    version, still served (with its own ``Last-Modified``) until the new one is
    ready. A change that takes something out of public view clears the body in
    its own transaction instead: what the public must no longer see is never
    served, not even for the second a render takes.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True
    )
    # For find/?html_path=: the page's site and frontend path (locale prefix
    # included), as of the render.
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    path = models.CharField(max_length=1000, blank=True)
    body = models.BinaryField(null=True)
    body_br = models.BinaryField(null=True)
    body_gzip = models.BinaryField(null=True)
    etag = models.CharField(max_length=80, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    # When this body (by hash) was first produced, in seconds: Last-Modified.
    last_modified = models.BigIntegerField(default=0)
    # Review and consent status depend on the date: a body is served only on
    # the day it was rendered.
    rendered_on = models.DateField(null=True)
    rendered_at = models.DateTimeField(null=True)
    wanted = models.PositiveBigIntegerField(default=1)
    rendered = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "rendered page"
        indexes = [
            models.Index(fields=["path", "site"], name="api_rendered_path"),
            models.Index(
                fields=["page"],
                condition=models.Q(rendered__lt=models.F("wanted")),
                name="api_rendered_stale",
            ),
        ]

    def __str__(self) -> str:
        return f"page {self.page_id}: {self.etag or 'not rendered'}"


class RenderedField(models.Model):
    """One top-level field of a rendered page's JSON (``meta.<name>`` for its meta
    fields), as compact JSON: listings assemble their items from these instead of
    rendering pages (``api.materialize.stored_items``). Written with the page's
    body, cleared with it."""

    page = models.ForeignKey(
        RenderedPage, on_delete=models.CASCADE, related_name="fields"
    )
    name = models.CharField(max_length=100)
    value = models.TextField()

    class Meta:
        verbose_name = "rendered field"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "name"], name="api_rendered_field_unique"
            )
        ]

    def __str__(self) -> str:
        return f"page {self.page_id}: {self.name}"
