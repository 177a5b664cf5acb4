import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { HotCRMClient } from '../dist/index.js';
import { envelope, fakeApi } from './helpers.mjs';

const servers = [];
after(() => Promise.all(servers.map((s) => s.close())));

const ALL = Array.from({ length: 450 }, (_, i) => ({ Id: `acc_${String(i).padStart(4, '0')}`, Name: `Paged ${i}` }));

/** Pages like query-service: keyset cursors (the last Id of the page), `hasMore`, `nextCursor`. */
function page(params) {
  const limit = Number(params.limit ?? 50);
  if (params.cursor && Number(params.offset ?? 0) > 0) {
    return envelope(400, 'VALIDATION_ERROR', 'Page with cursor or with offset, not both', [{ field: 'cursor', message: 'not both' }]);
  }
  let rows = ALL;
  if (params.cursor) {
    rows = rows.filter((r) => r.Id > Buffer.from(params.cursor, 'base64url').toString());
  } else {
    rows = rows.slice(Number(params.offset ?? 0));
  }
  const records = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const body = { records, totalCount: ALL.length, hasMore, limit, offset: Number(params.offset ?? 0) };
  if (hasMore) {
    body.nextCursor = Buffer.from(records.at(-1).Id).toString('base64url');
  }
  return { body };
}

test('iterate() follows nextCursor over every page: 450 records, each exactly once', async () => {
  const server = await fakeApi((req) => (req.path === '/accounts' ? page(req.query) : undefined));
  servers.push(server);
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });
  const filters = [['Name', 'like', 'Paged%']];

  const seen = [];
  for await (const account of client.accounts.iterate({ filters, fields: ['Name'], sort: '-Name', pageSize: 100 })) {
    seen.push(account.Id);
  }

  assert.deepEqual(seen, ALL.map((r) => r.Id));
  assert.equal(server.requests.length, 5);
  for (const [i, req] of server.requests.entries()) {
    assert.equal(req.query.limit, '100');
    assert.equal(req.query.filters, JSON.stringify(filters), 'every page keeps the filters');
    assert.equal(req.query.sort, '-Name', 'and the sort');
    assert.equal(req.query.fields, 'Name');
    assert.equal(req.query.offset, undefined);
    assert.equal(Boolean(req.query.cursor), i > 0);
  }
});

test('iterate() can stop early without reading further pages', async () => {
  const server = await fakeApi((req) => page(req.query));
  servers.push(server);
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  let n = 0;
  for await (const account of client.accounts.iterate({ pageSize: 200 })) {
    if (++n === 250) {
      assert.equal(account.Id, 'acc_0249');
      break;
    }
  }
  assert.equal(server.requests.length, 2);
});

test('a first offset is kept for the first page only; then cursors', async () => {
  const server = await fakeApi((req) => page(req.query));
  servers.push(server);
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  const ids = [];
  for await (const account of client.accounts.iterate({ offset: 400, pageSize: 20 })) {
    ids.push(account.Id);
  }
  assert.deepEqual(ids, ALL.slice(400).map((r) => r.Id));
  assert.equal(server.requests[0].query.offset, '400');
  assert.equal(server.requests[1].query.offset, undefined);
});

test('without nextCursor (an older server) pages go by offset', async () => {
  const server = await fakeApi((req) => {
    const { body } = page({ ...req.query });
    delete body.nextCursor;
    return { body };
  });
  servers.push(server);
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  const ids = [];
  for await (const account of client.object('accounts').iterate({ pageSize: 200 })) {
    ids.push(account.Id);
  }
  assert.equal(new Set(ids).size, 450);
  assert.deepEqual(server.requests.map((r) => r.query.offset), [undefined, '200', '400']);
});

test('query.iterate() pages POST /query by cursor in the body', async () => {
  const server = await fakeApi((req) => (req.path === '/query' ? page(req.body) : undefined));
  servers.push(server);
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  const ids = [];
  for await (const account of client.query.iterate({ object: 'Account', fields: ['Name'], sort: [['Name', 'asc']], pageSize: 150 })) {
    ids.push(account.Id);
  }
  assert.equal(ids.length, 450);
  assert.equal(new Set(ids).size, 450);
  assert.equal(server.requests.length, 3);
  assert.deepEqual(server.requests[0].body, { object: 'Account', fields: ['Name'], sort: [['Name', 'asc']], limit: 150 });
  assert.equal(server.requests[2].body.cursor, Buffer.from('acc_0299').toString('base64url'));
});

test('webhooks.iterate() pages by offset', async () => {
  const hooks = Array.from({ length: 5 }, (_, i) => ({ id: `wh_${i}` }));
  const server = await fakeApi((req) => {
    const offset = Number(req.query.offset ?? 0);
    const limit = Number(req.query.limit);
    return { body: { webhooks: hooks.slice(offset, offset + limit), totalCount: 5, hasMore: offset + limit < 5, limit, offset } };
  });
  servers.push(server);
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  const ids = [];
  for await (const hook of client.webhooks.iterate({ pageSize: 2 })) {
    ids.push(hook.id);
  }
  assert.deepEqual(ids, hooks.map((h) => h.id));
});
