// The AI answers parsed as the API sends them, and the models' endpoints: method, path, query, answer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { HotCRMClient } from '../dist/index.js';
import { fakeApi } from './helpers.mjs';

const WIN = {
  opportunityId: 'opp_456', winProbability: 62, riskFactors: [], nextStepSuggestion: 'Send the proposal',
  competitiveIntel: 'No competitor mentioned', confidence: 71,
  topPositiveFactors: [{ feature: 'stage', value: 'Negotiation', impact: 1.25 }, { feature: 'activities', value: 14, impact: 0.4 }],
  topNegativeFactors: [{ feature: 'accountWins', value: null, impact: -0.31 }],
  model: 'win model v3: logistic regression on 812 closed opportunities', modelVersion: 3, engine: 'builtin',
  writtenBack: false,
};

const MODELS = {
  models: [
    {
      name: 'win', version: 2, trainedAt: '2026-03-02T10:00:00Z', rows: 400,
      metrics: { rows: 80, heldOut: true, auc: 0.82, accuracy: 0.76, brier: 0.17, trainRows: 320,
        calibration: [{ band: '0-20%', rows: 10, predicted: 0.12, observed: 0.1 }] },
      baseline: { rows: 80, auc: 0.7, name: 'stage prior' }, current: true,
      live: { resolved: 25, auc: 0.8, accuracy: 0.72, brier: 0.18 },
    },
    {
      name: 'win', version: 1, trainedAt: '2026-02-01T10:00:00Z', rows: 200, metrics: { rows: 40, auc: 0.78 },
      baseline: { rows: 40, auc: 0.69 }, current: false, live: { resolved: 30, auc: 0.75, accuracy: 0.7, brier: 0.2 },
    },
  ],
  accuracy: {
    lead: { resolved: 0, byMonth: [] },
    win: { resolved: 55, auc: 0.77, accuracy: 0.71, brier: 0.19, byMonth: [
      { month: '2026-02', resolved: 30, auc: 0.75, accuracy: 0.7, brier: 0.2 },
      { month: '2026-03', resolved: 25, auc: 0.8, accuracy: 0.72, brier: 0.18 }] },
  },
};

const TRAINED = {
  name: 'win', version: 4, trainedAt: '2026-03-05T08:00:00Z', rows: 450, metrics: { rows: 90, heldOut: true, auc: 0.84, trainRows: 360 },
  baseline: { rows: 90, auc: 0.7, name: 'stage prior' }, trained: true,
};
const NOT_TRAINED = { name: 'lead', trained: false, reason: 'A lead model needs at least 40 converted or unqualified leads, 10 of each; there are 12' };
const RUNNING = { state: 'running', startedAt: '2026-03-05T08:00:00.5Z', finishedAt: null,
  stored: { Account: 0, Opportunity: 0, OpportunityLineItem: 0, Activity: 0, Lead: 0, Case: 0 } };
const FAILED = { state: 'failed', startedAt: '2026-03-05T08:00:00.5Z', finishedAt: '2026-03-05T08:02:10Z',
  stored: { Account: 1200, Opportunity: 5400, pages: 34, skipped: 2 }, error: 'query-service unavailable' };

const routes = {
  'POST /ai/win-prediction/opp_456': { body: WIN },
  'POST /ai/lead-score/lead_123': { body: { leadId: 'lead_123', score: 64, summary: 'Promising', recommendedAction: 'Call',
    factors: { completeness: 90, companyQuality: 50, engagement: 30 },
    topPositiveFactors: [{ feature: 'completeness', value: 0.9, impact: 0.8 }], topNegativeFactors: [],
    model: 'lead model v2', modelVersion: 2, engine: 'builtin', writtenBack: true } },
  'GET /ai/models': { body: MODELS },
  'POST /ai/models/win/train': { body: TRAINED },
  'POST /ai/models/lead/train': { body: NOT_TRAINED },
  'POST /ai/models/backfill': { status: 202, body: RUNNING },
  'GET /ai/models/backfill': { body: FAILED },
};

let server;
let client;
before(async () => {
  server = await fakeApi((req) => routes[`${req.method} ${req.path}`]);
  client = new HotCRMClient({ apiKey: 'hcrm_key', baseUrl: server.baseUrl });
});
after(() => server.close());

async function sent(call) {
  const before = server.requests.length;
  const result = await call();
  assert.equal(server.requests.length, before + 1);
  const { method, path, query, body } = server.requests.at(-1);
  return { method, path, query, body, result };
}

test('win prediction: the learnt factors, model version and writtenBack parse; writeBack goes in the query', async () => {
  const plain = await sent(() => client.ai.winPrediction('opp_456'));
  assert.deepEqual([plain.method, plain.path, plain.query, plain.body], ['POST', '/ai/win-prediction/opp_456', {}, undefined]);
  assert.deepEqual(plain.result, WIN);
  assert.equal(plain.result.topPositiveFactors[0].value, 'Negotiation');
  assert.equal(plain.result.topPositiveFactors[1].value, 14);
  assert.equal(plain.result.topNegativeFactors[0].impact, -0.31);
  assert.equal(plain.result.modelVersion, 3);
  assert.equal(plain.result.writtenBack, false);

  const notStored = await sent(() => client.ai.winPrediction('opp_456', { writeBack: false }));
  assert.deepEqual([notStored.method, notStored.path, notStored.query], ['POST', '/ai/win-prediction/opp_456', { writeBack: 'false' }]);
  const stored = await sent(() => client.ai.winPrediction('opp_456', { writeBack: true }));
  assert.deepEqual(stored.query, { writeBack: 'true' });
});

test('lead score: writeBack in the query, the learnt fields in the answer', async () => {
  const { method, path, query, result } = await sent(() => client.ai.leadScore('lead_123', { writeBack: true }));
  assert.deepEqual([method, path, query], ['POST', '/ai/lead-score/lead_123', { writeBack: 'true' }]);
  assert.deepEqual(result.topPositiveFactors, [{ feature: 'completeness', value: 0.9, impact: 0.8 }]);
  assert.deepEqual([result.model, result.modelVersion, result.writtenBack], ['lead model v2', 2, true]);
  assert.deepEqual((await sent(() => client.ai.leadScore('lead_123'))).query, {});
});

test('models: every version with its metrics, and the live accuracy', async () => {
  const { method, path, query, body, result } = await sent(() => client.ai.models.list());
  assert.deepEqual([method, path, query, body], ['GET', '/ai/models', {}, undefined]);
  assert.deepEqual(result, MODELS);
  const current = result.models.find((m) => m.name === 'win' && m.current);
  assert.equal(current.version, 2);
  assert.equal(current.metrics.auc, 0.82);
  assert.equal(current.metrics.calibration[0].band, '0-20%');
  assert.equal(current.baseline.name, 'stage prior');
  assert.equal(current.live.resolved, 25);
  assert.equal(result.accuracy.win.byMonth[1].month, '2026-03');
  assert.equal(result.accuracy.lead.auc, undefined);
});

test('train: the new version, or why none was trained', async () => {
  const win = await sent(() => client.ai.models.train('win'));
  assert.deepEqual([win.method, win.path, win.query, win.body], ['POST', '/ai/models/win/train', {}, undefined]);
  assert.deepEqual(win.result, TRAINED);
  assert.equal(win.result.trained, true);
  assert.equal(win.result.version, 4);

  const lead = await sent(() => client.ai.models.train('lead'));
  assert.deepEqual([lead.method, lead.path], ['POST', '/ai/models/lead/train']);
  assert.equal(lead.result.trained, false);
  assert.match(lead.result.reason, /^A lead model needs at least 40/);
});

test('backfill: started (202) and its status', async () => {
  const started = await sent(() => client.ai.models.backfill());
  assert.deepEqual([started.method, started.path, started.query, started.body], ['POST', '/ai/models/backfill', {}, undefined]);
  assert.deepEqual(started.result, RUNNING);

  const status = await sent(() => client.ai.models.backfillStatus());
  assert.deepEqual([status.method, status.path, status.query], ['GET', '/ai/models/backfill', {}]);
  assert.equal(status.result.state, 'failed');
  assert.equal(status.result.stored.Opportunity, 5400);
  assert.equal(status.result.error, 'query-service unavailable');
});
