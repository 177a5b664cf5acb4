// Request and response shapes of the HotCRM REST API.

/* ------------------------------------------------------------------ filters, lists, aggregations */

export type FilterOperator =
  | '=' | '!=' | '<>' | '>' | '>=' | '<' | '<='
  | 'in' | 'not in' | 'like' | 'ilike' | 'between'
  | 'is null' | 'is not null'
  | 'last_n_days' | 'next_n_days';

export type DateLiteral =
  | 'today' | 'yesterday' | 'tomorrow'
  | 'this_week' | 'last_week' | 'next_week'
  | 'this_month' | 'last_month' | 'next_month'
  | 'this_quarter' | 'last_quarter' | 'next_quarter'
  | 'this_year' | 'last_year' | 'next_year';

export type Scalar = string | number | boolean | null;
export type FilterValue = Scalar | readonly Scalar[];

/**
 * One condition: `['Industry', '=', 'Technology']`, `['Amount', 'between', [1, 10]]`, `['Email', 'is null']`,
 * `['CloseDate', 'this_quarter']`, `['CreatedDate', 'last_n_days', 7]`. Conditions in a list are AND-ed.
 */
export type Filter =
  | readonly [field: string, operator: FilterOperator | DateLiteral | (string & {}), value?: FilterValue];

/** `POST /query` also takes the object form: `{ Industry: { $in: ['Technology'] }, Name: 'Acme' }`. */
export type FilterObject = Record<string, Scalar | Partial<Record<
  '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$nin' | '$like', FilterValue>>>;

/** `'Name'`, `'-AnnualRevenue'`, `'Name,-Amount'`, `['Name', '-Amount']` or `[['Amount', 'desc']]`. */
export type Sort = string | readonly string[] | ReadonlyArray<readonly [field: string, direction: 'asc' | 'desc']>;

/** `['Name', 'Industry']` or `'Name,Industry'`; parent fields in dot notation (`'Account.Name'`). */
export type Fields = string | readonly string[];

export interface ListParams {
  fields?: Fields;
  filters?: readonly Filter[];
  sort?: Sort;
  /** Page size, 1–200 (server default 50). */
  limit?: number;
  offset?: number;
  /** A page's `nextCursor`, for the page after it (same filters and sort; not with `offset`). */
  cursor?: string;
  /** `'exact'` counts every match exactly (otherwise past 10,000 `totalCount` is an estimate). */
  count?: 'exact';
}

/** What `iterate()` takes: the list's parameters, with `pageSize` (default 200) for each request's `limit`. */
export interface IterateParams extends Omit<ListParams, 'limit' | 'cursor'> {
  pageSize?: number;
}

export interface ListResponse<T> {
  records: T[];
  totalCount: number;
  hasMore: boolean;
  limit: number;
  offset: number;
  /** Present when there are more rows: pass it back as `cursor`. */
  nextCursor?: string | null;
  /** `false` when `totalCount` is the database's estimate. */
  totalCountExact?: boolean | null;
}

/** One change of the change feed (`GET /changes`). */
export interface Change {
  /** Where this change is: keep the last one handled and go on from it with `since`. */
  cursor: string;
  type: 'create' | 'update' | 'delete';
  /** The object's API name, e.g. `Account`. */
  object: string;
  recordId: string;
  /** When the change was made (ISO 8601). */
  occurredAt: string;
  /** The fields it set or changed, as the caller may see them; empty for a delete. */
  changedFields: string[];
  /** The record after the change, as the caller may see it now; `null` for a delete (a tombstone). */
  record: CrmRecord | null;
}

/** A page of the change feed; it may hold fewer changes than asked (unreadable ones are left out) and still have more. */
export interface ChangePage {
  changes: Change[];
  /** Where the next page starts; at the feed's head when `hasMore` is false. */
  nextCursor: string;
  hasMore: boolean;
}

export interface ChangesParams {
  /** API names of the objects to follow, e.g. `['Account', 'Contact']`. */
  objects: readonly string[];
  /** A change's or a page's cursor, or `'now'`; leave out for the oldest change kept. */
  since?: string;
  /** 1 to 1000 (default 100). */
  limit?: number;
}

/** What to read of a relationship in `/query`'s `related`. */
export interface RelatedQuery {
  fields?: Fields;
  filters?: readonly Filter[] | FilterObject;
  sort?: Sort;
  limit?: number;
  related?: Record<string, RelatedQuery>;
}

export interface QueryRequest {
  /** The object's API name: `'Opportunity'`, `'Project__c'`. */
  object: string;
  fields?: Fields;
  filters?: readonly Filter[] | FilterObject;
  sort?: Sort;
  limit?: number;
  offset?: number;
  cursor?: string;
  count?: 'exact';
  related?: Record<string, RelatedQuery>;
}

export interface SumResponse { sum: number | null; count: number }
export interface AvgResponse { average: number | null; count: number }

export type AggregateFunction = 'COUNT' | 'COUNT_DISTINCT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

export interface GroupByRequest {
  /** A field, a date part (`'CloseDate.month'`, `.quarter`, `.year`, `.day`), or several. */
  groupBy: string | readonly string[];
  aggregations?: Record<string, { function: AggregateFunction; field?: string }>;
  filters?: readonly Filter[];
  /** Conditions on aggregations: `[['count', '>', 5]]`. */
  having?: readonly Filter[];
  sort?: Sort;
}

export interface GroupByResponse<G = Record<string, unknown>> { groups: G[] }

export interface DeleteResponse { success: boolean; message: string }

export interface BatchItemResult {
  Id?: string;
  success: boolean;
  error?: { code: string; message: string; details: { field?: string | null; message: string }[] };
}

export interface BatchResponse {
  results: BatchItemResult[];
  successCount: number;
  errorCount: number;
}

export interface BatchOptions {
  /** Write nothing if any record fails. */
  allOrNone?: boolean;
}

/* ------------------------------------------------------------------ records */

/** Fields every record has; the server sets them (read-only to clients). */
export interface SystemFields {
  Id: string;
  OwnerId: string | null;
  CreatedDate: string;
  ModifiedDate: string;
  CreatedById: string | null;
  ModifiedById: string | null;
}

/** Custom fields (`Tier__c`), parents in dot notation and related lists come back under their own names. */
export interface OtherFields {
  [field: string]: unknown;
}

/** A record of any object. */
export type CrmRecord = SystemFields & OtherFields;

/**
 * What a create, update or replace takes for an object with fields `F`: any of its fields (typed), plus
 * custom ones. The server checks required fields, formats and picklists.
 */
export type RecordInput<F = object> = { [K in keyof F]?: F[K] | null } & OtherFields;

export type Industry =
  | 'Technology' | 'Finance' | 'Healthcare' | 'Manufacturing' | 'Retail' | 'Education' | 'Energy' | 'Media'
  | 'Telecommunications' | 'Transportation' | 'Hospitality' | 'Government' | 'Nonprofit' | 'Other';
export type LeadSource = 'Web' | 'Referral' | 'Partner' | 'Event' | 'Cold Call' | 'Advertisement' | 'Social' | 'Other';
export type OpportunityStage =
  | 'Prospecting' | 'Qualification' | 'Needs Analysis' | 'Proposal' | 'Negotiation' | 'Closed Won' | 'Closed Lost';
export type Rating = 'Hot' | 'Warm' | 'Cold';

// Every field below may be absent (not asked for in `fields`, or hidden from your role) or null (empty).

export interface AccountFields {
  Name?: string;
  AccountNumber?: string | null;
  Industry?: Industry | null;
  Type?: 'Prospect' | 'Customer' | 'Partner' | 'Competitor' | 'Other' | null;
  AnnualRevenue?: number | null;
  NumberOfEmployees?: number | null;
  Phone?: string | null;
  Website?: string | null;
  BillingStreet?: string | null;
  BillingCity?: string | null;
  BillingState?: string | null;
  BillingPostalCode?: string | null;
  BillingCountry?: string | null;
  Status?: 'Prospect' | 'Active' | 'Active Customer' | 'Inactive' | 'Churned' | null;
  Rating?: Rating | null;
  ParentId?: string | null;
  Description?: string | null;
}

export interface ContactFields {
  FirstName?: string | null;
  LastName?: string;
  Email?: string | null;
  Phone?: string | null;
  MobilePhone?: string | null;
  Title?: string | null;
  Department?: string | null;
  AccountId?: string | null;
  LeadSource?: LeadSource | null;
  MailingCity?: string | null;
  MailingCountry?: string | null;
  /** `YYYY-MM-DD` */
  Birthdate?: string | null;
  Description?: string | null;
}

export interface LeadFields {
  FirstName?: string | null;
  LastName?: string;
  Company?: string;
  Title?: string | null;
  Email?: string | null;
  Phone?: string | null;
  Website?: string | null;
  Status?: 'New' | 'Working' | 'Nurturing' | 'Qualified' | 'Unqualified' | 'Converted';
  Source?: LeadSource | null;
  Industry?: Industry | null;
  AnnualRevenue?: number | null;
  NumberOfEmployees?: number | null;
  Rating?: Rating | null;
  City?: string | null;
  Country?: string | null;
  /** Read-only: written by the AI lead score. */
  LeadScore?: number | null;
  Description?: string | null;
}

export interface OpportunityFields {
  Name?: string;
  AccountId?: string | null;
  ContactId?: string | null;
  Amount?: number | null;
  Stage?: OpportunityStage;
  Probability?: number | null;
  /** `YYYY-MM-DD` */
  CloseDate?: string | null;
  IsClosed?: boolean;
  IsWon?: boolean;
  Type?: 'New Business' | 'Existing Business' | 'Renewal' | 'Upgrade' | null;
  LeadSource?: LeadSource | null;
  NextStep?: string | null;
  Competitor?: string | null;
  Description?: string | null;
  /** Read-only AI fields. */
  AIWinProbability?: number | null;
  AIRiskFactors?: string | null;
  AINextStepSuggestion?: string | null;
  AICompetitiveIntel?: string | null;
}

export interface ProductFields {
  Name?: string;
  ProductCode?: string | null;
  Family?: 'Software' | 'Hardware' | 'Services' | 'Training' | 'Support' | null;
  Price?: number | null;
  IsActive?: boolean;
  Description?: string | null;
}

export interface OpportunityLineItemFields {
  OpportunityId?: string;
  ProductId?: string;
  Quantity?: number;
  UnitPrice?: number | null;
  TotalPrice?: number | null;
  Description?: string | null;
}

export type CaseType = 'Problem' | 'Question' | 'Incident' | 'Feature Request';
export type CasePriority = 'Critical' | 'High' | 'Medium' | 'Low';

export interface CaseFields {
  Subject?: string;
  Description?: string | null;
  Type?: CaseType | null;
  Priority?: CasePriority | null;
  Status?: 'New' | 'Working' | 'Escalated' | 'On Hold' | 'Closed';
  Origin?: 'Email' | 'Phone' | 'Web' | 'Chat' | null;
  AccountId?: string | null;
  ContactId?: string | null;
  AssignedToId?: string | null;
  Language?: string | null;
  /** ISO-8601 date-time */
  ClosedDate?: string | null;
  /** 1–5 */
  SatisfactionScore?: number | null;
  IsEscalated?: boolean;
}

export interface ActivityFields {
  Subject?: string;
  Type?: 'Task' | 'Call' | 'Meeting' | 'Email';
  Status?: 'Not Started' | 'In Progress' | 'Completed' | 'Cancelled' | null;
  Priority?: 'High' | 'Normal' | 'Low' | null;
  /** `YYYY-MM-DD` */
  ActivityDate?: string | null;
  DurationMinutes?: number | null;
  /** An Account, Opportunity, Case or Product. */
  WhatId?: string | null;
  /** A Contact or Lead. */
  WhoId?: string | null;
  Sentiment?: 'Positive' | 'Neutral' | 'Negative' | null;
  Description?: string | null;
}

export interface KnowledgeArticleFields {
  Title?: string;
  Summary?: string | null;
  Body?: string | null;
  Category?: 'FAQ' | 'Product Guide' | 'Troubleshooting' | 'How-To' | 'Policy' | 'Release Notes' | null;
  IsPublished?: boolean;
  Keywords?: string | null;
}

export interface UserFields {
  Name?: string;
  Email?: string;
  Title?: string | null;
  Department?: string | null;
  Role?: 'admin' | 'sales_manager' | 'sales_rep' | 'support_agent' | 'read_only' | null;
  ManagerId?: string | null;
  IsActive?: boolean;
  Language?: string | null;
  Skills?: string | null;
}

export type Account = SystemFields & AccountFields & OtherFields;
export type Contact = SystemFields & ContactFields & OtherFields;
export type Lead = SystemFields & LeadFields & OtherFields;
export type Opportunity = SystemFields & OpportunityFields & OtherFields;
export type Product = SystemFields & ProductFields & OtherFields;
export type OpportunityLineItem = SystemFields & OpportunityLineItemFields & OtherFields;
export type Case = SystemFields & CaseFields & OtherFields;
export type Activity = SystemFields & ActivityFields & OtherFields;
export type KnowledgeArticle = SystemFields & KnowledgeArticleFields & OtherFields;
/** The read-only mirror of auth-service's users (reached through `/query` and lookups). */
export type User = SystemFields & UserFields & OtherFields;

/* ------------------------------------------------------------------ metadata */

export interface ObjectSummary {
  name: string;
  label: string;
  labelPlural: string;
  /** The URL path segment (`accounts`, `project__c`); null for objects without CRUD routes (User). */
  path: string | null;
  custom: boolean;
}

export interface FieldDefinition {
  name: string;
  type: string;
  label?: string;
  required?: boolean;
  length?: number | null;
  picklistValues?: string[] | null;
  referenceTo?: string[] | null;
  relationshipName?: string | null;
  readOnly?: boolean;
  [key: string]: unknown;
}

export interface Relationship {
  name: string;
  type: 'parent' | 'child';
  object: string;
  field: string;
  onDelete?: string;
}

export interface ObjectSchema {
  name: string;
  label: string;
  labelPlural: string;
  path: string | null;
  idPrefix: string;
  custom: boolean;
  readOnly: boolean;
  fields: FieldDefinition[];
  relationships: Relationship[];
  validationRules: unknown[];
}

export interface CustomObjectDefinition {
  /** Ends in `__c`. */
  name: string;
  label: string;
  labelPlural?: string;
  fields?: Array<Partial<FieldDefinition> & { name: string; type: string }>;
  [key: string]: unknown;
}

export interface ShareRequest {
  recordId: string;
  userId: string;
  access: 'read' | 'edit';
}

/* ------------------------------------------------------------------ AI */

/** Which engine wrote the answer: `builtin`, or an LLM's name when one is configured. */
interface Engine { engine?: string }

/**
 * One of the strongest reasons a learnt model gave its answer: the feature, its value (a number, a text, or null when
 * it is not told), and its effect in log-odds (positive raises the chance).
 */
export interface PredictionFactor {
  feature: string;
  value: number | string | null;
  impact: number;
}

/** Options of the lead score and the win prediction. */
export interface WriteBackOptions {
  /**
   * `false` answers without storing the result on the record; `true` makes a refusal to store it the answer
   * (403/404) instead of `writtenBack: false`; absent, the server's default (stored when the caller may edit it).
   */
  writeBack?: boolean;
}

export interface LeadScore extends Engine {
  leadId: string;
  score: number;
  summary: string;
  recommendedAction: string;
  /** The rules' three parts, each 0–100 (the score itself comes from the learnt model once there is one). */
  factors: { completeness: number; companyQuality: number; engagement: number };
  topPositiveFactors: PredictionFactor[];
  topNegativeFactors: PredictionFactor[];
  model: string;
  /** null while the rules answer (no lead model trained yet). */
  modelVersion: number | null;
  /** Whether the score was stored on the lead's `LeadScore`. */
  writtenBack: boolean;
}

export interface WinPrediction extends Engine {
  opportunityId: string;
  winProbability: number;
  riskFactors: string[];
  nextStepSuggestion: string;
  competitiveIntel: string | null;
  confidence: number;
  topPositiveFactors: PredictionFactor[];
  topNegativeFactors: PredictionFactor[];
  model?: string;
  /** null before the first win model is trained (the stage prior answers). */
  modelVersion: number | null;
  /** Whether the prediction was stored on the deal's AI fields. */
  writtenBack: boolean;
}

/** The learnt models. */
export type AIModelName = 'win' | 'lead' | 'recommend';

/**
 * Held-out metrics of a model version (or of its baseline, which also has its `name`), as stored: the keys depend
 * on the model (`recommend` has `hitRateAt5`).
 */
export interface ModelMetrics {
  rows?: number;
  trainRows?: number;
  /** false when the model was measured on rows it learnt from. */
  heldOut?: boolean;
  auc?: number;
  accuracy?: number;
  brier?: number;
  /** Bands of predicted probability: `{ band, rows, predicted, observed }`. */
  calibration?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** Predictions whose outcome is known: how many, AUC, accuracy at one half, Brier score (none while 0). */
export interface LiveAccuracy {
  resolved: number;
  auc?: number;
  accuracy?: number;
  brier?: number;
}

/** A model's resolved predictions, whichever version made them, and per month the outcomes became known. */
export interface ModelAccuracy extends LiveAccuracy {
  byMonth: Array<LiveAccuracy & { month: string }>;
}

/** One stored version of a model. */
export interface AIModel {
  name: AIModelName;
  version: number;
  /** Whether it is the newest version of its name (in `GET /ai/models`). */
  current?: boolean;
  trainedAt: string;
  rows: number;
  metrics: ModelMetrics;
  baseline: ModelMetrics;
  /** How this version's predictions did (win and lead). */
  live?: LiveAccuracy;
}

/** `GET /ai/models`: every stored version (newest first per name), and the live accuracy per model. */
export interface AIModels {
  models: AIModel[];
  accuracy: { win?: ModelAccuracy; lead?: ModelAccuracy; [name: string]: ModelAccuracy | undefined };
}

/** `POST /ai/models/{name}/train`: the new version, or why none was trained (too few outcomes). */
export type ModelTraining = (AIModel & { trained: true }) | { name: AIModelName; trained: false; reason: string };

/** The outcome store's backfill on the replica that got the request. */
export interface BackfillStatus {
  state: 'never run' | 'running' | 'done' | 'failed';
  startedAt?: string;
  finishedAt?: string | null;
  /** Records stored per object (`Account`, `Opportunity`...), `pages` read, records `skipped`. */
  stored?: Record<string, number>;
  /** Why it failed. */
  error?: string;
}

export interface BriefingRequest {
  accountId: string;
  includeOpportunities?: boolean;
  includeCases?: boolean;
  includeActivities?: boolean;
  /** `last_N_days` (default `last_30_days`), `last_week`, `last_month`, `last_quarter`, `last_year`. */
  timeRange?: string;
}

export interface Briefing extends Engine {
  summary: string;
  keyInsights: string[];
  recommendedActions: string[];
  riskFactors: string[];
}

export interface TranscribeRequest {
  /** The call's text, ideally as `[mm:ss] Name: words` lines. */
  transcript?: string;
  /** A recording; needs a speech-to-text endpoint configured on the server. */
  audioUrl?: string;
  /** ISO 639-1, e.g. `en`. */
  language?: string;
  speakers?: number;
}

export interface Transcription extends Engine {
  transcription: string;
  summary: string;
  actionItems: string[];
  sentiment: string;
  /** Seconds. */
  duration: number;
  speakers: { id: number; name: string }[];
}

export interface KnowledgeAskRequest { question: string; category?: string; maxResults?: number }
export interface KnowledgeAnswer extends Engine {
  answer: string;
  sources: { id: string; title: string; relevance: number; url: string }[];
  confidence: number;
}

export interface KnowledgeSearchRequest { query: string; category?: string; limit?: number }
export interface KnowledgeSearchResults extends Engine {
  results: { id: string; title: string; summary: string; relevance: number; category: string | null }[];
}

export interface CaseCategorizeRequest { subject: string; description?: string }
export interface CaseCategorization extends Engine {
  suggestedType: CaseType;
  suggestedPriority: CasePriority;
  suggestedAgent: string | null;
  routingReason: string;
  confidence: number;
  model?: string;
}

export interface ProductRecommendRequest {
  accountId: string;
  budget?: number;
  existingProducts?: string[];
  industry?: string;
}
export interface RecommendedProduct { productId: string; name: string; reason: string; price: number }
export interface ProductRecommendations extends Engine {
  bundle: RecommendedProduct[];
  totalPrice: number;
  crossSell: RecommendedProduct[];
}

/* ------------------------------------------------------------------ webhooks */

export type WebhookEventType = 'create' | 'update' | 'delete';

export interface WebhookCreateRequest {
  name: string;
  /** An API name: `'Opportunity'`, `'Project__c'`. */
  object: string;
  events: WebhookEventType[];
  /** https (plain http only for hosts the operator allows). */
  url: string;
  /** Without one the server makes a `whsec_...` secret and returns it once. */
  secret?: string;
  active?: boolean;
}

export interface WebhookUpdateRequest extends Partial<WebhookCreateRequest> {
  /** Make a new secret (returned in this answer only); the old one keeps signing for 24 hours. */
  rotateSecret?: boolean;
}

export interface Webhook {
  id: string;
  name: string;
  object: string;
  events: WebhookEventType[];
  url: string;
  active: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  /** Only in the answer that created or rotated it. */
  secret?: string;
}

export interface WebhookAttempt {
  attempt: number;
  attemptedAt: string;
  responseCode: number | null;
  latencyMs: number | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  type: WebhookEventType | 'ping';
  object: string;
  recordId: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  lastResponseCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  completedAt: string | null;
  attemptHistory: WebhookAttempt[];
}

export interface PageParams { limit?: number; offset?: number }

export interface WebhookList {
  webhooks: Webhook[];
  totalCount: number;
  hasMore: boolean;
  limit: number;
  offset: number;
}

export interface DeliveryList {
  deliveries: WebhookDelivery[];
  totalCount: number;
  hasMore: boolean;
  limit: number;
  offset: number;
}

/** The JSON body a subscriber receives. */
export interface WebhookEvent<R = CrmRecord> {
  /** The change event's id (the `webhook-id` header): the same on every retry, so deduplicate on it. */
  id: string;
  type: WebhookEventType | 'ping';
  object: string;
  recordId?: string;
  occurredAt: string;
  data: R;
  changed?: string[];
  actorId?: string;
}

/* ------------------------------------------------------------------ auth */

export interface TokenResponse {
  token: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken: string;
}

export type RateLimitTier = 'Standard' | 'Premium' | 'Enterprise';

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  tier: RateLimitTier;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** The answer to creating an API token: the only time `token` (the secret) is shown. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}
