"""Verifying what a HotCRM webhook sends (the Standard Webhooks signature scheme)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from typing import Any, Mapping, Optional, Union

from .errors import WebhookVerificationError

SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE_SECONDS = 300


def signing_key(secret: Union[str, bytes]) -> bytes:
    """The HMAC key a webhook secret stands for: the base64-decoded part of a ``whsec_`` secret, else the
    secret's UTF-8 bytes (as the server does). ``bytes`` are taken as the key itself."""
    if isinstance(secret, bytes):
        return secret
    if secret.startswith(SECRET_PREFIX):
        try:
            return base64.b64decode(secret[len(SECRET_PREFIX):], validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValueError("a secret starting with whsec_ must continue in base64") from error
    return secret.encode("utf-8")


def sign(secret: Union[str, bytes], webhook_id: str, timestamp: Union[int, str], body: Union[str, bytes]) -> str:
    """``v1,<base64 HMAC-SHA256 of "{webhook_id}.{timestamp}.{body}">``: a ``webhook-signature`` value."""
    payload = body.encode("utf-8") if isinstance(body, str) else body
    message = f"{webhook_id}.{timestamp}.".encode("utf-8") + payload
    digest = hmac.new(signing_key(secret), message, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def verify_webhook(
    secret: Union[str, bytes],
    headers: Mapping[str, str],
    body: Union[str, bytes],
    *,
    tolerance: Optional[float] = DEFAULT_TOLERANCE_SECONDS,
    now: Optional[float] = None,
) -> Any:
    """Checks a delivery's ``webhook-signature`` against ``secret`` and returns its decoded JSON body.

    ``headers`` are the request's headers (any mapping; names in any case), ``body`` its raw bytes -
    exactly as received, before any JSON parsing. Raises :class:`hotcrm.WebhookVerificationError` when a
    header is missing, no signature matches (any of several, during a secret rotation, will do), or the
    ``webhook-timestamp`` is more than ``tolerance`` seconds from now (``None`` skips that check, which
    guards against replays). Deduplicate deliveries on the ``webhook-id`` header.
    """
    lowered = {str(k).lower(): v for k, v in headers.items()}
    webhook_id = lowered.get("webhook-id")
    timestamp = lowered.get("webhook-timestamp")
    signatures = lowered.get("webhook-signature")
    if not webhook_id or not timestamp or not signatures:
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature header")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise WebhookVerificationError("webhook-timestamp is not a number of seconds") from None
    if tolerance is not None:
        current = time.time() if now is None else now
        if abs(current - sent_at) > tolerance:
            raise WebhookVerificationError("webhook-timestamp is too far from now (a replay, or a clock off)")
    expected = sign(secret, webhook_id, timestamp, body).split(",", 1)[1].encode("ascii")
    for candidate in signatures.split():
        version, _, signature = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(signature.encode("ascii", "replace"), expected):
            payload = body.decode("utf-8") if isinstance(body, bytes) else body
            try:
                return json.loads(payload)
            except ValueError:
                return payload
        # other versions (v1a: asymmetric) are not used by HotCRM
    raise WebhookVerificationError("no webhook-signature matches this secret and body")
