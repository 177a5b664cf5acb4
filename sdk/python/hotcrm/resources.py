"""The API's resources: records of one object, batches, metadata, webhooks, AI, tokens and users."""

from __future__ import annotations

import json
from typing import (Any, Dict, Generic, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, TypeVar,
                    Union, cast)

from ._http import Transport, quote
from .types import (AIModels, ApiToken, AvgResult, BackfillStatus, BatchResult, Briefing, CaseCategorization, Change,
                    ChangePage, CountResult, DeleteResult,
                    Filters, GroupByResult, KnowledgeAnswer, KnowledgeSearch, LeadScore, ListPage, ModelTraining,
                    ProductRecommendation, SumResult, Transcription, Webhook, WebhookDelivery,
                    WinPrediction)

R = TypeVar("R", bound=Mapping[str, Any])

Fields = Union[str, Sequence[str]]
Sort = Union[str, Sequence[Union[str, Sequence[str]]]]

# API name -> path segment of the standard objects; custom objects use their lower-case API name
STANDARD_PATHS = {
    "Account": "accounts",
    "Contact": "contacts",
    "Lead": "leads",
    "Opportunity": "opportunities",
    "OpportunityLineItem": "opportunitylineitems",
    "Product": "products",
    "Case": "cases",
    "Activity": "activities",
    "KnowledgeArticle": "knowledgearticles",
}
_NAMES_BY_PATH = {path: name for name, path in STANDARD_PATHS.items()}

BATCH_LIMIT = 200  # entries per batch request, as the API allows


def object_names(name: str) -> Tuple[str, str]:
    """``(API name, path)`` of an object given by either: ``Account``/``accounts``, ``Project__c``."""
    if name in STANDARD_PATHS:
        return name, STANDARD_PATHS[name]
    if name in _NAMES_BY_PATH:
        return _NAMES_BY_PATH[name], name
    return name, name.lower()


def camel(name: str) -> str:
    """``account_id`` -> ``accountId`` (names already in camelCase are kept)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def camel_body(values: Mapping[str, Any]) -> Dict[str, Any]:
    """Keyword arguments as a JSON body: snake_case names to camelCase, ``None`` left out."""
    return {camel(k): v for k, v in values.items() if v is not None}


def _merge(data: Optional[Mapping[str, Any]], fields: Mapping[str, Any]) -> Dict[str, Any]:
    body: Dict[str, Any] = dict(data or {})
    body.update(fields)
    return body


def _fields_param(fields: Optional[Fields]) -> Optional[str]:
    if fields is None or isinstance(fields, str):
        return fields
    return ",".join(fields)


def _sort_param(sort: Optional[Sort]) -> Optional[str]:
    """``"-Amount"``, ``["Name", "-Amount"]`` or ``[["Amount", "desc"]]`` as the list's ``sort``."""
    if sort is None or isinstance(sort, str):
        return sort
    terms = []
    for term in sort:
        if isinstance(term, str):
            terms.append(term)
        else:
            field, direction = term[0], (term[1] if len(term) > 1 else "asc")
            terms.append(("-" if str(direction).lower() == "desc" else "") + field)
    return ",".join(terms)


def _filters_param(filters: Optional[Filters]) -> Optional[str]:
    return None if filters is None else json.dumps(filters, separators=(",", ":"))


def _offset_pages(fetch: Any, key: str, page_size: int) -> Iterator[Dict[str, Any]]:
    """Every item of an offset-paged list (``hasMore``/``offset``)."""
    offset = 0
    while True:
        page = fetch(limit=page_size, offset=offset)
        items = page.get(key) or []
        yield from items
        if not page.get("hasMore") or not items:
            return
        offset += len(items)


class Records(Generic[R]):
    """The records of one object: ``client.accounts``, ``client.object("Project__c")``.

    Methods return what the API answers, decoded from JSON: a record is a ``dict`` with the API's field
    names. Record fields are given as keyword arguments with those names (``Name=...``,
    ``AccountId=...``), or as a mapping first argument, or both.
    """

    def __init__(self, transport: Transport, name: str) -> None:
        self._http = transport
        self.name, self.path = object_names(name)

    def __repr__(self) -> str:
        return f"<Records {self.name} at /{self.path}>"

    # -- reading -------------------------------------------------------------------------------------

    def list(
        self,
        *,
        filters: Optional[Filters] = None,
        fields: Optional[Fields] = None,
        sort: Optional[Sort] = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
        cursor: Optional[str] = None,
        exact_count: bool = False,
    ) -> ListPage:
        """One page (``GET /{object}``): ``{"records", "totalCount", "hasMore", "limit", "offset",
        "nextCursor"}``. ``limit`` is 1-200 (the API's default 50); page on with ``offset`` or with the
        page's ``nextCursor`` as ``cursor`` - or let :meth:`iterate` do it."""
        params = {
            "filters": _filters_param(filters),
            "fields": _fields_param(fields),
            "sort": _sort_param(sort),
            "limit": limit,
            "offset": offset,
            "cursor": cursor,
            "count": "exact" if exact_count else None,
        }
        return cast(ListPage, self._http.request("GET", quote(self.path), params=params))

    def iterate(
        self,
        *,
        filters: Optional[Filters] = None,
        fields: Optional[Fields] = None,
        sort: Optional[Sort] = None,
        page_size: int = 200,
    ) -> Iterator[R]:
        """Every matching record, fetching page after page as the loop goes (keyset cursors, so no
        record is repeated or skipped while others are inserted or deleted)."""
        cursor: Optional[str] = None
        offset = 0
        while True:
            page = self.list(filters=filters, fields=fields, sort=sort, limit=page_size, cursor=cursor,
                             offset=offset or None)
            records = page.get("records") or []
            yield from cast(List[R], records)
            if not page.get("hasMore") or not records:
                return
            cursor = page.get("nextCursor")
            if cursor is None:  # a server without cursors: page by offset
                offset += len(records)

    def get(self, id: str, *, fields: Optional[Fields] = None) -> R:
        """One record (``GET /{object}/{id}``); ``fields`` may follow lookups (``Account.Name``)."""
        return cast(R, self._http.request("GET", f"{quote(self.path)}/{quote(id)}",
                                          params={"fields": _fields_param(fields)}))

    # -- writing -------------------------------------------------------------------------------------

    def create(self, data: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> R:
        """Creates a record (``POST /{object}``) and returns it as stored, with its ``Id``."""
        return cast(R, self._http.request("POST", quote(self.path), body=_merge(data, fields)))

    def update(self, id: str, data: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> R:
        """Changes the given fields (``PATCH /{object}/{id}``); returns the record."""
        return cast(R, self._http.request("PATCH", f"{quote(self.path)}/{quote(id)}", body=_merge(data, fields)))

    def replace(self, id: str, data: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> R:
        """Replaces the record (``PUT /{object}/{id}``): fields not given become their default or null."""
        return cast(R, self._http.request("PUT", f"{quote(self.path)}/{quote(id)}", body=_merge(data, fields)))

    def delete(self, id: str) -> DeleteResult:
        """Deletes the record (``DELETE /{object}/{id}``): ``{"success": true, "message": ...}``."""
        return cast(DeleteResult, self._http.request("DELETE", f"{quote(self.path)}/{quote(id)}"))

    # -- aggregation ---------------------------------------------------------------------------------

    def count(self, filters: Optional[Filters] = None) -> int:
        """How many records match (``GET /{object}/count``), as an ``int``."""
        answer = cast(CountResult, self._http.request("GET", f"{quote(self.path)}/count",
                                                      params={"filters": _filters_param(filters)}))
        return int(answer["count"])

    def sum(self, field: str, filters: Optional[Filters] = None) -> SumResult:
        """``{"sum", "count"}`` of a number field (``GET /{object}/sum/{field}``)."""
        return cast(SumResult, self._http.request("GET", f"{quote(self.path)}/sum/{quote(field)}",
                                                  params={"filters": _filters_param(filters)}))

    def avg(self, field: str, filters: Optional[Filters] = None) -> AvgResult:
        """``{"average", "count"}`` of a number field (``GET /{object}/avg/{field}``)."""
        return cast(AvgResult, self._http.request("GET", f"{quote(self.path)}/avg/{quote(field)}",
                                                  params={"filters": _filters_param(filters)}))

    def group_by(
        self,
        group_by: Union[str, Sequence[str]],
        aggregations: Optional[Mapping[str, Mapping[str, str]]] = None,
        *,
        filters: Optional[Filters] = None,
        having: Optional[List[Any]] = None,
        sort: Optional[str] = None,
    ) -> GroupByResult:
        """``{"groups": [...]}`` (``POST /{object}/groupby``), e.g.
        ``group_by("Stage", {"total": {"function": "SUM", "field": "Amount"}})``; keys may be date parts
        (``CloseDate.month``)."""
        body = {"groupBy": group_by if isinstance(group_by, str) else list(group_by),
                "aggregations": aggregations, "filters": filters, "having": having, "sort": sort}
        return cast(GroupByResult, self._http.request("POST", f"{quote(self.path)}/groupby",
                                                      body={k: v for k, v in body.items() if v is not None}))

    def query(self, **body: Any) -> ListPage:
        """``POST /query`` on this object: ``fields``, ``filters``, ``sort``, ``limit``, ``offset``,
        ``related``, ``cursor``..."""
        return cast(ListPage, self._http.request("POST", "query", body={"object": self.name, **body}))


class BatchRecords:
    """Batch writes of one object (``/batch/{object}``). More than 200 entries are sent as several
    requests and their answers joined (not with ``all_or_none``, which must hold in one request)."""

    def __init__(self, transport: Transport, name: str) -> None:
        self._http = transport
        self.name, self.path = object_names(name)

    def create(self, records: Iterable[Mapping[str, Any]], *, all_or_none: bool = False) -> BatchResult:
        """Creates records: ``{"results": [{"Id", "success"}...], "successCount", "errorCount"}``, in input order."""
        return self._send("POST", "records", list(records), all_or_none)

    def update(self, updates: Iterable[Mapping[str, Any]], *, all_or_none: bool = False) -> BatchResult:
        """Updates records, each given as ``{"Id": ..., "Field": value}``."""
        return self._send("PATCH", "updates", list(updates), all_or_none)

    def delete(self, ids: Iterable[str], *, all_or_none: bool = False) -> BatchResult:
        """Deletes records by id."""
        return self._send("DELETE", "ids", list(ids), all_or_none)

    def _send(self, method: str, key: str, items: List[Any], all_or_none: bool) -> BatchResult:
        if all_or_none and len(items) > BATCH_LIMIT:
            raise ValueError(f"all_or_none holds for one request, of at most {BATCH_LIMIT} entries")
        joined: Dict[str, Any] = {"results": [], "successCount": 0, "errorCount": 0}
        for start in range(0, len(items), BATCH_LIMIT):
            body: Dict[str, Any] = {key: items[start:start + BATCH_LIMIT]}
            if all_or_none:
                body["allOrNone"] = True
            answer = self._http.request(method, f"batch/{quote(self.path)}", body=body)
            if len(items) <= BATCH_LIMIT:
                return cast(BatchResult, answer)
            joined["results"].extend(answer.get("results", []))
            joined["successCount"] += answer.get("successCount", 0)
            joined["errorCount"] += answer.get("errorCount", 0)
        return cast(BatchResult, joined)


class Batch:
    """``client.batch.accounts.create([...])``, ``client.batch.object("Project__c").delete([...])``."""

    def __init__(self, transport: Transport) -> None:
        self._http = transport

    def object(self, name: str) -> BatchRecords:
        """Batch writes of any object, by API name (``"Project__c"``) or path (``"accounts"``)."""
        return BatchRecords(self._http, name)

    @property
    def accounts(self) -> BatchRecords:
        return self.object("Account")

    @property
    def contacts(self) -> BatchRecords:
        return self.object("Contact")

    @property
    def leads(self) -> BatchRecords:
        return self.object("Lead")

    @property
    def opportunities(self) -> BatchRecords:
        return self.object("Opportunity")

    @property
    def opportunity_line_items(self) -> BatchRecords:
        return self.object("OpportunityLineItem")

    @property
    def products(self) -> BatchRecords:
        return self.object("Product")

    @property
    def cases(self) -> BatchRecords:
        return self.object("Case")

    @property
    def activities(self) -> BatchRecords:
        return self.object("Activity")

    @property
    def knowledge_articles(self) -> BatchRecords:
        return self.object("KnowledgeArticle")


class Metadata:
    """Objects, fields, permissions and shares (``/metadata``)."""

    def __init__(self, transport: Transport) -> None:
        self._http = transport

    def objects(self) -> Dict[str, Any]:
        """``{"objects": [{"name", "label", "labelPlural", "path", "custom"}...]}``."""
        return cast(Dict[str, Any], self._http.request("GET", "metadata/objects"))

    def describe(self, name: str) -> Dict[str, Any]:
        """One object's schema: ``name``, ``label``, ``fields``, ``relationships``, ``validationRules``."""
        return cast(Dict[str, Any], self._http.request("GET", f"metadata/objects/{quote(object_names(name)[0])}"))

    def create_object(self, definition: Optional[Mapping[str, Any]] = None, /, **values: Any) -> Dict[str, Any]:
        """Creates a custom object: ``create_object(name="Project__c", label="Project", fields=[...])``."""
        return cast(Dict[str, Any], self._http.request("POST", "metadata/objects", body=_merge(definition, values)))

    def create_field(self, object: str, definition: Optional[Mapping[str, Any]] = None, /,
                     **values: Any) -> Dict[str, Any]:
        """Adds a custom field: ``create_field("Account", name="Tier__c", type="picklist", picklistValues=[...])``."""
        return cast(Dict[str, Any], self._http.request(
            "POST", f"metadata/objects/{quote(object_names(object)[0])}/fields", body=_merge(definition, values)))

    def permissions(self, object: Optional[str] = None) -> Dict[str, Any]:
        """Sharing and role permissions of every object, or of one."""
        path = "metadata/permissions" if object is None else f"metadata/permissions/{quote(object_names(object)[0])}"
        return cast(Dict[str, Any], self._http.request("GET", path))

    def update_permissions(self, object: str, changes: Optional[Mapping[str, Any]] = None, /,
                           **values: Any) -> Dict[str, Any]:
        """Changes an object's ``sharing``, ``roles`` and ``fields`` rules (admins)."""
        return cast(Dict[str, Any], self._http.request(
            "PUT", f"metadata/permissions/{quote(object_names(object)[0])}", body=_merge(changes, values)))

    def share(self, record_id: str, user_id: str, access: str = "read") -> Any:
        """Shares a record with a user (``access`` ``read`` or ``edit``)."""
        return self._http.request("POST", "metadata/shares",
                                  body={"recordId": record_id, "userId": user_id, "access": access})

    def unshare(self, record_id: str, user_id: str) -> Any:
        """Removes a share."""
        return self._http.request("DELETE", "metadata/shares", params={"recordId": record_id, "userId": user_id})


class Webhooks:
    """Webhook subscriptions and their deliveries (``/webhooks``). Verify what they send with
    :func:`hotcrm.verify_webhook`."""

    def __init__(self, transport: Transport) -> None:
        self._http = transport

    def list(self, *, limit: Optional[int] = None, offset: Optional[int] = None) -> Dict[str, Any]:
        """``{"webhooks", "totalCount", "hasMore", "limit", "offset"}``."""
        return cast(Dict[str, Any], self._http.request("GET", "webhooks", params={"limit": limit, "offset": offset}))

    def iterate(self, *, page_size: int = 200) -> Iterator[Webhook]:
        """Every webhook the caller may see."""
        return cast(Iterator[Webhook], _offset_pages(self.list, "webhooks", page_size))

    def get(self, id: str) -> Webhook:
        return cast(Webhook, self._http.request("GET", f"webhooks/{quote(id)}"))

    def create(self, *, name: str, object: str, events: Sequence[str], url: str, secret: Optional[str] = None,
               active: Optional[bool] = None) -> Webhook:
        """Subscribes ``url`` to ``events`` (``create``, ``update``, ``delete``) of ``object``. The answer
        holds the ``secret`` (made when not given) this once."""
        body = {"name": name, "object": object, "events": list(events), "url": url, "secret": secret,
                "active": active}
        return cast(Webhook, self._http.request("POST", "webhooks", body={k: v for k, v in body.items()
                                                                          if v is not None}))

    def update(self, id: str, **changes: Any) -> Webhook:
        """Changes ``name``, ``object``, ``events``, ``url``, ``active`` or ``secret``;
        ``rotate_secret=True`` makes a new secret, returned in this answer only."""
        return cast(Webhook, self._http.request("PATCH", f"webhooks/{quote(id)}", body=camel_body(changes)))

    def delete(self, id: str) -> DeleteResult:
        return cast(DeleteResult, self._http.request("DELETE", f"webhooks/{quote(id)}"))

    def deliveries(self, id: str, *, status: Optional[str] = None, limit: Optional[int] = None,
                   offset: Optional[int] = None) -> Dict[str, Any]:
        """``{"deliveries": [...], "totalCount", "hasMore", ...}``, newest first; ``status`` is
        ``pending``, ``succeeded`` or ``failed``."""
        return cast(Dict[str, Any], self._http.request(
            "GET", f"webhooks/{quote(id)}/deliveries", params={"status": status, "limit": limit, "offset": offset}))

    def retry(self, id: str, delivery_id: str) -> WebhookDelivery:
        """Makes a delivery due again now (same ``webhook-id``); returns it."""
        return cast(WebhookDelivery, self._http.request(
            "POST", f"webhooks/{quote(id)}/deliveries/{quote(delivery_id)}/retry"))

    def test(self, id: str) -> WebhookDelivery:
        """Queues a signed ``ping`` delivery; returns it."""
        return cast(WebhookDelivery, self._http.request("POST", f"webhooks/{quote(id)}/test"))


class Knowledge:
    """``client.ai.knowledge``: questions answered from, and search over, the knowledge base."""

    def __init__(self, transport: Transport) -> None:
        self._http = transport

    def ask(self, question: str, *, category: Optional[str] = None, max_results: Optional[int] = None,
            **extra: Any) -> KnowledgeAnswer:
        """``POST /ai/knowledge/ask``: ``{"answer", "sources", "confidence"}``."""
        body = camel_body(dict(question=question, category=category, max_results=max_results, **extra))
        return cast(KnowledgeAnswer, self._http.request("POST", "ai/knowledge/ask", body=body))

    def search(self, query: str, *, category: Optional[str] = None, limit: Optional[int] = None,
               **extra: Any) -> KnowledgeSearch:
        """``POST /ai/knowledge/search``: ``{"results": [{"id", "title", "summary", "relevance", ...}]}``."""
        body = camel_body(dict(query=query, category=category, limit=limit, **extra))
        return cast(KnowledgeSearch, self._http.request("POST", "ai/knowledge/search", body=body))


class Models:
    """``client.ai.models``: the models learnt from the organisation's outcomes (``win``, ``lead``,
    ``recommend``). Admins and sales managers list them; only an admin trains one or backfills the outcome store."""

    def __init__(self, transport: Transport) -> None:
        self._http = transport

    def list(self) -> AIModels:
        """``GET /ai/models``: every stored version with its held-out metrics, and the live accuracy."""
        return cast(AIModels, self._http.request("GET", "ai/models"))

    def train(self, name: str) -> ModelTraining:
        """``POST /ai/models/{name}/train``: the new version with ``trained`` true, or ``trained`` false and the
        ``reason`` (too few outcomes)."""
        return cast(ModelTraining, self._http.request("POST", f"ai/models/{quote(name)}/train"))

    def backfill(self) -> BackfillStatus:
        """``POST /ai/models/backfill``: starts filling the outcome store from the records themselves, in the
        background (202); while one runs on that replica, its status."""
        return cast(BackfillStatus, self._http.request("POST", "ai/models/backfill"))

    def backfill_status(self) -> BackfillStatus:
        """``GET /ai/models/backfill``: ``{"state", "startedAt", "finishedAt", "stored", "error"}``."""
        return cast(BackfillStatus, self._http.request("GET", "ai/models/backfill"))


class AI:
    """``/ai/*``. Keyword arguments are the API's body fields in snake_case (``account_id`` for
    ``accountId``); any the API adds later can be passed the same way."""

    def __init__(self, transport: Transport) -> None:
        self._http = transport
        self.knowledge = Knowledge(transport)
        self.models = Models(transport)

    def _post(self, path: str, values: Mapping[str, Any]) -> Any:
        return self._http.request("POST", path, body=camel_body(values))

    def lead_score(self, lead_id: str, *, write_back: Optional[bool] = None) -> LeadScore:
        """``POST /ai/lead-score/{leadId}``; ``write_back=False`` does not store the score on the lead,
        ``True`` makes a refusal to store it the answer (403/404); ``None``: the server's default."""
        return cast(LeadScore, self._http.request("POST", f"ai/lead-score/{quote(lead_id)}",
                                                  params={"writeBack": write_back}))

    def win_prediction(self, opportunity_id: str, *, write_back: Optional[bool] = None) -> WinPrediction:
        """``POST /ai/win-prediction/{opportunityId}``; ``write_back=False`` does not store the prediction on
        the deal, ``True`` makes a refusal to store it the answer (403/404); ``None``: the server's default."""
        return cast(WinPrediction, self._http.request("POST", f"ai/win-prediction/{quote(opportunity_id)}",
                                                      params={"writeBack": write_back}))

    def briefing(self, account_id: str, *, include_opportunities: Optional[bool] = None,
                 include_cases: Optional[bool] = None, include_activities: Optional[bool] = None,
                 time_range: Optional[str] = None, **extra: Any) -> Briefing:
        """``POST /ai/briefing``; ``time_range`` like ``last_30_days``, ``last_quarter``."""
        return cast(Briefing, self._post("ai/briefing", dict(
            account_id=account_id, include_opportunities=include_opportunities, include_cases=include_cases,
            include_activities=include_activities, time_range=time_range, **extra)))

    def transcribe(self, *, transcript: Optional[str] = None, audio_url: Optional[str] = None,
                   language: Optional[str] = None, speakers: Optional[int] = None, **extra: Any) -> Transcription:
        """``POST /ai/transcribe`` of a call's ``transcript`` (``[00:15] Sarah: ...`` lines) or ``audio_url``."""
        return cast(Transcription, self._post("ai/transcribe", dict(
            transcript=transcript, audio_url=audio_url, language=language, speakers=speakers, **extra)))

    def case_categorize(self, subject: str, description: Optional[str] = None, **extra: Any) -> CaseCategorization:
        """``POST /ai/case-categorize``: suggested type, priority and agent, and why."""
        return cast(CaseCategorization, self._post("ai/case-categorize",
                                                   dict(subject=subject, description=description, **extra)))

    def product_recommend(self, account_id: str, *, budget: Optional[float] = None,
                          existing_products: Optional[Sequence[str]] = None, industry: Optional[str] = None,
                          **extra: Any) -> ProductRecommendation:
        """``POST /ai/product-recommend``: a ``bundle`` within ``budget`` and ``crossSell``."""
        return cast(ProductRecommendation, self._post("ai/product-recommend", dict(
            account_id=account_id, budget=budget,
            existing_products=None if existing_products is None else list(existing_products),
            industry=industry, **extra)))


class ApiTokens:
    """The caller's API tokens (``/auth/api-tokens``)."""

    def __init__(self, transport: Transport) -> None:
        self._http = transport

    def create(self, name: str, *, tier: Optional[str] = None, expires_at: Optional[str] = None) -> ApiToken:
        """A new API token; its secret ``token`` is in this answer only."""
        return cast(ApiToken, self._http.request("POST", "auth/api-tokens",
                                                 body=camel_body(dict(name=name, tier=tier, expires_at=expires_at))))

    def list(self, *, all: bool = False) -> Any:
        """The caller's live API tokens (an admin's ``all=True``: everyone's)."""
        return self._http.request("GET", "auth/api-tokens", params={"all": True if all else None})

    def revoke(self, id: str) -> None:
        """Revokes a token; the gateway refuses it within a minute."""
        self._http.request("DELETE", f"auth/api-tokens/{quote(id)}")


class Users:
    """Users of the organisation (``/users``, admins; anyone for ``get("me")``)."""

    def __init__(self, transport: Transport) -> None:
        self._http = transport

    def list(self, **params: Any) -> Any:
        return self._http.request("GET", "users", params=params)

    def get(self, id: str = "me") -> Dict[str, Any]:
        return cast(Dict[str, Any], self._http.request("GET", f"users/{quote(id)}"))

    def create(self, data: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> Dict[str, Any]:
        """``create(Name=..., Email=..., Password=..., Role="sales_rep")``."""
        return cast(Dict[str, Any], self._http.request("POST", "users", body=_merge(data, fields)))

    def update(self, id: str, data: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> Dict[str, Any]:
        return cast(Dict[str, Any], self._http.request("PATCH", f"users/{quote(id)}", body=_merge(data, fields)))



class Changes:
    """The change feed (``GET /changes``): every create, update and delete of the objects followed, in commit order,
    after a cursor. Start at :meth:`head` (a cursor at the head) or with no cursor (the oldest change kept, 7 days by
    default); keep the ``cursor`` of the last change handled and go on from it::

        cursor = client.changes.head(["Account", "Contact"])
        ...
        for change in client.changes.since(cursor, ["Account", "Contact"]):
            handle(change)
            cursor = change["cursor"]

    A cursor older than the server keeps changes raises :class:`HotCRMError` with code ``CURSOR_EXPIRED`` (410):
    read the records again, then follow from :meth:`head`.
    """

    def __init__(self, transport: Transport) -> None:
        self._http = transport

    def page(self, objects: Sequence[str], since: Optional[str] = None, limit: Optional[int] = None) -> ChangePage:
        """One page after ``since`` (a change's or a page's cursor, ``"now"``, or ``None`` for the oldest kept)."""
        params = {"object": ",".join(objects), "since": since, "limit": limit}
        return cast(ChangePage, self._http.request("GET", "changes", params=params))

    def head(self, objects: Sequence[str]) -> str:
        """A cursor at the feed's head: the changes made from now on follow it."""
        return self.page(objects, since="now")["nextCursor"]

    def since(self, since: Optional[str], objects: Sequence[str], *, page_size: Optional[int] = None) -> Iterator[Change]:
        """Every change after ``since`` up to the feed's head when the last page is read, fetched as the iteration
        reaches it. Iterate again from the last change's cursor for more."""
        cursor = since
        while True:
            page = self.page(objects, since=cursor, limit=page_size)
            yield from page["changes"]
            cursor = page["nextCursor"]
            if not page["hasMore"]:
                return
