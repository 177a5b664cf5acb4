"""``hotcrm.Client``: the entry point."""

from __future__ import annotations

import os
from typing import Any, Iterator, Optional, Sequence, Union, cast

from ._http import DEFAULT_BASE_URL, Transport, _Tokens
from .resources import AI, ApiTokens, Batch, Changes, Metadata, Records, Users, Webhooks, object_names
from .types import (Account, Activity, Case, Contact, Filters, KnowledgeArticle, Lead, ListPage, Opportunity,
                    OpportunityLineItem, Product, Record)


class Client:
    """A HotCRM API client.

    ``Client(api_key="hcrm_...")`` uses an API token (or any access token); ``Client.login(email,
    password)`` logs in and keeps the session alive by itself. ``api_key`` and ``base_url`` default to
    the environment's ``HOTCRM_API_KEY`` and ``HOTCRM_BASE_URL`` (else ``https://api.hotcrm.com/v1``).

    429 and 503 answers are retried up to ``max_retries`` times, waiting what ``Retry-After`` says (an
    answer asking for more than ``max_retry_wait`` seconds is raised at once) or ``retry_backoff`` x 2^n
    seconds when it says nothing. ``timeout`` is per HTTP request, in seconds.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_retry_wait: float = 60.0,
        retry_backoff: float = 0.5,
        user_agent: Optional[str] = None,
        refresh_token: Optional[str] = None,
        expires_in: Optional[float] = None,
    ) -> None:
        token = api_key if api_key is not None else os.environ.get("HOTCRM_API_KEY")
        self.base_url = (base_url or os.environ.get("HOTCRM_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        tokens = _Tokens(token, refresh_token)
        if expires_in is not None:
            tokens.set_pair({"token": token, "refreshToken": refresh_token, "expiresIn": expires_in})
        self._http = Transport(self.base_url, tokens, timeout=timeout, max_retries=max_retries,
                               max_retry_wait=max_retry_wait, retry_backoff=retry_backoff, user_agent=user_agent)
        self.batch = Batch(self._http)
        self.metadata = Metadata(self._http)
        self.webhooks = Webhooks(self._http)
        self.ai = AI(self._http)
        self.api_tokens = ApiTokens(self._http)
        self.users = Users(self._http)
        self.changes = Changes(self._http)

    def __repr__(self) -> str:
        return f"<hotcrm.Client {self.base_url}>"

    # -- authentication ------------------------------------------------------------------------------

    @classmethod
    def login(cls, email: str, password: str, *, base_url: Optional[str] = None, **options: Any) -> "Client":
        """Logs in (``POST /auth/token``) and returns a client holding the session: its access token is
        refreshed (``POST /auth/refresh``) before it expires, and once if the API answers 401, without
        the caller noticing. The password is not kept. ``options`` are :class:`Client`'s."""
        client = cls(api_key="", base_url=base_url, **options)
        pair = client._http.request("POST", "auth/token", body={"email": email, "password": password},
                                    authenticated=False)
        client._http.tokens.set_pair(pair)
        return client

    def refresh(self) -> None:
        """Refreshes a login's tokens now (it happens by itself when needed)."""
        self._http.refresh()

    def logout(self) -> None:
        """Ends a login: its refresh tokens are revoked (the access token runs out within the hour)."""
        tokens = self._http.tokens
        if tokens.refresh:
            self._http.request("POST", "auth/logout", body={"refreshToken": tokens.refresh}, authenticated=False)
            tokens.refresh = None

    @property
    def access_token(self) -> Optional[str]:
        """The bearer token sent now (an API token, or a login's current access token)."""
        return self._http.tokens.access

    @property
    def refresh_token(self) -> Optional[str]:
        """A login's current refresh token (it changes with every refresh)."""
        return self._http.tokens.refresh

    # -- records -------------------------------------------------------------------------------------

    def object(self, name: str) -> Records[Record]:
        """The records of any object, by API name (``"Project__c"``, ``"Account"``) or path (``"accounts"``)."""
        return Records(self._http, name)

    @property
    def accounts(self) -> Records[Account]:
        return Records(self._http, "Account")

    @property
    def contacts(self) -> Records[Contact]:
        return Records(self._http, "Contact")

    @property
    def leads(self) -> Records[Lead]:
        return Records(self._http, "Lead")

    @property
    def opportunities(self) -> Records[Opportunity]:
        return Records(self._http, "Opportunity")

    @property
    def opportunity_line_items(self) -> Records[OpportunityLineItem]:
        return Records(self._http, "OpportunityLineItem")

    @property
    def products(self) -> Records[Product]:
        return Records(self._http, "Product")

    @property
    def cases(self) -> Records[Case]:
        return Records(self._http, "Case")

    @property
    def activities(self) -> Records[Activity]:
        return Records(self._http, "Activity")

    @property
    def knowledge_articles(self) -> Records[KnowledgeArticle]:
        return Records(self._http, "KnowledgeArticle")

    # -- /query --------------------------------------------------------------------------------------

    def query(
        self,
        object: Union[str, dict, None] = None,
        /,
        *,
        fields: Union[str, Sequence[str], None] = None,
        filters: Optional[Filters] = None,
        sort: Any = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
        related: Optional[dict] = None,
        cursor: Optional[str] = None,
        exact_count: bool = False,
        **extra: Any,
    ) -> ListPage:
        """``POST /query``: ``client.query("Opportunity", fields=[...], filters=[...], sort=[["Amount",
        "desc"]], related={...})``, or the reference's body as one dict: ``client.query({"object": ...})``.
        ``object`` is an API name (a path like ``"opportunities"`` is accepted too)."""
        return cast(ListPage, self._http.request("POST", "query", body=self._query_body(
            object, fields=fields, filters=filters, sort=sort, limit=limit, offset=offset, related=related,
            cursor=cursor, count="exact" if exact_count else None, **extra)))

    def iterate_query(self, object: Union[str, dict, None] = None, /, *, page_size: int = 200,
                      **options: Any) -> Iterator[Record]:
        """Every record a ``/query`` finds (with its ``related`` records), page after page by cursor."""
        body = self._query_body(object, **options)
        body["limit"] = page_size
        while True:
            page = self._http.request("POST", "query", body=body)
            records = page.get("records") or []
            yield from records
            if not page.get("hasMore") or not records:
                return
            if page.get("nextCursor"):
                body["cursor"] = page["nextCursor"]
            else:
                body["offset"] = body.get("offset", 0) + len(records)

    @staticmethod
    def _query_body(object: Union[str, dict, None], **options: Any) -> dict:
        body = dict(object) if isinstance(object, dict) else {}
        if isinstance(object, str):
            body["object"] = object
        body.update({k: v for k, v in options.items() if v is not None})
        if isinstance(body.get("object"), str):
            body["object"] = object_names(body["object"])[0]
        if "object" not in body:
            raise TypeError("query() needs the object's API name, e.g. client.query('Opportunity', ...)")
        return body

