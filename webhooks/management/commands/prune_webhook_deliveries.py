from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from webhooks.outbox import prune


class Command(BaseCommand):
    help = (
        "Delete the log of webhook deliveries that ended (succeeded, or failed their "
        "last retry) with no attempt in WEBHOOKS_LOG_RETENTION_DAYS (default 90). "
        "Deliveries still being retried are kept. Run it daily from cron (README)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Keep this many days instead of the setting."
        )

    def handle(self, *args, days=None, **options):
        days = settings.WEBHOOKS_LOG_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        deleted = prune(days)
        self.stdout.write(
            f"Deleted {deleted} webhook deliveries older than {days} days."
        )
