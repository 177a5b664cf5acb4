import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { HotCRMClient, HotCRMError } from '../dist/index.js';
import { envelope, fakeApi } from './helpers.mjs';

const servers = [];
after(() => Promise.all(servers.map((s) => s.close())));

const EMAIL = 'admin@hotcrm.local';
const PASSWORD = 'correct horse battery';

/** auth-service and a records endpoint: rotating refresh tokens, access tokens the test can revoke. */
async function authApi({ expiresIn = 3600 } = {}) {
  let n = 0;
  const state = { valid: new Set(), refresh: new Set(), calls: { login: 0, refresh: 0, logout: 0 } };
  const issue = () => {
    n++;
    state.valid.add(`at-${n}`);
    state.refresh.add(`rt-${n}`);
    return { body: { token: `at-${n}`, expiresIn, refreshToken: `rt-${n}` } };
  };
  const server = await fakeApi((req) => {
    if (req.path === '/auth/token') {
      state.calls.login++;
      return req.body.email === EMAIL && req.body.password === PASSWORD
        ? issue() : envelope(401, 'AUTHENTICATION_ERROR', 'Wrong email or password');
    }
    if (req.path === '/auth/refresh') {
      state.calls.refresh++;
      if (!state.refresh.delete(req.body.refreshToken)) {
        return envelope(401, 'AUTHENTICATION_ERROR', 'Refresh token is no longer valid');
      }
      return issue();
    }
    if (req.path === '/auth/logout') {
      state.calls.logout++;
      state.refresh.delete(req.body.refreshToken);
      return { status: 204 };
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!state.valid.has(token)) {
      return envelope(401, 'AUTHENTICATION_ERROR', 'Token expired');
    }
    return { body: { Id: req.path.split('/').pop(), Name: 'Acme', token } };
  });
  servers.push(server);
  return { server, state, data: () => server.requests.filter((r) => !r.path.startsWith('/auth/')) };
}

test('email and password: signs in on the first request, once for concurrent ones', async () => {
  const { server, state } = await authApi();
  const client = new HotCRMClient({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });

  const records = await Promise.all(['acc_1', 'acc_2', 'acc_3'].map((id) => client.accounts.get(id)));

  assert.deepEqual(records.map((r) => r.token), ['at-1', 'at-1', 'at-1']);
  assert.equal(state.calls.login, 1);
  assert.deepEqual(server.requests[0].body, { email: EMAIL, password: PASSWORD });
  assert.equal(server.requests[0].headers.authorization, undefined, 'login carries no token');
});

test('HotCRMClient.login signs in at once; wrong credentials fail there', async () => {
  const { server, state } = await authApi();

  const client = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });
  assert.equal(state.calls.login, 1);
  assert.equal(client.tokens.token, 'at-1');
  assert.equal(client.tokens.refreshToken, 'rt-1');
  assert.ok(Math.abs(client.tokens.expiresAt - (Date.now() + 3600_000)) < 5000);

  await assert.rejects(HotCRMClient.login({ email: EMAIL, password: 'wrong', baseUrl: server.baseUrl }),
    { name: 'HotCRMError', code: 'AUTHENTICATION_ERROR', status: 401 });
});

test('a 401 (token expired or revoked) is refreshed once and the request retried, unnoticed', async () => {
  const { server, state, data } = await authApi();
  const client = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });
  state.valid.clear(); // the server no longer accepts at-1

  const account = await client.accounts.get('acc_1');

  assert.equal(account.token, 'at-2');
  assert.equal(state.calls.refresh, 1);
  assert.equal(state.calls.login, 1, 'refreshed, not signed in again');
  assert.deepEqual(server.requests.find((r) => r.path === '/auth/refresh').body, { refreshToken: 'rt-1' });
  assert.deepEqual(data().map((r) => r.headers.authorization), ['Bearer at-1', 'Bearer at-2']);
  assert.equal(client.tokens.refreshToken, 'rt-2');
});

test('a corrupted access token is refreshed the same way', async () => {
  const { server, state } = await authApi();
  const client = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });
  client.setTokens({ ...client.tokens, token: 'not-a-token' });

  assert.equal((await client.accounts.get('acc_1')).token, 'at-2');
  assert.equal(state.calls.refresh, 1);
});

test('concurrent 401s share one refresh (a refresh token works only once)', async () => {
  const { server, state } = await authApi();
  const client = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });
  state.valid.clear();

  const records = await Promise.all(Array.from({ length: 6 }, (_, i) => client.accounts.get(`acc_${i}`)));

  assert.ok(records.every((r) => r.token === 'at-2'));
  assert.equal(state.calls.refresh, 1);
  assert.equal(state.calls.login, 1);
});

test('a token about to expire (by expiresIn) is refreshed before the request, without a 401', async () => {
  const { server, state, data } = await authApi();
  const client = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });
  client.setTokens({ ...client.tokens, expiresAt: Date.now() + 5_000 }); // inside the 30 s margin

  assert.equal((await client.accounts.get('acc_1')).token, 'at-2');
  assert.equal(state.calls.refresh, 1);
  assert.deepEqual(data().map((r) => r.headers.authorization), ['Bearer at-2']);
});

test('short-lived tokens (expiresIn) are refreshed as they run out', async () => {
  const { server, state } = await authApi({ expiresIn: 20 }); // always inside the margin
  const client = new HotCRMClient({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });

  await client.accounts.get('acc_1');
  await client.accounts.get('acc_2');
  assert.equal(state.calls.login, 1);
  assert.equal(state.calls.refresh, 1);
});

test('a refused refresh token signs in again with the password', async () => {
  const { server, state } = await authApi();
  const client = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });
  state.valid.clear();
  state.refresh.clear(); // e.g. the login was ended elsewhere

  assert.equal((await client.accounts.get('acc_1')).token, 'at-2');
  assert.equal(state.calls.refresh, 1);
  assert.equal(state.calls.login, 2);
});

test('a session without the password fails with AUTHENTICATION_ERROR when its refresh token is refused', async () => {
  const { server, state } = await authApi();
  const client = new HotCRMClient({ baseUrl: server.baseUrl, session: { token: 'at-0', refreshToken: 'rt-0' } });

  await assert.rejects(client.accounts.get('acc_1'), { code: 'AUTHENTICATION_ERROR', status: 401 });
  assert.equal(state.calls.refresh, 1);
  assert.equal(state.calls.login, 0);
});

test('a session saved through onTokens continues in a new client', async () => {
  const { server, state } = await authApi();
  const saved = [];
  const first = new HotCRMClient({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl, onTokens: (t) => saved.push(t) });
  await first.accounts.get('acc_1');
  state.valid.clear();
  await first.accounts.get('acc_2');
  assert.deepEqual(saved.map((t) => t.token), ['at-1', 'at-2']);

  const second = new HotCRMClient({ baseUrl: server.baseUrl, session: saved.at(-1) });
  assert.equal((await second.accounts.get('acc_3')).token, 'at-2');
  assert.equal(state.calls.login, 1);
});

test('a 401 after the refresh is not retried again', async () => {
  const { server, state } = await authApi();
  const client = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });
  const originalAdd = state.valid.add.bind(state.valid);
  state.valid.clear();
  state.valid.add = () => state.valid; // nothing is ever accepted

  await assert.rejects(client.accounts.get('acc_1'), { code: 'AUTHENTICATION_ERROR' });
  assert.equal(state.calls.refresh, 1);
  state.valid.add = originalAdd;
});

test('an API key is sent as is and never refreshed', async () => {
  const { server, state } = await authApi();
  const client = new HotCRMClient({ apiKey: 'hcrm_abc_secret', baseUrl: server.baseUrl });

  await assert.rejects(client.accounts.get('acc_1'), (e) => e instanceof HotCRMError && e.status === 401);
  assert.equal(server.requests[0].headers.authorization, 'Bearer hcrm_abc_secret');
  assert.deepEqual(state.calls, { login: 0, refresh: 0, logout: 0 });
  assert.equal(client.tokens, undefined);
});

test('logout ends the login on the server', async () => {
  const { server, state } = await authApi();
  const client = await HotCRMClient.login({ email: EMAIL, password: PASSWORD, baseUrl: server.baseUrl });

  await client.logout();

  assert.equal(state.calls.logout, 1);
  assert.deepEqual(server.requests.at(-1).body, { refreshToken: 'rt-1' });
  assert.equal(client.tokens, undefined);
});

test('the client needs some credentials', () => {
  assert.throws(() => new HotCRMClient({ baseUrl: 'http://localhost/v1' }), TypeError);
});
