from django.core.management.base import BaseCommand

from api.changes import prune, retention_days


class Command(BaseCommand):
    help = (
        "Delete change feed events older than CHANGE_FEED_RETENTION_DAYS (default "
        "30). A reader whose cursor is older then gets a 410 and re-syncs from the "
        "sitemap. Run it daily from cron (README)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Keep this many days instead of the setting."
        )

    def handle(self, *args, days=None, **options):
        days = retention_days() if days is None else days
        deleted = prune(days)
        self.stdout.write(f"Deleted {deleted} change events older than {days} days.")
