import { AI } from './ai.js';
import { ApiKeyAuth, ApiTokens, SessionAuth, type SessionTokens } from './auth.js';
import { Changes } from './changes.js';
import { DEFAULT_RETRY, Transport, type RetryOptions } from './http.js';
import { Metadata } from './metadata.js';
import { BatchRecords, Records, queryFunction, type QueryFunction } from './records.js';
import type {
  Account, AccountFields, Activity, ActivityFields, Case, CaseFields, Contact, ContactFields, CrmRecord,
  KnowledgeArticle, KnowledgeArticleFields, Lead, LeadFields, Opportunity, OpportunityFields, OpportunityLineItem,
  OpportunityLineItemFields, Product, ProductFields,
} from './types.js';
import { Webhooks } from './webhooks.js';

export const DEFAULT_BASE_URL = 'https://api.hotcrm.com/v1';

export interface ClientOptions {
  /** The API's base URL including `/v1` (default `https://api.hotcrm.com/v1`). */
  baseUrl?: string;
  /** An API token (`hcrm_...`, from `POST /auth/api-tokens`) or any access token, sent as is. */
  apiKey?: string;
  /** Sign in with these (on the first request); the client refreshes the access token by itself. */
  email?: string;
  password?: string;
  /** Tokens of an earlier login to continue with (e.g. saved from `onTokens`). */
  session?: SessionTokens;
  /** Called with the new tokens after every sign-in and refresh (to store them). */
  onTokens?: (tokens: SessionTokens) => void;
  /** Retries of 429 and 503 answers (default 3, honouring `Retry-After`); `false` for none. */
  retry?: RetryOptions | false;
  /** How long one attempt may take (default 60 s). */
  timeoutMs?: number;
  /** Another fetch (default the platform's `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/** The batch endpoints of each standard object, and `object(name)` for any other. */
export class Batch {
  readonly accounts: BatchRecords<AccountFields>;
  readonly contacts: BatchRecords<ContactFields>;
  readonly leads: BatchRecords<LeadFields>;
  readonly opportunities: BatchRecords<OpportunityFields>;
  readonly opportunityLineItems: BatchRecords<OpportunityLineItemFields>;
  readonly products: BatchRecords<ProductFields>;
  readonly cases: BatchRecords<CaseFields>;
  readonly activities: BatchRecords<ActivityFields>;
  readonly knowledgeArticles: BatchRecords<KnowledgeArticleFields>;

  constructor(private readonly http: Transport) {
    this.accounts = new BatchRecords(http, 'accounts');
    this.contacts = new BatchRecords(http, 'contacts');
    this.leads = new BatchRecords(http, 'leads');
    this.opportunities = new BatchRecords(http, 'opportunities');
    this.opportunityLineItems = new BatchRecords(http, 'opportunitylineitems');
    this.products = new BatchRecords(http, 'products');
    this.cases = new BatchRecords(http, 'cases');
    this.activities = new BatchRecords(http, 'activities');
    this.knowledgeArticles = new BatchRecords(http, 'knowledgearticles');
  }

  /** Any object by API name or path: `batch.object('Project__c')`. */
  object<F = object>(name: string): BatchRecords<F> {
    return new BatchRecords<F>(this.http, name);
  }
}

/**
 * The HotCRM API client. Authenticate with an API token (`apiKey`), or with `email` and `password`
 * (signed in on the first request, or at once with `HotCRMClient.login`).
 */
export class HotCRMClient {
  readonly accounts: Records<Account, AccountFields>;
  readonly contacts: Records<Contact, ContactFields>;
  readonly leads: Records<Lead, LeadFields>;
  readonly opportunities: Records<Opportunity, OpportunityFields>;
  readonly opportunityLineItems: Records<OpportunityLineItem, OpportunityLineItemFields>;
  readonly products: Records<Product, ProductFields>;
  readonly cases: Records<Case, CaseFields>;
  readonly activities: Records<Activity, ActivityFields>;
  readonly knowledgeArticles: Records<KnowledgeArticle, KnowledgeArticleFields>;
  readonly batch: Batch;
  /** `POST /query`: `client.query({ object, fields, filters, sort, related })`, `client.query.iterate(...)`. */
  readonly query: QueryFunction;
  readonly ai: AI;
  readonly metadata: Metadata;
  readonly webhooks: Webhooks;
  readonly apiTokens: ApiTokens;
  /** `GET /changes`: `client.changes.head([...])`, `client.changes.since(cursor, [...])`. */
  readonly changes: Changes;

  private readonly http: Transport;
  private readonly session: SessionAuth | undefined;

  constructor(options: ClientOptions) {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw new TypeError('No fetch: use Node 18+ or a browser, or pass options.fetch');
    }
    this.http = new Transport({
      baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
      retry: options.retry === false ? { ...DEFAULT_RETRY, maxRetries: 0 } : { ...DEFAULT_RETRY, ...options.retry },
      timeoutMs: options.timeoutMs ?? 60_000,
      fetch: (input, init) => fetchImpl(input, init),
      headers: options.headers ?? {},
    });
    if (options.apiKey !== undefined) {
      this.http.authenticator = new ApiKeyAuth(options.apiKey);
    } else if ((options.email !== undefined && options.password !== undefined) || options.session) {
      const credentials = options.email !== undefined && options.password !== undefined
        ? { email: options.email, password: options.password } : undefined;
      this.session = new SessionAuth(this.http, credentials, options.session, options.onTokens);
      this.http.authenticator = this.session;
    } else {
      throw new TypeError('HotCRMClient needs apiKey, or email and password, or session');
    }

    this.accounts = this.object('accounts');
    this.contacts = this.object('contacts');
    this.leads = this.object('leads');
    this.opportunities = this.object('opportunities');
    this.opportunityLineItems = this.object('opportunitylineitems');
    this.products = this.object('products');
    this.cases = this.object('cases');
    this.activities = this.object('activities');
    this.knowledgeArticles = this.object('knowledgearticles');
    this.batch = new Batch(this.http);
    this.query = queryFunction(this.http);
    this.ai = new AI(this.http);
    this.metadata = new Metadata(this.http);
    this.webhooks = new Webhooks(this.http);
    this.apiTokens = new ApiTokens(this.http);
    this.changes = new Changes(this.http);
  }

  /** Signs in now (so wrong credentials fail here) and returns a client that refreshes its token by itself. */
  static async login(options: ClientOptions & { email: string; password: string }): Promise<HotCRMClient> {
    const client = new HotCRMClient({ ...options, apiKey: undefined, session: undefined });
    await client.session!.login();
    return client;
  }

  /** Any object by API name or path: `client.object<Project>('Project__c')`, `client.object('accounts')`. */
  object<T extends CrmRecord = CrmRecord, F = object>(name: string): Records<T, F> {
    return new Records<T, F>(this.http, name);
  }

  /** The login's current tokens (undefined with an `apiKey`, or before the first sign-in). */
  get tokens(): SessionTokens | undefined {
    return this.session?.current;
  }

  /** Replaces the login's tokens, e.g. with ones saved from an earlier session. */
  setTokens(tokens: SessionTokens): void {
    if (!this.session) {
      throw new TypeError('A client with an apiKey has no session tokens');
    }
    this.session.current = tokens;
  }

  /** Ends the login on the server (`POST /auth/logout`); a later request signs in again if it can. */
  async logout(): Promise<void> {
    await this.session?.logout();
  }
}
