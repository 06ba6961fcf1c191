"""Standard Webhooks signatures (https://www.standardwebhooks.com/): HMAC-SHA256
of ``"{webhook-id}.{webhook-timestamp}.{body}"`` with the secret's decoded bytes,
sent as ``webhook-signature: v1,<base64>``. A few lines of the standard library;
the ``standardwebhooks`` package would add a dependency for no more than this."""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()
