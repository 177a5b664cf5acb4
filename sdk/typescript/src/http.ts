import { HotCRMError } from './errors.js';

/** How 429 and 503 answers are retried. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 never retries). */
  maxRetries?: number;
  /** First backoff when the answer has no `Retry-After` (default 500 ms, doubling, with jitter). */
  baseDelayMs?: number;
  /**
   * The longest wait the client accepts (default 60 s). A `Retry-After` asking for more is not waited
   * for: the call fails at once with the error, whose `retryAfterMs` says how long the server wants.
   */
  maxDelayMs?: number;
  /** Statuses that are retried (default 429 and 503: the request was not carried out). */
  statuses?: readonly number[];
}

/** Supplies the bearer token of each request, and renews it after a 401. */
export interface Authenticator {
  token(): Promise<string>;
  /** Called once per request after a 401 for `used`; true when a new token is ready to retry with. */
  renew(used: string): Promise<boolean>;
}

export interface TransportOptions {
  baseUrl: string;
  retry: Required<RetryOptions>;
  timeoutMs: number;
  fetch: typeof fetch;
  headers: Record<string, string>;
}

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** false for the calls that need no token (login, refresh). */
  authenticated?: boolean;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  statuses: [429, 503],
};

/** Sends requests to the API: JSON in and out, the bearer token, retries, and errors as HotCRMError. */
/**
 * Whether a call changes something, and so goes under an `Idempotency-Key`: every method but GET, except the reads sent
 * as POST for their body (`/query`, `/{object}/groupby`), which are safe to repeat as they are.
 */
export function isWrite(method: string, path: string): boolean {
  return method !== 'GET' && !(method === 'POST' && (path === '/query' || path.endsWith('/groupby')));
}

export class Transport {
  authenticator: Authenticator | undefined;

  constructor(readonly options: TransportOptions) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const authenticator = options.authenticated === false ? undefined : this.authenticator;
    const { retry } = this.options;
    // one key for every attempt of a write: the gateway runs it once, and a retry gets its first answer
    const idempotencyKey = isWrite(method, path) ? globalThis.crypto.randomUUID() : undefined;
    let renewed = false;
    for (let retries = 0; ;) {
      const token = authenticator ? await authenticator.token() : undefined;
      let answer;
      try {
        answer = await this.send(method, url, body, token, idempotencyKey);
      } catch (error) {
        // no answer: a read, or a write under its key, is safe to send again
        const noAnswer = error instanceof HotCRMError && (error.code === 'TIMEOUT' || error.code === 'NETWORK_ERROR');
        if (noAnswer && retries < retry.maxRetries) {
          await sleep(backoff(retry.baseDelayMs, retries));
          retries++;
          continue;
        }
        throw error;
      }
      if (answer.status === 401 && authenticator && token !== undefined && !renewed) {
        renewed = true;
        if (await authenticator.renew(token)) {
          continue;
        }
      }
      if (answer.ok) {
        return answer.body as T;
      }
      const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'));
      const error = HotCRMError.fromResponse(answer.status, answer.body, answer.requestId, retryAfterMs);
      // 409 IDEMPOTENCY_ERROR: this call's first attempt is still running; the next one gets its answer
      const running = answer.status === 409 && error.code === 'IDEMPOTENCY_ERROR';
      if (retries < retry.maxRetries && (retry.statuses.includes(answer.status) || running)) {
        const delay = retryAfterMs ?? backoff(retry.baseDelayMs, retries);
        if (delay <= retry.maxDelayMs) {
          retries++;
          await sleep(delay);
          continue;
        }
      }
      throw error;
    }
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    const url = this.options.baseUrl + path;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    return search ? `${url}?${search}` : url;
  }

  private async send(method: string, url: string, body: string | undefined, token: string | undefined,
    idempotencyKey: string | undefined) {
    const headers: Record<string, string> = { Accept: 'application/json', ...this.options.headers };
    if (idempotencyKey !== undefined) {
      headers['Idempotency-Key'] = idempotencyKey;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (token !== undefined) {
      headers['Authorization'] = `Bearer ${token}`;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.options.timeoutMs);
    try {
      const response = await this.options.fetch(url, { method, headers, body, signal: abort.signal });
      const text = await response.text();
      const requestId = response.headers.get('x-request-id') ?? undefined;
      return { status: response.status, ok: response.ok, headers: response.headers, requestId, body: parse(text, response, requestId) };
    } catch (cause) {
      if (cause instanceof HotCRMError) {
        throw cause;
      }
      if (abort.signal.aborted) {
        throw new HotCRMError(`No answer from ${method} ${url} within ${this.options.timeoutMs} ms`,
          { code: 'TIMEOUT', status: 0, cause });
      }
      throw new HotCRMError(`${method} ${url} failed: ${(cause as Error)?.message ?? cause}`,
        { code: 'NETWORK_ERROR', status: 0, cause });
    } finally {
      clearTimeout(timer);
    }
  }
}

function parse(text: string, response: Response, requestId: string | undefined): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (!response.ok) {
      return text; // an error page; the status decides the code
    }
    throw new HotCRMError(`The answer (${response.status}) is not JSON`, { code: 'SERVER_ERROR', status: response.status, requestId, cause });
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoff(baseMs: number, retries: number): number {
  const ceiling = baseMs * 2 ** retries;
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Drops undefined members, so optional parameters left out are not sent as nulls. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
