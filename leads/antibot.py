"""Cheap checks that keep form-filling bots out without a CAPTCHA.

* A honeypot field (``website``) that people never see and bots fill in.
* A minimum fill time: the frontend fetches a signed *form token* when it shows the
  form and sends it back with the request. The token carries the time it was
  issued, signed with the site's secret key, so a client cannot backdate it.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

HONEYPOT_FIELD = "website"
FORM_TOKEN_SALT = "leads.form-token"  # noqa: S105 - a salt, not a secret


def min_fill_seconds() -> int:
    return settings.LEADS_MIN_FILL_SECONDS


def form_token_max_age() -> int:
    return settings.LEADS_FORM_TOKEN_MAX_AGE


def issue_form_token(issued_at: float | None = None) -> str:
    """A signed token recording when the form was shown (now, unless given)."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps(
        {"t": round(issued_at, 3), "n": secrets.token_urlsafe(6)},
        salt=FORM_TOKEN_SALT,
        compress=False,
    )


def check_form_token(token: str, now: float | None = None) -> float:
    """Return the seconds since the token was issued.

    Raises:
        ValidationError: the token is forged or damaged, expired, or the form was
            sent back faster than ``LEADS_MIN_FILL_SECONDS`` allow.
    """
    now = time.time() if now is None else now
    try:
        payload = signing.loads(token, salt=FORM_TOKEN_SALT)
        issued_at = float(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError(
            "The form token is invalid. Reload the form and try again.",
            code="invalid_form_token",
        ) from None
    elapsed = now - issued_at
    if elapsed > form_token_max_age():
        raise ValidationError(
            "The form has expired. Reload the form and try again.",
            code="expired_form_token",
        )
    if elapsed < min_fill_seconds():
        raise ValidationError(
            "The form was sent too quickly. Wait a few seconds and send it again.",
            code="too_fast",
        )
    return elapsed


def honeypot_filled(data: object) -> bool:
    return isinstance(data, dict) and bool(data.get(HONEYPOT_FIELD))


def form_token_id(token: str) -> str:
    """What identifies a form token once its signature is checked: one stored
    request per token, so that a token cannot be replayed."""
    payload = signing.loads(token, salt=FORM_TOKEN_SALT)
    return hashlib.sha256(f"{payload['t']}:{payload['n']}".encode()).hexdigest()
