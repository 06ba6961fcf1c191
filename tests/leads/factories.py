"""Factories for patient requests (kept beside the leads tests they serve)."""

from django.utils import timezone

import factory

from leads.models import Lead


class LeadFactory(factory.django.DjangoModelFactory):
    """A stored callback request as the API would create it."""

    kind = Lead.Kind.CALLBACK
    name = factory.Sequence(lambda n: f"Patient Number{n}")
    phone = factory.Sequence(lambda n: f"+4930{901820 + n}")
    email = factory.Sequence(lambda n: f"patient{n}@example.org")
    country = "DE"
    language = "de"
    preferred_time = "Weekdays after 5 pm"
    message = "I would like to know whether the treatment suits my father."
    consented_at = factory.LazyFunction(timezone.now)
    consent_text_version = "2025-01"
    source_url = "https://clinic.example/conditions/als/"

    class Meta:
        model = Lead
