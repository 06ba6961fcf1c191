from django.conf import settings

from cms.pruning import PruneCommand
from webhooks.outbox import prune


class Command(PruneCommand):
    help = (
        "Delete the log of webhook deliveries that ended (succeeded, or failed their "
        "last retry) with no attempt in WEBHOOKS_LOG_RETENTION_DAYS (default 90). "
        "Deliveries still being retried are kept. Run it daily from cron (README)."
    )
    what = "webhook deliveries"

    def retention_days(self) -> int:
        return settings.WEBHOOKS_LOG_RETENTION_DAYS

    def prune(self, days: int) -> int:
        return prune(days)
