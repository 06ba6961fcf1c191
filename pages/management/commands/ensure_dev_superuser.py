from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEV_USERNAME = "admin"
DEV_PASSWORD = "clinic-dev-admin"  # noqa: S105 - development only, refused unless DEBUG


class Command(BaseCommand):
    help = (
        "Create (or reset) the development superuser and print its credentials. "
        "Refuses to run unless DEBUG is on, so it can never touch a production database."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_dev_superuser only runs with DEBUG on (development)."
            )
        user, created = get_user_model().objects.get_or_create(
            username=DEV_USERNAME,
            defaults={
                "email": "admin@example.com",
                "first_name": "Dev",
                "last_name": "Admin",
            },
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEV_PASSWORD)
        user.save()
        verb = "Created" if created else "Reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} development superuser. Log in at http://127.0.0.1:8000/admin/ "
                f"as {DEV_USERNAME} / {DEV_PASSWORD}"
            )
        )
