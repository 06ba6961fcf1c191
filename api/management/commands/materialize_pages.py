from django.core.management.base import BaseCommand

from api.materialize import materialize_all


class Command(BaseCommand):
    help = (
        "Ask the background worker to render every public page again: after a "
        "deploy that changes the API's output, and nightly just after midnight, "
        "since review and consent status depend on the date (README)."
    )

    def handle(self, *args, **options):
        count = materialize_all()
        self.stdout.write(f"Asked for renders of {count} public pages.")
