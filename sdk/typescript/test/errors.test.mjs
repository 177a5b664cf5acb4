import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';

import { HotCRMClient, HotCRMError } from '../dist/index.js';
import { fakeApi } from './helpers.mjs';

const servers = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function clientFor(handler, options = {}) {
  const server = await fakeApi(handler);
  servers.push(server);
  return new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl, ...options });
}

test('an error envelope becomes a HotCRMError with code, status, message, details and request id', async () => {
  const details = [{ field: 'Email', message: 'Email is required' }, { field: 'Name', message: 'Name is required' }];
  const client = await clientFor(() => ({
    status: 400,
    headers: { 'X-Request-Id': 'req-42' },
    body: { error: { code: 'VALIDATION_ERROR', message: 'Validation failed', details } },
  }));

  const error = await client.contacts.create({ LastName: '' }).catch((e) => e);

  assert.ok(error instanceof HotCRMError);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'HotCRMError');
  assert.equal(error.code, 'VALIDATION_ERROR');
  assert.equal(error.status, 400);
  assert.equal(error.message, 'Validation failed');
  assert.deepEqual(error.details, details);
  assert.equal(error.requestId, 'req-42');
});

for (const [status, code] of [[401, 'AUTHENTICATION_ERROR'], [403, 'PERMISSION_ERROR'], [404, 'NOT_FOUND'],
  [409, 'REFERENCE_ERROR'], [412, 'PRECONDITION_FAILED'], [400, 'DUPLICATE_ERROR']]) {
  test(`${status} ${code} keeps the server's code`, async () => {
    const client = await clientFor(() => ({ status, body: { error: { code, message: 'no', details: [] } } }));
    await assert.rejects(client.accounts.delete('acc_1'), { name: 'HotCRMError', code, status, details: [] });
  });
}

test('an answer without the envelope gets the code its status stands for', async () => {
  const client = await clientFor((req) => req.path.endsWith('/x')
    ? { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<h1>Not here</h1>' }
    : { status: 502, body: 'Bad Gateway' });

  await assert.rejects(client.accounts.get('x'), { code: 'NOT_FOUND', status: 404, message: 'HTTP 404' });
  await assert.rejects(client.accounts.get('y'), { code: 'SERVER_ERROR', status: 502 });
});

test('no answer at all is a NETWORK_ERROR with status 0', async () => {
  const server = await fakeApi(() => ({}));
  await server.close();
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl, retry: false });

  await assert.rejects(client.accounts.list(), (error) => error instanceof HotCRMError
    && error.code === 'NETWORK_ERROR' && error.status === 0 && error.cause !== undefined);
});

test('an answer slower than timeoutMs is a TIMEOUT', async () => {
  const server = http.createServer((req, res) => setTimeout(() => res.end('{}'), 2000));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new HotCRMClient({ apiKey: 'k', baseUrl: `http://127.0.0.1:${server.address().port}/v1`, timeoutMs: 100, retry: false });
    await assert.rejects(client.accounts.list(), { code: 'TIMEOUT', status: 0 });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('batch results carry per-record errors without throwing', async () => {
  const answer = {
    results: [{ Id: 'con_1', success: true },
      { success: false, error: { code: 'VALIDATION_ERROR', message: 'LastName is required', details: [{ field: 'LastName', message: 'LastName is required' }] } }],
    successCount: 1,
    errorCount: 1,
  };
  const client = await clientFor(() => ({ body: answer }));

  assert.deepEqual(await client.batch.contacts.create([{ LastName: 'Doe' }, {}]), answer);
});
