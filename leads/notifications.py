"""Email to the patient coordinators when a request arrives.

The email says only that a request arrived: its kind, reference code and a link to
it in the admin. Names, numbers and messages stay behind the admin login, because
email is copied to phones, shared mailboxes and backups we do not control.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .permissions import COORDINATORS_GROUP

logger = logging.getLogger(__name__)

ADMIN_EDIT_URL_NAME = "patient_requests:edit"


def coordinator_emails() -> list[str]:
    """``LEADS_NOTIFY_EMAILS`` when set, else the active coordinators' addresses."""
    if settings.LEADS_NOTIFY_EMAILS:
        return list(settings.LEADS_NOTIFY_EMAILS)
    emails = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=COORDINATORS_GROUP)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(emails)


def admin_edit_url(lead) -> str:
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base_url + reverse(ADMIN_EDIT_URL_NAME, args=[lead.pk])


def notify_coordinators(lead_id: int) -> int:
    """Email the coordinators about one request; return the number of emails sent.

    A mail server failure is logged, never raised: the request is already stored and
    shows up in the admin listing.
    """
    from .models import Lead

    lead = Lead.objects.filter(pk=lead_id).first()
    recipients = coordinator_emails()
    if lead is None or not recipients:
        if lead is not None:
            logger.warning("Nobody to notify about %s", lead)
        return 0
    context = {
        "lead": lead,
        "kind": lead.get_kind_display(),
        "admin_url": admin_edit_url(lead),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = " ".join(
        render_to_string("leads/emails/new_request_subject.txt", context).split()
    )
    body = render_to_string("leads/emails/new_request_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not email the coordinators about %s", lead)
        return 0
    logger.info("Emailed %d coordinator(s) about %s", len(recipients), lead)
    return len(recipients)
