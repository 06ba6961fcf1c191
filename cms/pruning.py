"""The shape of the daily pruning commands (README, cron): keep ``--days`` days,
else the retention setting, and say how many rows went."""

from django.core.management.base import BaseCommand, CommandError


class PruneCommand(BaseCommand):
    what = ""  # what the rows are, for the report: "change events"

    def retention_days(self) -> int:
        raise NotImplementedError

    def prune(self, days: int) -> int:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Keep this many days instead of the setting."
        )

    def handle(self, *args, days=None, **options):
        days = self.retention_days() if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        deleted = self.prune(days)
        self.stdout.write(f"Deleted {deleted} {self.what} older than {days} days.")
