import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from leads.models import Lead
from leads.privacy import delete_leads


class Command(BaseCommand):
    help = (
        "Delete patient requests older than the retention period "
        "(LEADS_RETENTION_DAYS, 365 days by default). Prints how many were deleted "
        "and their reference codes, never personal data. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: LEADS_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report what would be deleted.",
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.LEADS_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        queryset = Lead.objects.received_before(cutoff)
        when = f"received before {cutoff:%Y-%m-%d %H:%M} UTC ({days} days)"
        if dry_run:
            references = list(
                queryset.order_by("created_at").values_list("reference", flat=True)
            )
            verb = "Would delete"
        else:
            references = delete_leads(
                queryset, reason=f"retention period of {days} days"
            )
            verb = "Deleted"
        self.stdout.write(f"{verb} {len(references)} patient request(s) {when}.")
        if references:
            self.stdout.write("References: " + ", ".join(references))
