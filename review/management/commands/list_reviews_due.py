from django.core.management.base import BaseCommand

from ...records import public_path, reviews_due


class Command(BaseCommand):
    help = (
        "List condition and therapy pages whose medical review is overdue, due within "
        "MEDICAL_REVIEW_DUE_SOON_DAYS (30) days, or that changed after their review. "
        "One tab-separated line per page; nothing when none are due. Meant for a "
        "daily cron job that mails its output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Look this many days ahead instead of MEDICAL_REVIEW_DUE_SOON_DAYS.",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            self.stderr.write("--days must be zero or more.")
            raise SystemExit(2)
        for page in reviews_due(within_days=days):
            due = page.next_review_due.isoformat() if page.next_review_due else "-"
            reviewer = str(page.reviewed_by) if page.reviewed_by else "-"
            self.stdout.write(
                "\t".join(
                    [
                        page.review_status.value,
                        due,
                        page.title,
                        page.locale.language_code,
                        reviewer,
                        public_path(page),
                    ]
                )
            )
