"""Seed a scratch database for the cross-process freshness test (run as a script).

Builds the API test site and schedules a new title for its condition page, due a
second ago: the next ``manage.py publish_scheduled`` publishes it. Prints the
condition page's id.
"""

import datetime

import django


def main() -> None:
    django.setup()
    from django.utils import timezone

    from tests.api.content import build_clinic_site

    site = build_clinic_site()
    draft = site.condition.specific
    draft.title = "Stem cell therapy for ALS (scheduled)"
    draft.save_revision(
        approved_go_live_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    print(site.condition.pk)  # noqa: T201 - read by the test


if __name__ == "__main__":
    main()
