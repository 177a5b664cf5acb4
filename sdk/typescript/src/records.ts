import { compact, type QueryValue, type Transport } from './http.js';
import type {
  AvgResponse, BatchOptions, BatchResponse, CrmRecord, DeleteResponse, Fields, Filter, GroupByRequest,
  GroupByResponse, IterateParams, ListParams, ListResponse, QueryRequest, RecordInput, Sort, SumResponse,
} from './types.js';

/** URL path segments of the standard objects, by API name. */
const STANDARD_PATHS: Record<string, string> = {
  Account: 'accounts',
  Contact: 'contacts',
  Lead: 'leads',
  Opportunity: 'opportunities',
  OpportunityLineItem: 'opportunitylineitems',
  Product: 'products',
  Case: 'cases',
  Activity: 'activities',
  KnowledgeArticle: 'knowledgearticles',
};

/** An object's path segment: `'Opportunity'` → `opportunities`, `'Project__c'` → `project__c`; paths stay. */
export function objectPath(name: string): string {
  return STANDARD_PATHS[name] ?? name.toLowerCase();
}

/** CRUD, lists and aggregations of one object: `client.accounts`, `client.object('Project__c')`. */
export class Records<T extends CrmRecord = CrmRecord, F = object> {
  /** The URL path segment, e.g. `accounts`. */
  readonly path: string;

  constructor(private readonly http: Transport, object: string) {
    this.path = objectPath(object);
  }

  /** One page: `GET /{object}`. Follow `nextCursor` (or use `iterate`) for the next. */
  list(params: ListParams = {}): Promise<ListResponse<T>> {
    return this.http.request('GET', `/${this.path}`, { query: listQuery(params) });
  }

  /**
   * Every matching record, page after page (`pageSize` each, default 200), following the server's
   * `nextCursor`: each record once, even while records are added or removed meanwhile.
   */
  iterate(params: IterateParams = {}): AsyncGenerator<T, void, undefined> {
    const { pageSize = 200, ...rest } = params;
    return paginate((cursor, offset) => this.list(pageOf({ ...rest, limit: pageSize }, cursor, offset)));
  }

  get(id: string, options: { fields?: Fields } = {}): Promise<T> {
    return this.http.request('GET', this.recordPath(id), { query: { fields: fieldsParam(options.fields) } });
  }

  create(data: RecordInput<F>): Promise<T> {
    return this.http.request('POST', `/${this.path}`, { body: data });
  }

  /** Partial update (PATCH): only the fields given change. */
  update(id: string, data: RecordInput<F>): Promise<T> {
    return this.http.request('PATCH', this.recordPath(id), { body: data });
  }

  /** Full replace (PUT): fields not given become their default or null. */
  replace(id: string, data: RecordInput<F>): Promise<T> {
    return this.http.request('PUT', this.recordPath(id), { body: data });
  }

  delete(id: string): Promise<DeleteResponse> {
    return this.http.request('DELETE', this.recordPath(id));
  }

  /** How many records match. */
  async count(params: { filters?: readonly Filter[] } = {}): Promise<number> {
    const answer = await this.http.request<{ count: number }>('GET', `/${this.path}/count`,
      { query: { filters: filtersParam(params.filters) } });
    return answer.count;
  }

  /** Sum of a number, currency or percent field, and how many values went in. */
  sum(field: string, params: { filters?: readonly Filter[] } = {}): Promise<SumResponse> {
    return this.http.request('GET', `/${this.path}/sum/${encodeURIComponent(field)}`,
      { query: { filters: filtersParam(params.filters) } });
  }

  /** Average (2 decimals) of a number, currency or percent field, and how many values went in. */
  avg(field: string, params: { filters?: readonly Filter[] } = {}): Promise<AvgResponse> {
    return this.http.request('GET', `/${this.path}/avg/${encodeURIComponent(field)}`,
      { query: { filters: filtersParam(params.filters) } });
  }

  groupBy<G = Record<string, unknown>>(request: GroupByRequest): Promise<GroupByResponse<G>> {
    return this.http.request('POST', `/${this.path}/groupby`, { body: compact({ ...request }) });
  }

  private recordPath(id: string): string {
    return `/${this.path}/${encodeURIComponent(id)}`;
  }
}

/** `POST /batch/{object}` and friends: up to 200 records a call, results in input order. */
export class BatchRecords<F = object> {
  readonly path: string;

  constructor(private readonly http: Transport, object: string) {
    this.path = objectPath(object);
  }

  create(records: readonly RecordInput<F>[], options: BatchOptions = {}): Promise<BatchResponse> {
    return this.send('POST', { records, ...options });
  }

  update(updates: readonly (RecordInput<F> & { Id: string })[], options: BatchOptions = {}): Promise<BatchResponse> {
    return this.send('PATCH', { updates, ...options });
  }

  delete(ids: readonly string[], options: BatchOptions = {}): Promise<BatchResponse> {
    return this.send('DELETE', { ids, ...options });
  }

  private send(method: string, body: object): Promise<BatchResponse> {
    return this.http.request(method, `/batch/${this.path}`, { body: compact(body) });
  }
}

/** `client.query(request)` for one page; `client.query.iterate(request)` for every record. */
export interface QueryFunction {
  <T extends CrmRecord = CrmRecord>(request: QueryRequest): Promise<ListResponse<T>>;
  iterate<T extends CrmRecord = CrmRecord>(request: Omit<QueryRequest, 'cursor'> & { pageSize?: number }):
    AsyncGenerator<T, void, undefined>;
}

export function queryFunction(http: Transport): QueryFunction {
  const query = <T extends CrmRecord>(request: QueryRequest) =>
    http.request<ListResponse<T>>('POST', '/query', { body: compact({ ...request }) });
  return Object.assign(query, {
    iterate<T extends CrmRecord>(request: Omit<QueryRequest, 'cursor'> & { pageSize?: number }) {
      const { pageSize = request.limit ?? 200, ...rest } = request;
      return paginate((cursor, offset) => query<T>(pageOf({ ...rest, limit: pageSize }, cursor, offset)));
    },
  });
}

/**
 * The records of page after page: the first as asked, then each by the previous page's `nextCursor`
 * (by offset, for a server that sends no cursor), until `hasMore` is false.
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined, offset: number | undefined) => Promise<ListResponse<T>>,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  let offset: number | undefined;
  for (;;) {
    const page = await fetchPage(cursor, offset);
    yield* page.records;
    if (!page.hasMore || page.records.length === 0) {
      return;
    }
    cursor = page.nextCursor ?? undefined;
    offset = cursor ? undefined : page.offset + page.records.length;
  }
}

/** The parameters of a later page: by cursor (without offset), else by offset. */
function pageOf<P extends { offset?: number }>(params: P, cursor?: string, offset?: number): P & { cursor?: string } {
  if (cursor) {
    return { ...params, cursor, offset: undefined };
  }
  return offset === undefined ? params : { ...params, offset };
}

function listQuery(params: ListParams): Record<string, QueryValue> {
  return {
    fields: fieldsParam(params.fields),
    filters: filtersParam(params.filters),
    sort: sortParam(params.sort),
    limit: params.limit,
    offset: params.offset,
    cursor: params.cursor,
    count: params.count,
  };
}

function fieldsParam(fields: Fields | undefined): string | undefined {
  return typeof fields === 'string' || fields === undefined ? fields : fields.join(',');
}

function filtersParam(filters: readonly Filter[] | undefined): string | undefined {
  return filters === undefined ? undefined : JSON.stringify(filters);
}

/** `'-Amount'` and `['Name', '-Amount']` as `Name,-Amount`; `[['Amount', 'desc']]` as JSON. */
function sortParam(sort: Sort | undefined): string | undefined {
  if (sort === undefined || typeof sort === 'string') {
    return sort;
  }
  return sort.every((term) => typeof term === 'string') ? sort.join(',') : JSON.stringify(sort);
}
