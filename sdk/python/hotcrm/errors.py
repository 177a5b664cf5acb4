"""Errors raised by the client: every failed call is a :class:`HotCRMError`."""

from __future__ import annotations

import json
from typing import Any, List, Mapping, Optional

# The code a status stands for when a response carries no error envelope (a proxy's HTML page, say).
_CODES_BY_STATUS = {
    400: "VALIDATION_ERROR",
    401: "AUTHENTICATION_ERROR",
    403: "PERMISSION_ERROR",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "REFERENCE_ERROR",
    412: "PRECONDITION_FAILED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMIT_ERROR",
}


class HotCRMError(Exception):
    """A call the API refused or could not answer.

    ``code`` is the API's error code (``VALIDATION_ERROR``, ``NOT_FOUND``, ``RATE_LIMIT_ERROR``...),
    ``status`` the HTTP status (``None`` when no response came), ``details`` the list of
    ``{"field", "message"}`` problems, ``request_id`` the ``X-Request-Id`` to quote to an operator,
    ``retry_after`` the seconds a 429/503 asked to wait (if it said).
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status: Optional[int] = None,
        details: Optional[List[Mapping[str, Any]]] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.details: List[Mapping[str, Any]] = list(details or [])
        self.request_id = request_id
        self.retry_after = retry_after

    def __str__(self) -> str:
        text = f"{self.code}"
        if self.status is not None:
            text += f" ({self.status})"
        text += f": {self.message}"
        for detail in self.details:
            field = detail.get("field")
            text += f"\n  - {field}: {detail.get('message')}" if field else f"\n  - {detail.get('message')}"
        if self.request_id:
            text += f"\n  request id: {self.request_id}"
        return text

    def __repr__(self) -> str:
        return (f"HotCRMError(code={self.code!r}, status={self.status!r}, message={self.message!r}, "
                f"request_id={self.request_id!r})")

    @classmethod
    def from_response(cls, status: int, body: bytes, request_id: Optional[str],
                      retry_after: Optional[float] = None) -> "HotCRMError":
        """The error an error response stands for: its envelope, else what its status means."""
        try:
            error = json.loads(body.decode("utf-8")).get("error")
        except (ValueError, UnicodeDecodeError, AttributeError):
            error = None
        if isinstance(error, dict) and isinstance(error.get("code"), str):
            details = error.get("details")
            return cls(str(error.get("message") or error["code"]), code=error["code"], status=status,
                       details=details if isinstance(details, list) else None,
                       request_id=request_id, retry_after=retry_after)
        text = body.decode("utf-8", "replace").strip()[:500] or f"HTTP {status}"
        return cls(text, code=_CODES_BY_STATUS.get(status, "SERVER_ERROR"), status=status,
                   request_id=request_id, retry_after=retry_after)


class APIConnectionError(HotCRMError):
    """No response: the server could not be reached, or did not answer within the timeout."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="CONNECTION_ERROR")


class WebhookVerificationError(HotCRMError):
    """A webhook delivery whose signature or timestamp does not check out."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="WEBHOOK_VERIFICATION_ERROR")
