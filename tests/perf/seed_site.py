"""Seed a scratch database for the two-server test (run as a script).

Builds the API test site, an admin account, and a draft of the condition page
with a new title that the test publishes through the admin of one server.
Prints the condition page's id.
"""

import os

import django


def main() -> None:
    django.setup()
    from django.contrib.auth import get_user_model

    from tests.api.content import build_clinic_site

    site = build_clinic_site()
    get_user_model().objects.create_superuser(
        username="publisher",
        email="publisher@example.com",
        password=os.environ["SEED_PASSWORD"],
    )
    draft = site.condition.specific
    draft.title = "Stem cell therapy for ALS (2026 update)"
    draft.save_revision()
    print(site.condition.pk)  # noqa: T201 - read by the test


if __name__ == "__main__":
    main()
