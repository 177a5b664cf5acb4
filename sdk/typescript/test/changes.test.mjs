import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { HotCRMClient, HotCRMError } from '../dist/index.js';
import { envelope, fakeApi } from './helpers.mjs';

const servers = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** Changes c{from}..c{to-1} (every third a delete), nextCursor c{to}. */
function page(from, to, hasMore) {
  const changes = [];
  for (let i = from; i < to; i++) {
    const deleted = i % 3 === 2;
    changes.push({
      cursor: `c${i + 1}`, type: deleted ? 'delete' : 'update', object: 'Account', recordId: `acc_${i}`,
      occurredAt: '2026-12-06T05:00:00Z', changedFields: deleted ? [] : ['Name'],
      record: deleted ? null : { Id: `acc_${i}`, Name: `Account ${i}` },
    });
  }
  return { body: { changes, nextCursor: `c${to}`, hasMore } };
}

test('since() follows nextCursor page after page and stops at the head', async () => {
  const pages = { now: page(0, 0, false), c0: page(0, 3, true), c3: page(3, 5, true), c5: page(5, 5, false) };
  const server = await fakeApi((req) => (req.path === '/changes' ? pages[req.query.since] : undefined));
  servers.push(server);
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  const head = await client.changes.head(['Account', 'Contact']);
  assert.equal(head, 'c0');
  const seen = [];
  for await (const change of client.changes.since(head, ['Account', 'Contact'], { pageSize: 3 })) {
    seen.push(change);
  }

  assert.deepEqual(seen.map((c) => c.recordId), ['acc_0', 'acc_1', 'acc_2', 'acc_3', 'acc_4']);
  assert.equal(seen[2].type, 'delete');
  assert.equal(seen[2].record, null, 'a tombstone');
  assert.equal(seen.at(-1).cursor, 'c5');
  assert.equal(server.requests.length, 4, 'head, then three pages');
  assert.equal(server.requests[1].query.object, 'Account,Contact');
  assert.equal(server.requests[1].query.limit, '3');
});

test('no cursor starts at the oldest kept; an expired one fails with CURSOR_EXPIRED', async () => {
  const server = await fakeApi((req) => (req.query.since
    ? envelope(410, 'CURSOR_EXPIRED', 'older than the feed keeps') : page(0, 2, false)));
  servers.push(server);
  const client = new HotCRMClient({ apiKey: 'k', baseUrl: server.baseUrl });

  const all = [];
  for await (const change of client.changes.since(undefined, ['Account'])) {
    all.push(change);
  }
  assert.equal(all.length, 2);
  assert.equal(server.requests[0].query.since, undefined);

  await assert.rejects(client.changes.page({ objects: ['Account'], since: 'c1' }), (e) => {
    assert.ok(e instanceof HotCRMError);
    assert.equal(e.code, 'CURSOR_EXPIRED');
    assert.equal(e.status, 410);
    return true;
  });
});
