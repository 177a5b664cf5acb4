import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { HotCRMClient, HotCRMError } from '../dist/index.js';
import { envelope, fakeApi } from './helpers.mjs';

const servers = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function api(handler) {
  const server = await fakeApi(handler);
  servers.push(server);
  return server;
}

test('a 429 is retried after the Retry-After delay, then succeeds', async () => {
  const server = await api((req, all) => all.length === 1
    ? { ...envelope(429, 'RATE_LIMIT_ERROR', 'Rate limit exceeded'), headers: { 'Retry-After': '1' } }
    : { body: { count: 7 } });
  const client = new HotCRMClient({ apiKey: 'hcrm_test', baseUrl: server.baseUrl });

  assert.equal(await client.accounts.count(), 7);

  assert.equal(server.requests.length, 2);
  const waited = server.requests[1].at - server.requests[0].at;
  assert.ok(waited >= 950, `waited ${waited} ms, Retry-After said 1 s`);
  assert.ok(waited < 3000, `waited ${waited} ms`);
});

test('Retry-After as an HTTP date is honoured too', async () => {
  const server = await api((req, all) => all.length === 1
    ? { ...envelope(429, 'RATE_LIMIT_ERROR', 'slow down'), headers: { 'Retry-After': new Date(Date.now() + 2000).toUTCString() } }
    : { body: { count: 1 } });
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  assert.equal(await client.accounts.count(), 1);
  const waited = server.requests[1].at - server.requests[0].at;
  assert.ok(waited >= 900, `waited ${waited} ms`); // the date has whole-second precision
});

test('a 503 is retried with backoff (no Retry-After), for writes too', async () => {
  const server = await api((req, all) => all.length <= 2
    ? envelope(503, 'SERVER_ERROR', 'The records-service is unavailable; try again shortly')
    : { status: 201, body: { Id: 'acc_1', Name: 'Acme' } });
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl, retry: { baseDelayMs: 20 } });

  const created = await client.accounts.create({ Name: 'Acme' });

  assert.equal(created.Id, 'acc_1');
  assert.equal(server.requests.length, 3);
  assert.deepEqual(server.requests.map((r) => r.body), [{ Name: 'Acme' }, { Name: 'Acme' }, { Name: 'Acme' }]);
});

test('retries are bounded: after maxRetries the last error is thrown', async () => {
  const server = await api(() => ({ ...envelope(503, 'SERVER_ERROR', 'down'), headers: { 'Retry-After': '0' } }));
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl, retry: { maxRetries: 2 } });

  await assert.rejects(client.accounts.get('acc_1'), (error) => {
    assert.ok(error instanceof HotCRMError);
    assert.equal(error.status, 503);
    assert.equal(error.code, 'SERVER_ERROR');
    assert.equal(error.retryAfterMs, 0);
    return true;
  });
  assert.equal(server.requests.length, 3);
});

test('a Retry-After beyond maxDelayMs is not waited for: the error says how long', async () => {
  const server = await api(() => ({ ...envelope(429, 'RATE_LIMIT_ERROR', 'Rate limit exceeded'), headers: { 'Retry-After': '1800' } }));
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  const started = Date.now();
  await assert.rejects(client.accounts.list(), { code: 'RATE_LIMIT_ERROR', status: 429, retryAfterMs: 1_800_000 });
  assert.ok(Date.now() - started < 1000);
  assert.equal(server.requests.length, 1);
});

test('retry: false turns retries off', async () => {
  const server = await api(() => envelope(503, 'SERVER_ERROR', 'down'));
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl, retry: false });

  await assert.rejects(client.accounts.list(), { status: 503 });
  assert.equal(server.requests.length, 1);
});

test('other statuses (a 504 may have been carried out) are not retried', async () => {
  const server = await api(() => envelope(504, 'SERVER_ERROR', 'did not answer in time'));
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  await assert.rejects(client.accounts.update('acc_1', { Name: 'x' }), { status: 504, code: 'SERVER_ERROR' });
  assert.equal(server.requests.length, 1);
});

test('every write carries one Idempotency-Key for all its attempts; reads carry none', async () => {
  const server = await api((req, all) => req.method === 'GET' ? { status: 200, body: { records: [], totalCount: 0, hasMore: false, limit: 50, offset: 0 } }
    : all.length === 1 ? envelope(503, 'SERVER_ERROR', 'down') : { status: 201, body: { Id: 'acc_1' } });
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl, retry: { baseDelayMs: 10 } });

  await client.accounts.create({ Name: 'Acme' });
  await client.accounts.create({ Name: 'Acme' });
  await client.accounts.list();

  const keys = server.requests.map((r) => r.headers['idempotency-key']);
  assert.match(keys[0], /^[0-9a-f-]{36}$/);
  assert.equal(keys[1], keys[0], 'the retry carries the same key');
  assert.notEqual(keys[2], keys[0], 'another write, another key');
  assert.equal(keys[3], undefined, 'a read carries none');
});

test('the reads sent as POST for their body (query, groupBy) carry no Idempotency-Key', async () => {
  const server = await api((req) => (req.path === '/query'
    ? { status: 200, body: { records: [], totalCount: 0, hasMore: false, limit: 50, offset: 0 } }
    : { status: 200, body: { groups: [] } }));
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  await client.query({ object: 'Account' });
  await client.accounts.groupBy({ groupBy: ['Industry'], aggregations: { n: { function: 'count' } } });

  assert.deepEqual(server.requests.map((r) => r.path), ['/query', '/accounts/groupby']);
  assert.deepEqual(server.requests.map((r) => r.headers['idempotency-key']), [undefined, undefined]);
});

test('a write that got no answer is sent again under its key, waits out a 409, and gets the first answer', async () => {
  const server = await api(async (req, all) => {
    if (all.length === 1) {
      await new Promise((resolve) => setTimeout(resolve, 400)); // longer than the client waits
      return { status: 201, body: { Id: 'acc_9' } };
    }
    return all.length === 2 ? { ...envelope(409, 'IDEMPOTENCY_ERROR', 'still running'), headers: { 'Retry-After': '0' } }
      : { status: 201, body: { Id: 'acc_9' }, headers: { 'Idempotent-Replayed': 'true' } };
  });
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl, timeoutMs: 150, retry: { baseDelayMs: 10 } });

  const created = await client.accounts.create({ Name: 'Gamma' });

  assert.equal(created.Id, 'acc_9');
  assert.equal(server.requests.length, 3);
  assert.equal(new Set(server.requests.map((r) => r.headers['idempotency-key'])).size, 1, 'one key throughout');
});
