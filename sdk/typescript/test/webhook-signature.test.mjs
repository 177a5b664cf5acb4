import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseWebhook, signWebhook, verifyWebhook, WebhookVerificationError } from '../dist/index.js';

// Computed with webhook-service's own com.hotcrm.webhook.delivery.Signature (Signature.sign / .header).
const WHSEC = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='; // bytes 0..31
const ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const TIMESTAMP = 1735689600;
const BODY = '{"id":"evt_1","type":"create","object":"Opportunity","recordId":"opp_01","data":{"Id":"opp_01","Name":"Enterprise Deal – Ünïcødé"}}';
const SIGNED_WHSEC = 'v1,tH2WeHQFC2XA4872UKg1NjqdQGtLLp8yc0HfMHQxYTc=';
const SIGNED_PLAIN = 'v1,+PPBIuOlYvUkdiKrHRHdvdHf4+zb78EU21gooH/yngw='; // secret 'webhook_secret_key' as UTF-8
const ROTATION = 'v1,fLL+hzf6am4f+J+qBNzZXQV2fWU415LUhcL7znRDPK4= v1,tH2WeHQFC2XA4872UKg1NjqdQGtLLp8yc0HfMHQxYTc=';
const AT = { now: TIMESTAMP * 1000 + 10_000 };

const headers = (signature, extra = {}) => ({ 'webhook-id': ID, 'webhook-timestamp': String(TIMESTAMP), 'webhook-signature': signature, ...extra });

test('signs exactly like the server (whsec_ secret: base64-decoded key; other secrets: UTF-8 bytes)', async () => {
  assert.equal(await signWebhook(WHSEC, ID, TIMESTAMP, BODY), SIGNED_WHSEC);
  assert.equal(await signWebhook('webhook_secret_key', ID, TIMESTAMP, BODY), SIGNED_PLAIN);
  assert.equal(await signWebhook(WHSEC, ID, TIMESTAMP, new TextEncoder().encode(BODY)), SIGNED_WHSEC);
});

test('matches the Standard Webhooks specification test vector', async () => {
  assert.equal(await signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'),
    'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
});

test('verifies a genuine request (string or bytes body, plain or Headers object)', async () => {
  assert.equal(await verifyWebhook(WHSEC, headers(SIGNED_WHSEC), BODY, AT), true);
  assert.equal(await verifyWebhook('webhook_secret_key', headers(SIGNED_PLAIN), BODY, AT), true);
  assert.equal(await verifyWebhook(WHSEC, new Headers(headers(SIGNED_WHSEC)), new TextEncoder().encode(BODY), AT), true);
  assert.equal(await verifyWebhook(WHSEC, { 'Webhook-Id': ID, 'Webhook-Timestamp': [String(TIMESTAMP)], 'WEBHOOK-SIGNATURE': SIGNED_WHSEC }, BODY, AT), true);
});

test('during a secret rotation either signature verifies', async () => {
  assert.equal(await verifyWebhook(WHSEC, headers(ROTATION), BODY, AT), true);
  assert.equal(await verifyWebhook('another_secret_key_123', headers(ROTATION), BODY, AT), true);
});

test('refuses a changed body, id or timestamp, another secret, and missing headers', async () => {
  assert.equal(await verifyWebhook(WHSEC, headers(SIGNED_WHSEC), BODY.replace('opp_01', 'opp_02'), AT), false);
  assert.equal(await verifyWebhook(WHSEC, headers(SIGNED_WHSEC, { 'webhook-id': 'msg_other' }), BODY, AT), false);
  assert.equal(await verifyWebhook(WHSEC, headers(SIGNED_WHSEC, { 'webhook-timestamp': String(TIMESTAMP + 1) }), BODY, AT), false);
  assert.equal(await verifyWebhook('webhook_secret_key', headers(SIGNED_WHSEC), BODY, AT), false);
  assert.equal(await verifyWebhook(WHSEC, { 'webhook-id': ID }, BODY, AT), false);
  assert.equal(await verifyWebhook(WHSEC, headers('v2,' + SIGNED_WHSEC.slice(3)), BODY, AT), false);
});

test('refuses a timestamp outside the tolerance (replays), unless told otherwise', async () => {
  const late = { now: (TIMESTAMP + 301) * 1000 };
  assert.equal(await verifyWebhook(WHSEC, headers(SIGNED_WHSEC), BODY, late), false);
  assert.equal(await verifyWebhook(WHSEC, headers(SIGNED_WHSEC), BODY, { ...late, toleranceSeconds: 600 }), true);
  assert.equal(await verifyWebhook(WHSEC, headers(SIGNED_WHSEC), BODY, { toleranceSeconds: Infinity }), true);
  assert.equal(await verifyWebhook(WHSEC, headers(SIGNED_WHSEC), BODY), false, 'now, years later');
});

test('parseWebhook returns the event, or throws why', async () => {
  const event = await parseWebhook(WHSEC, headers(SIGNED_WHSEC), BODY, AT);
  assert.equal(event.type, 'create');
  assert.equal(event.data.Name, 'Enterprise Deal – Ünïcødé');
  await assert.rejects(parseWebhook(WHSEC, headers(SIGNED_PLAIN), BODY, AT),
    (e) => e instanceof WebhookVerificationError && /No signature matches/.test(e.message));
});
