// Live tests against a running HotCRM suite, through its gateway.
//
//   HOTCRM_BASE_URL   the gateway's URL including /v1 (e.g. http://localhost:8080/v1)
//   HOTCRM_EMAIL      an admin's email
//   HOTCRM_PASSWORD   and password
//   HOTCRM_SDK_LIVE   `required`: fail (rather than skip) when the three above are not set
//
// Everything the tests create carries a marker unique to the run, and is deleted at the end.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { HotCRMClient, HotCRMError, verifyWebhook } from '../dist/index.js';

const BASE_URL = process.env.HOTCRM_BASE_URL;
const EMAIL = process.env.HOTCRM_EMAIL;
const PASSWORD = process.env.HOTCRM_PASSWORD;
const configured = Boolean(BASE_URL && EMAIL && PASSWORD);
const required = process.env.HOTCRM_SDK_LIVE === 'required';

if (!configured && required) {
  test('live configuration', () => {
    assert.fail('HOTCRM_SDK_LIVE=required, but HOTCRM_BASE_URL, HOTCRM_EMAIL and HOTCRM_PASSWORD are not all set');
  });
}

const MARKER = `sdkts-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const CUSTOM_OBJECT = 'SdkTsLive__c';

describe('live suite', { skip: !configured && 'set HOTCRM_BASE_URL, HOTCRM_EMAIL and HOTCRM_PASSWORD to run' }, () => {
  /** The admin's own login (email and password), for setup and clean-up. */
  let admin;
  /** An API token made for this run: the seed examples' YOUR_API_KEY. */
  let apiToken;
  let account;
  const cleanup = [];

  before(async () => {
    admin = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: BASE_URL });
    apiToken = await admin.apiTokens.create({ name: `SDK live tests ${MARKER}` });
    cleanup.push(() => admin.apiTokens.revoke(apiToken.id));
    account = await admin.accounts.create({ Name: `Acme Corporation ${MARKER}`, Industry: 'Technology', AnnualRevenue: 5000000 });
    cleanup.push(() => admin.accounts.delete(account.Id));
  });

  after(async () => {
    for (const undo of cleanup.reverse()) {
      await undo().catch((e) => e.code === 'NOT_FOUND' || console.error(`clean-up: ${e.message}`));
    }
    await admin?.logout();
  });

  test("the reference's SDK examples, as written", async () => {
    assert.match(apiToken.token, /^hcrm_/);
    const apiKey = apiToken.token;
    const accountId = account.Id;

    const client = new HotCRMClient({
      apiKey: apiKey,
      baseUrl: BASE_URL,
    });

    // Get accounts
    const accounts = await client.accounts.list({
      filters: [['Industry', '=', 'Technology']],
      limit: 20,
    });

    // Create opportunity
    const opp = await client.opportunities.create({
      Name: 'Enterprise Deal',
      AccountId: accountId,
      Amount: 150000,
      Stage: 'Prospecting',
      CloseDate: '2026-12-31',
    });
    cleanup.push(() => admin.opportunities.delete(opp.Id));

    // AI features
    const briefing = await client.ai.briefing({
      accountId: accountId,
      timeRange: 'last_30_days',
    });

    assert.ok(accounts.records.length >= 1 && accounts.records.length <= 20);
    assert.ok(accounts.records.every((a) => a.Industry === 'Technology'));
    assert.equal(accounts.limit, 20);
    assert.ok(accounts.totalCount >= 1);
    assert.match(opp.Id, /^opp_/);
    assert.deepEqual([opp.Name, opp.AccountId, opp.Amount, opp.Stage, opp.CloseDate],
      ['Enterprise Deal', accountId, 150000, 'Prospecting', '2026-12-31']);
    assert.equal(typeof briefing.summary, 'string');
    assert.match(briefing.summary, new RegExp(MARKER));
    assert.ok(Array.isArray(briefing.keyInsights) && Array.isArray(briefing.recommendedActions) && Array.isArray(briefing.riskFactors));
    assert.ok(briefing.keyInsights.some((insight) => insight.includes('Enterprise Deal')), JSON.stringify(briefing.keyInsights));
  });

  test('iterate() pages over 450 records made with batch calls: each exactly once', async () => {
    const industries = ['Technology', 'Finance', 'Healthcare'];
    const records = Array.from({ length: 450 }, (_, i) => ({
      Name: `SDK paging ${MARKER} ${String(i).padStart(3, '0')}`,
      Industry: industries[i % 3],
      AnnualRevenue: (i + 1) * 1000,
    }));
    const ids = [];
    for (let i = 0; i < records.length; i += 200) {
      const answer = await admin.batch.accounts.create(records.slice(i, i + 200));
      assert.equal(answer.errorCount, 0, JSON.stringify(answer.results.find((r) => !r.success)));
      ids.push(...answer.results.map((r) => r.Id));
    }
    cleanup.push(async () => {
      for (let i = 0; i < ids.length; i += 200) {
        await admin.batch.accounts.delete(ids.slice(i, i + 200));
      }
    });
    const filters = [['Name', 'like', `SDK paging ${MARKER} %`]];

    const seen = [];
    for await (const acc of admin.accounts.iterate({ filters, fields: ['Name'], sort: '-Name', pageSize: 100 })) {
      seen.push(acc.Id);
    }

    assert.equal(seen.length, 450);
    assert.equal(new Set(seen).size, 450, 'no record twice');
    assert.deepEqual([...seen].sort(), [...ids].sort());

    // the same set through /query, and the aggregations over it
    const queried = [];
    for await (const acc of admin.query.iterate({ object: 'Account', fields: ['Name'], filters, pageSize: 200 })) {
      queried.push(acc.Id);
    }
    assert.deepEqual(queried.sort(), [...ids].sort());
    assert.equal(await admin.accounts.count({ filters }), 450);
    const total = (450 * 451 / 2) * 1000;
    assert.deepEqual(await admin.accounts.sum('AnnualRevenue', { filters }), { sum: total, count: 450 });
    assert.deepEqual(await admin.accounts.avg('AnnualRevenue', { filters }), { average: total / 450, count: 450 });
    const { groups } = await admin.accounts.groupBy({
      groupBy: 'Industry',
      aggregations: { n: { function: 'COUNT', field: 'Id' }, revenue: { function: 'MAX', field: 'AnnualRevenue' } },
      filters,
    });
    assert.deepEqual(groups.map((g) => [g.Industry, g.n]).sort(), [['Finance', 150], ['Healthcare', 150], ['Technology', 150]]);
    const page = await admin.accounts.list({ filters, sort: 'Name', limit: 5, fields: 'Name,AnnualRevenue' });
    assert.equal(page.totalCount, 450);
    assert.equal(page.hasMore, true);
    assert.ok(page.nextCursor);
    assert.deepEqual(page.records.map((r) => r.AnnualRevenue), [1000, 2000, 3000, 4000, 5000]);
  });

  test('the change feed gives a create, an update and a delete after a cursor, in order', async () => {
    const cursor = await admin.changes.head(['Account']);
    const made = await admin.accounts.create({ Name: `Feed ${MARKER}` });
    await admin.accounts.update(made.Id, { Phone: '+1-555-0123' });
    await admin.accounts.delete(made.Id);
    let seen = [];
    for (const deadline = Date.now() + 10_000; seen.length < 3 && Date.now() < deadline;) {
      seen = [];
      for await (const change of admin.changes.since(cursor, ['Account'])) {
        if (change.recordId === made.Id) {
          seen.push(change);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(seen.map((c) => c.type), ['create', 'update', 'delete']);
    assert.equal(seen[1].record.Phone, '+1-555-0123');
    assert.equal(seen[2].record, null, 'a tombstone');
  });

  test('a validation error surfaces code, status, details and request id', async () => {
    const error = await admin.accounts.create({ Name: '', Website: 'not a url', Industry: 'Nope' }).catch((e) => e);

    assert.ok(error instanceof HotCRMError, String(error));
    assert.equal(error.code, 'VALIDATION_ERROR');
    assert.equal(error.status, 400);
    assert.deepEqual(error.details.map((d) => d.field).sort(), ['Industry', 'Name', 'Website']);
    assert.ok(error.details.every((d) => typeof d.message === 'string' && d.message.length > 0));
    assert.ok(error.requestId);

    await assert.rejects(admin.accounts.list({ limit: 500 }), { code: 'VALIDATION_ERROR', status: 400 });
    await assert.rejects(admin.accounts.list({ filters: [['NoSuchField__c', '=', 1]] }), { code: 'VALIDATION_ERROR' });
  });

  test('an invalid or expired access token is refreshed without the caller noticing', async () => {
    const client = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: BASE_URL });
    try {
      const first = client.tokens;

      client.setTokens({ ...first, token: `${first.token.slice(0, -8)}corrupt!` });
      assert.equal((await client.accounts.get(account.Id)).Id, account.Id);
      const second = client.tokens;
      assert.notEqual(second.token, first.token);
      assert.notEqual(second.refreshToken, first.refreshToken, 'refreshed with the refresh token');

      client.setTokens({ ...second, expiresAt: Date.now() - 1000 }); // expired by expiresIn
      assert.equal(await client.accounts.count({ filters: [['Id', '=', account.Id]] }), 1);
      assert.notEqual(client.tokens.token, second.token);
      assert.notEqual(client.tokens.refreshToken, second.refreshToken);

      const apiKeyClient = new HotCRMClient({ apiKey: 'hcrm_nope_nope', baseUrl: BASE_URL });
      await assert.rejects(apiKeyClient.accounts.list(), { code: 'AUTHENTICATION_ERROR', status: 401 });
    } finally {
      await client.logout();
    }
  });

  test('CRUD on typed standard objects and on a custom object by name', async () => {
    const client = new HotCRMClient({ apiKey: apiToken.token, baseUrl: BASE_URL });
    const contact = await client.contacts.create({ FirstName: 'Jane', LastName: `Doe ${MARKER}`, Email: 'jane@example.com', AccountId: account.Id });
    cleanup.push(() => admin.contacts.delete(contact.Id).catch(() => {}));
    assert.match(contact.Id, /^con_/);
    assert.ok(contact.CreatedDate);

    const read = await client.contacts.get(contact.Id, { fields: ['LastName', 'Account.Name'] });
    assert.equal(read.LastName, `Doe ${MARKER}`);
    assert.equal(read.Account.Name, account.Name);

    const patched = await client.contacts.update(contact.Id, { Phone: '+1-555-9999' });
    assert.deepEqual([patched.Phone, patched.Email], ['+1-555-9999', 'jane@example.com']);
    const replaced = await client.contacts.replace(contact.Id, { LastName: `Roe ${MARKER}` });
    assert.deepEqual([replaced.LastName, replaced.Phone, replaced.Email], [`Roe ${MARKER}`, null, null]);

    assert.deepEqual(await client.contacts.delete(contact.Id), { success: true, message: 'Record deleted successfully' });
    await assert.rejects(client.contacts.get(contact.Id), { code: 'NOT_FOUND', status: 404 });

    // an account with an opportunity cannot be deleted (Account -> Opportunities is restrict)
    const parent = await client.accounts.create({ Name: `Parent ${MARKER}` });
    const child = await client.opportunities.create({ Name: `Child ${MARKER}`, AccountId: parent.Id, Stage: 'Prospecting' });
    await assert.rejects(client.accounts.delete(parent.Id), { code: 'REFERENCE_ERROR', status: 409 });
    await client.opportunities.delete(child.Id);
    await client.accounts.delete(parent.Id);

    // a custom object, made once and reused by later runs
    const schema = await admin.metadata.describe(CUSTOM_OBJECT).catch(async (e) => {
      if (e.code !== 'NOT_FOUND') throw e;
      return admin.metadata.createObject({
        name: CUSTOM_OBJECT, label: 'SDK TS Live', fields: [{ name: 'Title__c', type: 'text' }, { name: 'Budget__c', type: 'currency' }],
      });
    });
    assert.equal(schema.path, CUSTOM_OBJECT.toLowerCase());
    const projects = client.object(CUSTOM_OBJECT);
    const project = await projects.create({ Title__c: MARKER, Budget__c: 1200 });
    assert.equal((await projects.update(project.Id, { Budget__c: 1500 })).Budget__c, 1500);
    const made = await client.batch.object(CUSTOM_OBJECT).create([{ Title__c: MARKER, Budget__c: 10 }, { Title__c: MARKER, Budget__c: 20 }]);
    assert.equal(made.successCount, 2);
    const updated = await client.batch.object(CUSTOM_OBJECT).update(made.results.map((r) => ({ Id: r.Id, Budget__c: 30 })));
    assert.equal(updated.successCount, 2);
    assert.deepEqual(await projects.sum('Budget__c', { filters: [['Title__c', '=', MARKER]] }), { sum: 1560, count: 3 });
    const removed = await client.batch.object(CUSTOM_OBJECT).delete([project.Id, ...made.results.map((r) => r.Id)]);
    assert.equal(removed.successCount, 3);
    assert.equal(await projects.count({ filters: [['Title__c', '=', MARKER]] }), 0);
  });

  test('query with related records, and metadata', async () => {
    const opp = await admin.opportunities.create({ Name: `Related ${MARKER}`, AccountId: account.Id, Amount: 42000, Stage: 'Proposal' });
    cleanup.push(() => admin.opportunities.delete(opp.Id));

    const answer = await admin.query({
      object: 'Account',
      fields: ['Name', 'Industry'],
      filters: [['Id', '=', account.Id]],
      related: { Opportunities: { fields: ['Name', 'Amount', 'Stage'], filters: [['Amount', '=', 42000]], limit: 10 } },
    });
    assert.equal(answer.totalCount, 1);
    assert.equal(answer.records[0].Name, account.Name);
    assert.deepEqual(answer.records[0].Opportunities.map((o) => [o.Id, o.Amount, o.Stage]), [[opp.Id, 42000, 'Proposal']]);

    const objects = await admin.metadata.objects();
    assert.deepEqual(objects.find((o) => o.name === 'Opportunity'), {
      name: 'Opportunity', label: 'Opportunity', labelPlural: 'Opportunities', path: 'opportunities', custom: false,
    });
    const schema = await admin.metadata.describe('Account');
    assert.equal(schema.name, 'Account');
    assert.ok(schema.fields.some((f) => f.name === 'Name' && f.required));
    assert.ok(schema.relationships.some((r) => r.name === 'Opportunities' && r.type === 'child'));
    const permissions = await admin.metadata.permissions('Account');
    assert.ok(permissions.sharing);
  });

  test('AI endpoints', async (t) => {
    const client = new HotCRMClient({ apiKey: apiToken.token, baseUrl: BASE_URL });
    const lead = await client.leads.create({ FirstName: 'Lee', LastName: `Lead ${MARKER}`, Company: 'Initech', Email: 'lee@initech.example' });
    cleanup.push(() => admin.leads.delete(lead.Id));
    const opp = await client.opportunities.create({ Name: `AI ${MARKER}`, AccountId: account.Id, Amount: 90000, Stage: 'Negotiation' });
    cleanup.push(() => admin.opportunities.delete(opp.Id));

    const score = await client.ai.leadScore(lead.Id);
    assert.equal(score.leadId, lead.Id);
    assert.ok(score.score >= 0 && score.score <= 100);
    assert.deepEqual(Object.keys(score.factors).sort(), ['companyQuality', 'completeness', 'engagement']);

    const win = await client.ai.winPrediction(opp.Id);
    assert.equal(win.opportunityId, opp.Id);
    assert.ok(win.winProbability >= 0 && win.winProbability <= 100);
    assert.ok(Array.isArray(win.riskFactors));

    const call = await client.ai.transcribe({
      transcript: '[00:00] John: Thanks for joining, Sarah.\n[00:12] Sarah: We like it but the price is a concern.\n[01:05] John: I will check with my manager on the discount.',
      language: 'en',
    });
    assert.deepEqual(call.speakers.map((s) => s.name), ['John', 'Sarah']);
    assert.equal(call.duration, 65);
    assert.ok(call.actionItems.some((item) => item.startsWith('John:')));

    const category = await client.ai.caseCategorize({
      subject: 'System not responding after update',
      description: 'Critical issue: Production system crashed after latest update. All users affected.',
    });
    assert.ok(['Problem', 'Question', 'Incident', 'Feature Request'].includes(category.suggestedType));
    assert.ok(['Critical', 'High', 'Medium', 'Low'].includes(category.suggestedPriority));
    assert.equal(typeof category.routingReason, 'string');

    const recommendations = await client.ai.productRecommend({ accountId: account.Id, budget: 50000 });
    assert.ok(Array.isArray(recommendations.bundle) && Array.isArray(recommendations.crossSell));
    assert.equal(typeof recommendations.totalPrice, 'number');

    await assert.rejects(client.ai.leadScore('lead_doesnotexist'), { code: 'NOT_FOUND' });

    const found = await client.ai.knowledge.search({ query: 'reset my password', limit: 5 });
    assert.ok(Array.isArray(found.results));
    const answer = await client.ai.knowledge.ask({ question: 'How do I reset my password?', maxResults: 3 });
    assert.equal(typeof answer.answer, 'string');
    assert.ok(Array.isArray(answer.sources));
    assert.equal(typeof answer.confidence, 'number');
  });

  test('webhooks: CRUD, a signed delivery verified with verifyWebhook, the delivery log, retry and test', async () => {
    // the subscriber: a local server (the suite's dev profile allows loopback subscribers)
    const received = [];
    const subscriber = http.createServer(async (req, res) => {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
    await new Promise((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
    cleanup.push(async () => {
      subscriber.closeAllConnections();
      subscriber.close();
    });
    await admin.metadata.describe(CUSTOM_OBJECT).catch(() => admin.metadata.createObject({
      name: CUSTOM_OBJECT, label: 'SDK TS Live', fields: [{ name: 'Title__c', type: 'text' }, { name: 'Budget__c', type: 'currency' }],
    }));

    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const hook = await admin.webhooks.create({
      name: `SDK ${MARKER}`,
      object: CUSTOM_OBJECT,
      events: ['create', 'update'],
      url: `http://127.0.0.1:${subscriber.address().port}/hooks`,
      secret,
    });
    cleanup.push(() => admin.webhooks.delete(hook.id));
    assert.equal(hook.secret, secret);
    assert.equal(hook.active, true);

    const fetched = await admin.webhooks.get(hook.id);
    assert.equal(fetched.secret, undefined, 'the secret is shown only once');
    assert.deepEqual(fetched.events, ['create', 'update']);
    assert.ok((await admin.webhooks.list({ limit: 200 })).webhooks.some((w) => w.id === hook.id)
      || (await collect(admin.webhooks.iterate())).some((w) => w.id === hook.id));

    const record = await admin.object(CUSTOM_OBJECT).create({ Title__c: `hook ${MARKER}` });
    cleanup.push(() => admin.object(CUSTOM_OBJECT).delete(record.Id));
    const ping = await admin.webhooks.test(hook.id);
    assert.equal(ping.type, 'ping');

    await until(() => received.some((r) => json(r).recordId === record.Id) && received.some((r) => json(r).type === 'ping'),
      'the create and the ping reach the subscriber');
    const created = received.find((r) => json(r).recordId === record.Id);
    assert.equal(await verifyWebhook(secret, created.headers, created.body), true);
    assert.equal(await verifyWebhook(secret, created.headers, created.body.toString('utf8')), true);
    assert.equal(await verifyWebhook(`whsec_${randomBytes(32).toString('base64')}`, created.headers, created.body), false);
    assert.deepEqual([json(created).type, json(created).object, json(created).data.Title__c], ['create', CUSTOM_OBJECT, `hook ${MARKER}`]);
    const pinged = received.find((r) => json(r).type === 'ping');
    assert.equal(await verifyWebhook(secret, pinged.headers, pinged.body), true);

    await until(async () => (await admin.webhooks.deliveries(hook.id, { status: 'succeeded' })).totalCount >= 2,
      'the delivery log shows both as succeeded');
    const log = await admin.webhooks.deliveries(hook.id);
    const delivery = log.deliveries.find((d) => d.recordId === record.Id);
    assert.equal(delivery.status, 'succeeded');
    assert.equal(delivery.lastResponseCode, 204);
    assert.ok(delivery.attemptHistory.length >= 1);

    const before = received.length;
    const retried = await admin.webhooks.retry(hook.id, delivery.id);
    assert.equal(retried.id, delivery.id);
    await until(() => received.length > before, 'the retried delivery arrives again');
    assert.equal(received.at(-1).headers['webhook-id'], created.headers['webhook-id'], 'same webhook-id on a retry');

    const paused = await admin.webhooks.update(hook.id, { name: `SDK ${MARKER} paused`, active: false });
    assert.deepEqual([paused.name, paused.active], [`SDK ${MARKER} paused`, false]);
    const rotated = await admin.webhooks.update(hook.id, { rotateSecret: true });
    assert.match(rotated.secret, /^whsec_/);

    assert.deepEqual(await admin.webhooks.delete(hook.id), { success: true, message: 'Webhook deleted successfully' });
    await assert.rejects(admin.webhooks.get(hook.id), { code: 'NOT_FOUND' });
  });
});

function json(received) {
  return JSON.parse(received.body.toString('utf8'));
}

async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}

// generous: on a busy suite webhook-service works through every earlier change event first
async function until(condition, what, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
