"""Shapes of what the API answers, as typing-only ``TypedDict`` s: at run time every answer is a plain
``dict`` (or ``list``) decoded from JSON, with the API's own (camelCase / PascalCase) names.

Records of the standard objects have a TypedDict each (the most used fields; every key is optional,
because ``fields=`` selects and custom fields add more); any other object's records are ``Record``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, TypedDict, Union

Record = Dict[str, Any]
"""A record of any object: field API names to values."""

Filter = List[Any]
"""One filter: ``[field, op, value]``, ``[field, "is null"]`` or ``[field, "this_quarter"]``."""

Filters = Union[List[Filter], Dict[str, Any]]
"""AND-ed filters, or the object form ``{"Amount": {"$gt": 1000}}``."""


class _System(TypedDict, total=False):
    Id: str
    OwnerId: str
    CreatedDate: str
    ModifiedDate: str
    CreatedById: str
    ModifiedById: str


class Account(_System, total=False):
    Name: str
    AccountNumber: str
    Industry: str
    Type: str
    AnnualRevenue: float
    NumberOfEmployees: int
    Phone: str
    Website: str
    BillingCity: str
    BillingCountry: str
    Status: str
    Rating: str
    ParentId: str
    Description: str


class Contact(_System, total=False):
    FirstName: str
    LastName: str
    Email: str
    Phone: str
    Title: str
    AccountId: str
    LeadSource: str
    Description: str


class Lead(_System, total=False):
    FirstName: str
    LastName: str
    Company: str
    Title: str
    Email: str
    Phone: str
    Status: str
    Source: str
    Industry: str
    AnnualRevenue: float
    NumberOfEmployees: int
    LeadScore: int
    Description: str


class Opportunity(_System, total=False):
    Name: str
    AccountId: str
    ContactId: str
    Amount: float
    Stage: str
    Probability: float
    CloseDate: str
    IsClosed: bool
    IsWon: bool
    Type: str
    NextStep: str
    Competitor: str
    Description: str
    AIWinProbability: float
    AIRiskFactors: str
    AINextStepSuggestion: str
    AICompetitiveIntel: str


class Case(_System, total=False):
    Subject: str
    Description: str
    Type: str
    Priority: str
    Status: str
    Origin: str
    AccountId: str
    ContactId: str
    AssignedToId: str
    ClosedDate: str
    SatisfactionScore: int
    IsEscalated: bool


class Product(_System, total=False):
    Name: str
    ProductCode: str
    Family: str
    Price: float
    IsActive: bool
    Description: str


class Activity(_System, total=False):
    Subject: str
    Type: str
    Status: str
    Priority: str
    ActivityDate: str
    DurationMinutes: int
    WhatId: str
    WhoId: str
    Sentiment: str
    Description: str


class KnowledgeArticle(_System, total=False):
    Title: str
    Summary: str
    Body: str
    Category: str
    IsPublished: bool
    Keywords: str


class OpportunityLineItem(_System, total=False):
    OpportunityId: str
    ProductId: str
    Quantity: float
    UnitPrice: float
    TotalPrice: float
    Description: str


class ListPage(TypedDict, total=False):
    """A page of a list or ``/query``: ``nextCursor`` is there when ``hasMore``."""

    records: List[Record]
    totalCount: int
    hasMore: bool
    limit: int
    offset: int
    nextCursor: str
    totalCountExact: bool


class Change(TypedDict):
    """One change of the change feed. ``record`` is ``None`` for a delete (a tombstone); keep ``cursor`` to go on."""

    cursor: str
    type: str
    object: str
    recordId: str
    occurredAt: str
    changedFields: List[str]
    record: Optional[Record]


class ChangePage(TypedDict):
    """A page of the change feed; it may hold fewer changes than asked and still have more."""

    changes: List[Change]
    nextCursor: str
    hasMore: bool


class DeleteResult(TypedDict):
    success: bool
    message: str


class ErrorBody(TypedDict, total=False):
    code: str
    message: str
    details: List[Dict[str, Any]]


class BatchItemResult(TypedDict, total=False):
    Id: str
    success: bool
    error: ErrorBody


class BatchResult(TypedDict):
    results: List[BatchItemResult]
    successCount: int
    errorCount: int


class CountResult(TypedDict):
    count: int


class SumResult(TypedDict):
    sum: float
    count: int


class AvgResult(TypedDict):
    average: Optional[float]
    count: int


class GroupByResult(TypedDict):
    groups: List[Dict[str, Any]]


class TokenPair(TypedDict):
    token: str
    expiresIn: int
    refreshToken: str


class ApiToken(TypedDict, total=False):
    id: str
    userId: str
    name: str
    prefix: str
    tier: str
    createdAt: str
    expiresAt: Optional[str]
    lastUsedAt: Optional[str]
    token: str  # only in the answer that created it


class Webhook(TypedDict, total=False):
    id: str
    name: str
    object: str
    events: List[str]
    url: str
    active: bool
    disabledReason: Optional[str]
    disabledAt: Optional[str]
    ownerId: str
    createdAt: str
    updatedAt: str
    secret: str  # only when created or rotated


class WebhookDelivery(TypedDict, total=False):
    id: str
    webhookId: str
    eventId: str
    type: str
    object: str
    recordId: Optional[str]
    status: str
    attempts: int
    lastResponseCode: Optional[int]
    lastLatencyMs: Optional[int]
    lastError: Optional[str]
    lastAttemptAt: Optional[str]
    nextAttemptAt: Optional[str]
    createdAt: str
    completedAt: Optional[str]
    attemptHistory: List[Dict[str, Any]]


class PredictionFactor(TypedDict):
    """One of the strongest reasons a learnt model gave its answer: the feature, its value (a number, a text, or
    ``None`` when it is not told), and its effect in log-odds (positive raises the chance)."""

    feature: str
    value: Union[float, int, str, None]
    impact: float


class LeadScore(TypedDict, total=False):
    leadId: str
    score: int
    summary: str
    recommendedAction: str
    factors: Dict[str, int]  # the rules' three parts: completeness, companyQuality, engagement
    topPositiveFactors: List[PredictionFactor]
    topNegativeFactors: List[PredictionFactor]
    model: str
    modelVersion: Optional[int]  # None while the rules answer
    engine: str
    writtenBack: bool  # stored on the lead's LeadScore


class WinPrediction(TypedDict, total=False):
    opportunityId: str
    winProbability: int
    riskFactors: List[str]
    nextStepSuggestion: str
    competitiveIntel: str
    confidence: int
    topPositiveFactors: List[PredictionFactor]
    topNegativeFactors: List[PredictionFactor]
    model: str
    modelVersion: Optional[int]  # None before the first win model is trained
    engine: str
    writtenBack: bool  # stored on the deal's AI fields


class ModelMetrics(TypedDict, total=False):
    """Held-out metrics of a model version, or of its baseline (which also has its ``name``); the keys depend on
    the model (``recommend`` has ``hitRateAt5``), so any other is read as from a ``Dict[str, Any]``."""

    rows: int
    trainRows: int
    heldOut: bool
    auc: float
    accuracy: float
    brier: float
    calibration: List[Dict[str, Any]]  # bands: {band, rows, predicted, observed}
    name: str


class LiveAccuracy(TypedDict, total=False):
    """Predictions whose outcome is known: how many, AUC, accuracy at one half, Brier (none while 0)."""

    resolved: int
    auc: float
    accuracy: float
    brier: float


class MonthAccuracy(LiveAccuracy, total=False):
    month: str  # 2026-03


class ModelAccuracy(LiveAccuracy, total=False):
    """A model's resolved predictions, whichever version made them, and per month."""

    byMonth: List[MonthAccuracy]


class AIModel(TypedDict, total=False):
    """One stored version of a model (``win``, ``lead``, ``recommend``)."""

    name: str
    version: int
    current: bool  # the newest version of its name (in the list)
    trainedAt: str
    rows: int
    metrics: ModelMetrics
    baseline: ModelMetrics
    live: LiveAccuracy  # win and lead


class AIModels(TypedDict, total=False):
    """``GET /ai/models``: every stored version (newest first per name), and the live accuracy per model
    (``accuracy["win"]``, ``accuracy["lead"]``)."""

    models: List[AIModel]
    accuracy: Dict[str, ModelAccuracy]


class ModelTraining(AIModel, total=False):
    """``POST /ai/models/{name}/train``: the new version with ``trained`` true, or ``trained`` false and the
    ``reason`` (with only the ``name``)."""

    trained: bool
    reason: str


class BackfillStatus(TypedDict, total=False):
    """The outcome store's backfill on the replica that got the request."""

    state: str  # running, done, failed, never run
    startedAt: str
    finishedAt: Optional[str]
    stored: Dict[str, int]  # records per object (Account, Opportunity...), pages, skipped
    error: str


class Briefing(TypedDict, total=False):
    summary: str
    keyInsights: List[str]
    recommendedActions: List[str]
    riskFactors: List[str]
    engine: str


class Transcription(TypedDict, total=False):
    transcription: str
    summary: str
    actionItems: List[str]
    sentiment: str
    duration: int
    speakers: List[Dict[str, Any]]
    engine: str


class KnowledgeAnswer(TypedDict, total=False):
    answer: str
    sources: List[Dict[str, Any]]
    confidence: int
    engine: str


class KnowledgeSearch(TypedDict, total=False):
    results: List[Dict[str, Any]]
    engine: str


class CaseCategorization(TypedDict, total=False):
    suggestedType: str
    suggestedPriority: str
    suggestedAgent: Optional[str]
    routingReason: str
    confidence: int
    model: str
    engine: str


class ProductRecommendation(TypedDict, total=False):
    bundle: List[Dict[str, Any]]
    totalPrice: float
    crossSell: List[Dict[str, Any]]
    engine: str
