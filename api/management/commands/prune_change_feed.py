from api.changes import prune, retention_days
from cms.pruning import PruneCommand


class Command(PruneCommand):
    help = (
        "Delete change feed events older than CHANGE_FEED_RETENTION_DAYS (default "
        "30). A reader whose cursor is older then gets a 410 and re-syncs from the "
        "sitemap. Run it daily from cron (README)."
    )
    what = "change events"

    def retention_days(self) -> int:
        return retention_days()

    def prune(self, days: int) -> int:
        return prune(days)
