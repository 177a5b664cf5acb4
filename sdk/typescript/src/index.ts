export { HotCRMClient, Batch, DEFAULT_BASE_URL, type ClientOptions } from './client.js';
export { HotCRMError, type ErrorCode, type ErrorDetail } from './errors.js';
export type { RetryOptions } from './http.js';
export { ApiTokens, type CreateApiTokenRequest, type LoginCredentials, type SessionTokens } from './auth.js';
export { Records, BatchRecords, objectPath, type QueryFunction } from './records.js';
export { AI, Knowledge, Models } from './ai.js';
export { Metadata } from './metadata.js';
export { Webhooks } from './webhooks.js';
export { Changes } from './changes.js';
export {
  verifyWebhook, parseWebhook, signWebhook, WebhookVerificationError, type VerifyOptions, type WebhookHeaders,
} from './webhook-signature.js';
export type * from './types.js';
