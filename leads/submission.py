"""Turning a validated submission into a stored request, once per idempotency key."""

import json
import logging
import re
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from wagtail.log_actions import log

from .antibot import HONEYPOT_FIELD
from .models import Lead, generate_reference
from .notifications import notify_coordinators

logger = logging.getLogger(__name__)

IDEMPOTENCY_KEY_PATTERN = re.compile(r"^[!-~]{16,255}$")
# Fields that may legitimately differ between two sends of the same request.
VOLATILE_FIELDS = frozenset({"form_token", HONEYPOT_FIELD})


class IdempotencyConflict(Exception):
    """The idempotency key was already used for a different request."""


class FormTokenUsed(Exception):
    """A request was already stored with this form token."""


@dataclass(frozen=True)
class Receipt:
    reference: str
    kind: str
    replayed: bool = False
    status: str = "received"


def valid_idempotency_key(key: str) -> bool:
    return bool(IDEMPOTENCY_KEY_PATTERN.match(key))


def hash_idempotency_key(key: str, client: str) -> str:
    """A key is the client's own: the same key from another client (an address,
    an IPv6 /64) is another key, so nobody can probe for someone else's request.
    Keyed hash: neither the key nor the address is stored in clear."""
    return salted_hmac(
        "leads.idempotency-key", f"{client}\n{key}", algorithm="sha256"
    ).hexdigest()


def payload_fingerprint(payload: dict) -> str:
    """A keyed hash of what the client sent, to recognise an identical retry.

    Keyed with the secret key so that the stored value cannot be used to guess the
    personal data in it.
    """
    stable = {k: v for k, v in payload.items() if k not in VOLATILE_FIELDS}
    canonical = json.dumps(stable, sort_keys=True, separators=(",", ":"))
    return salted_hmac(
        "leads.payload-fingerprint", canonical, algorithm="sha256"
    ).hexdigest()


def replay(idempotency_key: str, client: str, payload: dict) -> Receipt | None:
    """The receipt of the request ``client`` already stored under this key, if
    any. Call it only for a request that passed validation.

    Raises:
        IdempotencyConflict: the key was used with a different payload.
    """
    lead = Lead.objects.filter(
        idempotency_key_hash=hash_idempotency_key(idempotency_key, client)
    ).first()
    if lead is None:
        return None
    if lead.payload_fingerprint != payload_fingerprint(payload):
        raise IdempotencyConflict()
    logger.info("Replayed %s for a repeated idempotency key", lead)
    return Receipt(reference=lead.reference, kind=lead.kind, replayed=True)


def decoy_receipt(kind: object) -> Receipt:
    """What a bot that filled the honeypot sees: a receipt for nothing stored."""
    kind = kind if kind in Lead.Kind.values else Lead.Kind.CONSULTATION
    logger.info("Discarded a submission with the honeypot field filled in")
    return Receipt(reference=generate_reference(), kind=kind)


def submit(
    data: dict,
    *,
    payload: dict,
    client: str = "",
    form_token_id: str | None = None,
    idempotency_key: str | None = None,
) -> Receipt:
    """Store a validated request, notify the coordinators and return its receipt.

    Args:
        data: validated model field values (``Lead`` field names).
        payload: the body as sent, for the idempotency fingerprint.
        client: who sent it (``throttle_ident``), the scope of the key.
        form_token_id: the form token's id; one request per token.
        idempotency_key: the client's ``Idempotency-Key`` header, if sent.

    Raises:
        IdempotencyConflict: the key was used with a different payload meanwhile.
        FormTokenUsed: a request was already stored with this form token.
    """
    if form_token_id and Lead.objects.filter(form_token_id=form_token_id).exists():
        raise FormTokenUsed()
    lead = Lead(
        **data,
        consented_at=timezone.now(),
        reference=Lead.unused_reference(),
        form_token_id=form_token_id,
    )
    if idempotency_key:
        lead.idempotency_key_hash = hash_idempotency_key(idempotency_key, client)
        lead.payload_fingerprint = payload_fingerprint(payload)
    # Uniqueness is left to the database, so that a concurrent retry is caught below.
    lead.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            lead.save()
            log(instance=lead, action="wagtail.create", user=None)
    except IntegrityError:
        # Another request with the same key or token was stored between our check
        # and now.
        if idempotency_key and (receipt := replay(idempotency_key, client, payload)):
            return receipt
        if form_token_id and Lead.objects.filter(form_token_id=form_token_id).exists():
            raise FormTokenUsed() from None
        raise
    transaction.on_commit(partial(notify_coordinators, lead.pk))
    logger.info("Received %s", lead)
    return Receipt(reference=lead.reference, kind=lead.kind)
