/** One problem the API names in an error's `details`: usually a field and what is wrong with it. */
export interface ErrorDetail {
  field?: string | null;
  message: string;
  [key: string]: unknown;
}

/** The API's error codes (the reference's table plus the HTTP-level ones HotCRM adds). */
export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'DUPLICATE_ERROR'
  | 'AUTHENTICATION_ERROR'
  | 'PERMISSION_ERROR'
  | 'NOT_FOUND'
  | 'REFERENCE_ERROR'
  | 'RATE_LIMIT_ERROR'
  | 'SERVER_ERROR'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PRECONDITION_FAILED'
  /** An `Idempotency-Key` still in use by its first request (409: the client waits and retries) or reused (422). */
  | 'IDEMPOTENCY_ERROR'
  /** A change-feed cursor older than the server keeps changes (410): read the records again, follow from the head. */
  | 'CURSOR_EXPIRED'
  /** No answer came: the connection failed (status 0). */
  | 'NETWORK_ERROR'
  /** No answer came within the client's `timeoutMs` (status 0). */
  | 'TIMEOUT';

/** The code a status stands for when a response carries no error envelope (a proxy's HTML page, say). */
const CODES_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'AUTHENTICATION_ERROR',
  403: 'PERMISSION_ERROR',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'REFERENCE_ERROR',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMIT_ERROR',
};

export interface HotCRMErrorInit {
  code: ErrorCode | (string & {});
  status: number;
  details?: ErrorDetail[];
  requestId?: string | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/**
 * Every failed call rejects with a HotCRMError: `code` is the API's error code, `status` the HTTP status
 * (0 when no response came), `details` the per-field problems, `requestId` the `X-Request-Id` to quote to
 * an operator, `retryAfterMs` what a 429/503 asked to wait (when it said).
 */
export class HotCRMError extends Error {
  override readonly name = 'HotCRMError';
  readonly code: ErrorCode | (string & {});
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, init: HotCRMErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Builds the error for a failed response from its body (the `{"error": {...}}` envelope, if it is one). */
  static fromResponse(status: number, body: unknown, requestId?: string, retryAfterMs?: number): HotCRMError {
    const envelope = isObject(body) && isObject(body.error) ? body.error : undefined;
    const code = typeof envelope?.code === 'string' ? envelope.code : (CODES_BY_STATUS[status] ?? 'SERVER_ERROR');
    const message = typeof envelope?.message === 'string' ? envelope.message : `HTTP ${status}`;
    const details = Array.isArray(envelope?.details) ? (envelope.details as ErrorDetail[]) : [];
    return new HotCRMError(message, { code, status, details, requestId, retryAfterMs });
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
