from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from leads.models import Lead
from leads.privacy import delete_leads
from leads.validators import normalise_phone


class Command(BaseCommand):
    help = (
        "Erase one person's patient requests (right to erasure): every request with "
        "this phone number (matched in E.164 form) or email address (any case). "
        "Prints the number of requests and their reference codes, never the "
        "personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--phone", default="", help="Phone number, any format.")
        parser.add_argument(
            "--country",
            default="",
            help="ISO country code to read a national phone number (e.g. DE for 030 ...).",
        )
        parser.add_argument("--email", default="", help="Email address.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report what would be erased.",
        )

    def handle(self, *args, phone="", country="", email="", dry_run=False, **options):
        if not phone and not email:
            raise CommandError("Give --phone, --email or both.")
        if phone:
            try:
                phone = normalise_phone(phone, country)
            except ValidationError as error:
                raise CommandError(
                    f"--phone is not a valid phone number: {error.messages[0]} "
                    "For a national number, add --country."
                ) from None
        if email:
            email = email.strip()
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError("--email is not a valid email address.") from None

        queryset = Lead.objects.for_person(phone=phone, email=email)
        if dry_run:
            references = list(
                queryset.order_by("created_at").values_list("reference", flat=True)
            )
            verb = "Would erase"
        else:
            references = delete_leads(queryset, reason="erasure request")
            verb = "Erased"
        self.stdout.write(f"{verb} {len(references)} patient request(s).")
        if references:
            self.stdout.write("References: " + ", ".join(references))
