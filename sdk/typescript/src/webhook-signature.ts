import type { WebhookEvent } from './types.js';

/** A `Headers` object, or a plain one such as Node's `req.headers` (any case; arrays take their first value). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far `webhook-timestamp` may be from now, in seconds (default 300; `Infinity` to skip the check). */
  toleranceSeconds?: number;
  /** The time to check against (default now). */
  now?: Date | number;
}

/** Why a webhook request was refused by {@link parseWebhook}. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

/**
 * Whether a webhook request is genuine: one of its `webhook-signature` entries (`v1,<base64>`, space
 * separated during a secret rotation) is the HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` under
 * `secret`, and its timestamp is recent. `body` must be the raw body as received, not re-serialized JSON.
 * A `whsec_` secret's key is its base64-decoded rest; any other secret is used as its UTF-8 bytes.
 */
export async function verifyWebhook(secret: string, headers: WebhookHeaders, body: string | Uint8Array,
  options: VerifyOptions = {}): Promise<boolean> {
  return (await problem(secret, headers, body, options)) === undefined;
}

/** Verifies as {@link verifyWebhook} does and returns the parsed event, or throws WebhookVerificationError. */
export async function parseWebhook<R = Record<string, unknown>>(secret: string, headers: WebhookHeaders,
  body: string | Uint8Array, options: VerifyOptions = {}): Promise<WebhookEvent<R>> {
  const refused = await problem(secret, headers, body, options);
  if (refused !== undefined) {
    throw new WebhookVerificationError(refused);
  }
  return JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body)) as WebhookEvent<R>;
}

/** The Standard Webhooks signature (`v1,<base64>`) of a message, as HotCRM sends it. */
export async function signWebhook(secret: string, id: string, timestampSeconds: number,
  body: string | Uint8Array): Promise<string> {
  const encoder = new TextEncoder();
  const payload = concat(encoder.encode(`${id}.${timestampSeconds}.`),
    typeof body === 'string' ? encoder.encode(body) : body);
  const subtle = await webCrypto();
  const key = await subtle.importKey('raw', signingKey(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `v1,${toBase64(new Uint8Array(await subtle.sign('HMAC', key, payload)))}`;
}

async function problem(secret: string, headers: WebhookHeaders, body: string | Uint8Array,
  options: VerifyOptions): Promise<string | undefined> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    return 'Missing webhook-id, webhook-timestamp or webhook-signature header';
  }
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(seconds)) {
    return 'webhook-timestamp is not a number of seconds';
  }
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(now / 1000 - seconds) > tolerance) {
    return 'webhook-timestamp is too far from now';
  }
  const expected = await signWebhook(secret, id, seconds, body);
  const matches = signatures.split(' ').some((candidate) => constantTimeEqual(candidate, expected));
  return matches ? undefined : 'No signature matches';
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === name) {
      return Array.isArray(value) ? value[0] : value;
    }
  }
  return undefined;
}

function signingKey(secret: string): Uint8Array<ArrayBuffer> {
  if (secret.startsWith('whsec_')) {
    return Uint8Array.from(atob(secret.slice('whsec_'.length)), (c) => c.charCodeAt(0));
  }
  return new Uint8Array(new TextEncoder().encode(secret));
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) {
    return false;
  }
  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  }
  return difference === 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/** WebCrypto: global in browsers and Node 19+; `node:crypto`'s on Node 18. */
async function webCrypto(): Promise<SubtleCrypto> {
  if (globalThis.crypto?.subtle) {
    return globalThis.crypto.subtle;
  }
  const nodeCrypto = 'node:crypto'; // not a literal, so that bundlers for browsers leave it alone
  const { webcrypto } = await import(nodeCrypto);
  return webcrypto.subtle as SubtleCrypto;
}
