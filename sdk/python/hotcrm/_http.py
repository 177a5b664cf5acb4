"""The transport: one JSON request with authentication, token refresh and bounded retries."""

from __future__ import annotations

import datetime
import decimal
import email.utils
import http.client
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Callable, Mapping, Optional, Tuple

from .errors import APIConnectionError, HotCRMError

__version__ = "0.1.0"

DEFAULT_BASE_URL = "https://api.hotcrm.com/v1"
RETRY_STATUSES = frozenset({429, 503})
# refresh a login's access token this long before it runs out, so a call never starts with a dying one
REFRESH_LEEWAY_SECONDS = 30.0


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _retry_after(value: Optional[str]) -> Optional[float]:
    """Retry-After as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return max(0.0, (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds())


class _Tokens:
    """The bearer token in use, and for a login the refresh token and when the access token expires."""

    def __init__(self, access: Optional[str], refresh: Optional[str] = None,
                 expires_at: Optional[float] = None) -> None:
        self.access = access
        self.refresh = refresh
        self.expires_at = expires_at
        self.lock = threading.Lock()

    def set_pair(self, pair: Mapping[str, Any]) -> None:
        self.access = pair["token"]
        self.refresh = pair.get("refreshToken") or self.refresh
        expires_in = pair.get("expiresIn")
        self.expires_at = time.time() + float(expires_in) if expires_in is not None else None


def is_write(method: str, path: str) -> bool:
    """Whether a call changes something, and so goes under an ``Idempotency-Key``: every method but GET, except the
    reads sent as POST for their body (``query``, ``{object}/groupby``), which are safe to repeat as they are."""
    return method != "GET" and not (method == "POST" and (path.strip("/") == "query" or path.endswith("/groupby")))


class Transport:
    """Sends requests under ``base_url``; used by every resource of a :class:`hotcrm.Client`."""

    def __init__(
        self,
        base_url: str,
        tokens: _Tokens,
        *,
        timeout: float,
        max_retries: int,
        max_retry_wait: float,
        retry_backoff: float,
        user_agent: Optional[str] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.retry_backoff = retry_backoff
        self.user_agent = user_agent or f"hotcrm-python/{__version__}"
        self.sleep = sleep

    # -- the one entry point -------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        authenticated: bool = True,
    ) -> Any:
        """Sends one call and returns its decoded JSON (``None`` for an empty answer).

        Every write carries an ``Idempotency-Key`` of its own, the same on each attempt; a call that got no
        answer, and a 409 ``IDEMPOTENCY_ERROR`` (its first attempt still running), are retried under it.
        429 and 503 are retried up to ``max_retries`` times, after ``Retry-After`` when the answer gives
        it (an answer asking for longer than ``max_retry_wait`` is raised at once), else after an
        exponential backoff. A login's access token is refreshed shortly before it expires, and once
        when the API answers 401 to it; then the call is sent again.
        """
        url = self._url(path, params)
        data = None if body is None else json.dumps(body, default=_json_default).encode("utf-8")
        request_id = str(uuid.uuid4())
        # one key for every attempt of a write: the gateway runs it once, and a retry gets its first answer
        idempotency_key = str(uuid.uuid4()) if is_write(method, path) else None
        retries = 0
        refreshed = False
        while True:
            token = self._token_for_call() if authenticated else None
            try:
                status, headers, raw = self._send(method, url, data, token, request_id, idempotency_key)
            except APIConnectionError:
                # no answer: a read, or a write under its key, is safe to send again
                if retries < self.max_retries:
                    self.sleep(min(self.retry_backoff * (2 ** retries), self.max_retry_wait))
                    retries += 1
                    continue
                raise
            if status < 400:
                return self._decode(raw)
            if status == 401 and authenticated and not refreshed and self.tokens.refresh:
                refreshed = True
                self.refresh(stale=token)
                continue
            error = HotCRMError.from_response(status, raw, headers.get("X-Request-Id"),
                                              _retry_after(headers.get("Retry-After")))
            # 409 IDEMPOTENCY_ERROR: this call's first attempt is still running; the next one gets its answer
            running = status == 409 and error.code == "IDEMPOTENCY_ERROR"
            if (status in RETRY_STATUSES or running) and retries < self.max_retries:
                wait = error.retry_after
                if wait is None:
                    wait = min(self.retry_backoff * (2 ** retries), self.max_retry_wait)
                if wait <= self.max_retry_wait:
                    retries += 1
                    self.sleep(wait)
                    continue
            raise error

    # -- tokens --------------------------------------------------------------------------------------

    def _token_for_call(self) -> Optional[str]:
        tokens = self.tokens
        if tokens.refresh and tokens.expires_at is not None \
                and time.time() >= tokens.expires_at - REFRESH_LEEWAY_SECONDS:
            self.refresh(stale=tokens.access)
        return tokens.access

    def refresh(self, stale: Optional[str] = None) -> None:
        """Swaps the refresh token for a new pair (``POST /auth/refresh``). With ``stale``, only if the
        access token is still that one: concurrent callers that saw the same failure refresh once, so
        the rotated refresh token is never presented twice (which the API treats as theft)."""
        tokens = self.tokens
        with tokens.lock:
            if stale is not None and tokens.access != stale:
                return
            if not tokens.refresh:
                raise HotCRMError("This client has no refresh token: log in with Client.login()",
                                  code="AUTHENTICATION_ERROR")
            pair = self.request("POST", "/auth/refresh", body={"refreshToken": tokens.refresh},
                                authenticated=False)
            tokens.set_pair(pair)

    # -- HTTP ----------------------------------------------------------------------------------------

    def _url(self, path: str, params: Optional[Mapping[str, Any]]) -> str:
        url = self.base_url + "/" + path.lstrip("/")
        if params:
            query = [(k, _query_value(v)) for k, v in params.items() if v is not None]
            if query:
                url += "?" + urllib.parse.urlencode(query)
        return url

    def _send(self, method: str, url: str, data: Optional[bytes], token: Optional[str],
              request_id: str, idempotency_key: Optional[str] = None) -> Tuple[int, Any, bytes]:
        headers = {"Accept": "application/json", "User-Agent": self.user_agent, "X-Request-Id": request_id}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if data is not None:
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read()
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            raise APIConnectionError(f"{method} {url} failed: {reason}") from error

    @staticmethod
    def _decode(raw: bytes) -> Any:
        if not raw:
            return None
        text = raw.decode("utf-8")
        try:
            return json.loads(text)
        except ValueError:
            return text


def quote(segment: str) -> str:
    """A path segment (an id, an object or field name) made safe for the URL."""
    return urllib.parse.quote(str(segment), safe="")
