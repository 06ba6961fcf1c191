from django.core.management.base import BaseCommand
from django.db import transaction

from api.cache import ALL, LISTINGS, invalidate
from api.materialize import materialize_all


class Command(BaseCommand):
    help = (
        "Ask the background worker to render every public page again: after a "
        "deploy that changes the API's output, and nightly just after midnight, "
        "since review and consent status depend on the date (README). With "
        "--expire-responses, every cached response is stale at once too: after "
        "loading data (loaddata, a restore), which the CMS does not react to."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expire-responses",
            action="store_true",
            help="also renew the generations every cached API response carries",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = materialize_all()
            if options["expire_responses"]:
                invalidate({ALL, LISTINGS})
        self.stdout.write(f"Asked for renders of {count} public pages.")
        if options["expire_responses"]:
            self.stdout.write("Every cached response is stale.")
