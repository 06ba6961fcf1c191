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
