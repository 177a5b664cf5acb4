// What each method sends: method, path, query string and body, as the API reference and README describe.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { HotCRMClient, objectPath } from '../dist/index.js';
import { fakeApi } from './helpers.mjs';

let server;
let client;
before(async () => {
  server = await fakeApi((req) => ({ status: req.method === 'POST' && !req.path.startsWith('/ai') ? 201 : 200, body: { ok: true, count: 3, records: [] } }));
  client = new HotCRMClient({ apiKey: 'hcrm_key', baseUrl: `${server.baseUrl}/`, headers: { 'X-Client': 'tests' } });
});
after(() => server.close());

async function sent(call) {
  const before = server.requests.length;
  const result = await call();
  assert.equal(server.requests.length, before + 1);
  const { method, path, query, body, headers } = server.requests.at(-1);
  return { method, path, query, body, headers, result };
}

test('list encodes fields, JSON filters, sort, limit, offset', async () => {
  const { method, path, query, headers } = await sent(() => client.accounts.list({
    fields: ['Name', 'Industry', 'Phone'],
    filters: [['Industry', '=', 'Technology'], ['AnnualRevenue', '>', 1000000]],
    sort: '-AnnualRevenue',
    limit: 20,
    offset: 100,
  }));
  assert.equal(method, 'GET');
  assert.equal(path, '/accounts');
  assert.deepEqual(query, {
    fields: 'Name,Industry,Phone',
    filters: '[["Industry","=","Technology"],["AnnualRevenue",">",1000000]]',
    sort: '-AnnualRevenue',
    limit: '20',
    offset: '100',
  });
  assert.equal(headers.authorization, 'Bearer hcrm_key');
  assert.equal(headers.accept, 'application/json');
  assert.equal(headers['x-client'], 'tests');
});

test('sort as a list of names or of [field, direction] pairs; cursor and count', async () => {
  assert.equal((await sent(() => client.opportunities.list({ sort: ['Name', '-Amount'] }))).query.sort, 'Name,-Amount');
  const { query } = await sent(() => client.opportunities.list({ sort: [['Amount', 'desc']], cursor: 'abc', count: 'exact' }));
  assert.deepEqual(query, { sort: '[["Amount","desc"]]', cursor: 'abc', count: 'exact' });
});

test('get, create, update (PATCH), replace (PUT), delete', async () => {
  assert.deepEqual(await sent(() => client.accounts.get('acc_1', { fields: 'Name,Owner.Name' })).then(({ method, path, query }) => ({ method, path, query })),
    { method: 'GET', path: '/accounts/acc_1', query: { fields: 'Name,Owner.Name' } });
  const create = await sent(() => client.accounts.create({ Name: 'New Customer Inc.', Industry: 'Technology', Tier__c: 'Gold' }));
  assert.deepEqual([create.method, create.path, create.body], ['POST', '/accounts', { Name: 'New Customer Inc.', Industry: 'Technology', Tier__c: 'Gold' }]);
  assert.equal(create.headers['content-type'], 'application/json');
  const update = await sent(() => client.accounts.update('acc_1', { Phone: '+1-555-9999' }));
  assert.deepEqual([update.method, update.path, update.body], ['PATCH', '/accounts/acc_1', { Phone: '+1-555-9999' }]);
  const replace = await sent(() => client.accounts.replace('acc_1', { Name: 'Acme' }));
  assert.deepEqual([replace.method, replace.path, replace.body], ['PUT', '/accounts/acc_1', { Name: 'Acme' }]);
  const remove = await sent(() => client.accounts.delete('acc/1'));
  assert.deepEqual([remove.method, remove.path, remove.body], ['DELETE', '/accounts/acc%2F1', undefined]);
});

test('count, sum, avg, groupBy', async () => {
  const filters = [['Stage', '=', 'Closed Won']];
  const count = await sent(() => client.opportunities.count({ filters }));
  assert.deepEqual([count.path, count.query, count.result], ['/opportunities/count', { filters: JSON.stringify(filters) }, 3]);
  assert.equal((await sent(() => client.opportunities.count())).query.filters, undefined);
  assert.equal((await sent(() => client.opportunities.sum('Amount', { filters }))).path, '/opportunities/sum/Amount');
  assert.equal((await sent(() => client.opportunities.avg('Amount'))).path, '/opportunities/avg/Amount');
  const request = {
    groupBy: 'Stage',
    aggregations: { count: { function: 'COUNT', field: 'Id' }, totalAmount: { function: 'SUM', field: 'Amount' } },
    filters: [['IsClosed', '=', false]],
  };
  const groupBy = await sent(() => client.opportunities.groupBy(request));
  assert.deepEqual([groupBy.method, groupBy.path, groupBy.body], ['POST', '/opportunities/groupby', request]);
});

test('any object by API name or path', async () => {
  assert.equal((await sent(() => client.object('Project__c').list())).path, '/project__c');
  assert.equal((await sent(() => client.object('OpportunityLineItem').get('oli_1'))).path, '/opportunitylineitems/oli_1');
  assert.equal((await sent(() => client.object('knowledgearticles').count())).path, '/knowledgearticles/count');
  assert.deepEqual(['Account', 'Opportunity', 'Case', 'Activity', 'KnowledgeArticle', 'Custom__c', 'leads'].map(objectPath),
    ['accounts', 'opportunities', 'cases', 'activities', 'knowledgearticles', 'custom__c', 'leads']);
});

test('query', async () => {
  const request = {
    object: 'Account',
    fields: ['Name', 'Industry'],
    filters: [['Industry', '=', 'Technology']],
    related: { Opportunities: { fields: ['Name', 'Amount'], filters: [['IsClosed', '=', false]], limit: 10 } },
  };
  const { method, path, body } = await sent(() => client.query(request));
  assert.deepEqual([method, path, body], ['POST', '/query', request]);
});

test('batch create, update, delete, with allOrNone', async () => {
  const create = await sent(() => client.batch.contacts.create([{ LastName: 'Doe' }, { LastName: 'Smith' }]));
  assert.deepEqual([create.method, create.path, create.body], ['POST', '/batch/contacts', { records: [{ LastName: 'Doe' }, { LastName: 'Smith' }] }]);
  const update = await sent(() => client.batch.leads.update([{ Id: 'lead_001', Status: 'Working' }], { allOrNone: true }));
  assert.deepEqual([update.method, update.path, update.body], ['PATCH', '/batch/leads', { updates: [{ Id: 'lead_001', Status: 'Working' }], allOrNone: true }]);
  const remove = await sent(() => client.batch.object('Project__c').delete(['p_1', 'p_2']));
  assert.deepEqual([remove.method, remove.path, remove.body], ['DELETE', '/batch/project__c', { ids: ['p_1', 'p_2'] }]);
});

test('every AI endpoint', async () => {
  const calls = [
    [() => client.ai.leadScore('lead_123'), '/ai/lead-score/lead_123', undefined],
    [() => client.ai.winPrediction('opp_456'), '/ai/win-prediction/opp_456', undefined],
    [() => client.ai.briefing({ accountId: 'acc_123', timeRange: 'last_30_days' }), '/ai/briefing', { accountId: 'acc_123', timeRange: 'last_30_days' }],
    [() => client.ai.transcribe({ transcript: '[00:00] John: Hi', language: 'en', speakers: 2 }), '/ai/transcribe', { transcript: '[00:00] John: Hi', language: 'en', speakers: 2 }],
    [() => client.ai.knowledge.ask({ question: 'How do I reset my password?', category: 'FAQ', maxResults: 5 }), '/ai/knowledge/ask', { question: 'How do I reset my password?', category: 'FAQ', maxResults: 5 }],
    [() => client.ai.knowledge.search({ query: 'configure email notifications', limit: 10 }), '/ai/knowledge/search', { query: 'configure email notifications', limit: 10 }],
    [() => client.ai.caseCategorize({ subject: 'System down', description: 'All users affected' }), '/ai/case-categorize', { subject: 'System down', description: 'All users affected' }],
    [() => client.ai.productRecommend({ accountId: 'acc_123', budget: 50000, existingProducts: ['prod_001'] }), '/ai/product-recommend', { accountId: 'acc_123', budget: 50000, existingProducts: ['prod_001'] }],
  ];
  for (const [call, path, body] of calls) {
    const request = await sent(call);
    assert.deepEqual([request.method, request.path, request.body], ['POST', path, body]);
  }
  const writeBack = await sent(() => client.ai.winPrediction('opp_456', { writeBack: false }));
  assert.deepEqual([writeBack.path, writeBack.query], ['/ai/win-prediction/opp_456', { writeBack: 'false' }]);
  const models = [
    [() => client.ai.models.list(), 'GET', '/ai/models'],
    [() => client.ai.models.train('recommend'), 'POST', '/ai/models/recommend/train'],
    [() => client.ai.models.backfill(), 'POST', '/ai/models/backfill'],
    [() => client.ai.models.backfillStatus(), 'GET', '/ai/models/backfill'],
  ];
  for (const [call, method, path] of models) {
    const request = await sent(call);
    assert.deepEqual([request.method, request.path, request.query, request.body], [method, path, {}, undefined]);
  }
});

test('metadata', async () => {
  assert.equal((await sent(() => client.metadata.describe('Account'))).path, '/metadata/objects/Account');
  const object = { name: 'Project__c', label: 'Project', fields: [{ name: 'Budget__c', type: 'currency' }] };
  assert.deepEqual((await sent(() => client.metadata.createObject(object))).body, object);
  const field = await sent(() => client.metadata.createField('Account', { name: 'Tier__c', type: 'picklist', picklistValues: ['Gold'] }));
  assert.deepEqual([field.method, field.path], ['POST', '/metadata/objects/Account/fields']);
  assert.equal((await sent(() => client.metadata.permissions())).path, '/metadata/permissions');
  assert.equal((await sent(() => client.metadata.permissions('Account'))).path, '/metadata/permissions/Account');
  const update = await sent(() => client.metadata.updatePermissions('Account', { sharing: 'private' }));
  assert.deepEqual([update.method, update.body], ['PUT', { sharing: 'private' }]);
  assert.deepEqual((await sent(() => client.metadata.share({ recordId: 'acc_1', userId: 'usr_1', access: 'read' }))).body,
    { recordId: 'acc_1', userId: 'usr_1', access: 'read' });
  const unshare = await sent(() => client.metadata.unshare('acc_1', 'usr_1'));
  assert.deepEqual([unshare.method, unshare.path, unshare.query], ['DELETE', '/metadata/shares', { recordId: 'acc_1', userId: 'usr_1' }]);
});

test('webhooks', async () => {
  const hook = { name: 'Opportunity Webhook', object: 'Opportunity', events: ['create', 'update'], url: 'https://myapp.com/webhooks/opportunity', secret: 'webhook_secret_key' };
  const calls = [
    [() => client.webhooks.list({ limit: 10 }), 'GET', '/webhooks', undefined, { limit: '10' }],
    [() => client.webhooks.create(hook), 'POST', '/webhooks', hook],
    [() => client.webhooks.get('wh_1'), 'GET', '/webhooks/wh_1'],
    [() => client.webhooks.update('wh_1', { active: false }), 'PATCH', '/webhooks/wh_1', { active: false }],
    [() => client.webhooks.update('wh_1', { rotateSecret: true }), 'PATCH', '/webhooks/wh_1', { rotateSecret: true }],
    [() => client.webhooks.delete('wh_1'), 'DELETE', '/webhooks/wh_1'],
    [() => client.webhooks.deliveries('wh_1', { status: 'failed', offset: 5 }), 'GET', '/webhooks/wh_1/deliveries', undefined, { status: 'failed', offset: '5' }],
    [() => client.webhooks.retry('wh_1', 'dlv_9'), 'POST', '/webhooks/wh_1/deliveries/dlv_9/retry'],
    [() => client.webhooks.test('wh_1'), 'POST', '/webhooks/wh_1/test'],
  ];
  for (const [call, method, path, body, query = {}] of calls) {
    const request = await sent(call);
    assert.deepEqual([request.method, request.path, request.body, request.query], [method, path, body, query]);
  }
});

test('API tokens', async () => {
  const create = await sent(() => client.apiTokens.create({ name: 'ci', tier: 'Standard' }));
  assert.deepEqual([create.method, create.path, create.body], ['POST', '/auth/api-tokens', { name: 'ci', tier: 'Standard' }]);
  assert.deepEqual((await sent(() => client.apiTokens.list({ all: true }))).query, { all: 'true' });
  assert.deepEqual((await sent(() => client.apiTokens.list())).query, {});
  assert.equal((await sent(() => client.apiTokens.revoke('tok_1'))).method, 'DELETE');
});
