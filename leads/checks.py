"""Fail at startup, not on the first patient's request, when a setting is wrong."""

from django.conf import settings
from django.core.checks import Error, register

from .throttling import ConsultationRequestThrottle

NON_NEGATIVE_INTEGERS = (
    "LEADS_TRUSTED_PROXIES",
    "LEADS_MIN_FILL_SECONDS",
    "LEADS_FORM_TOKEN_MAX_AGE",
    "LEADS_RETENTION_DAYS",
)


@register()
def check_leads_settings(app_configs, **kwargs):
    errors = []
    for name in NON_NEGATIVE_INTEGERS:
        value = getattr(settings, name, None)
        if not isinstance(value, int) or value < 0:
            errors.append(
                Error(f"{name} must be a non-negative integer.", id="leads.E001")
            )
    rate = getattr(settings, "LEADS_RATE_LIMIT", None)
    if rate:
        try:
            ConsultationRequestThrottle.parse_rate(None, rate)
        except (ValueError, KeyError, IndexError):
            errors.append(
                Error(
                    f"LEADS_RATE_LIMIT must look like '5/hour' or '20/day', got {rate!r}.",
                    id="leads.E002",
                )
            )
    return errors
