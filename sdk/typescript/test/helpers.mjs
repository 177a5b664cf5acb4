// A real HTTP server on 127.0.0.1 that plays the API for the unit tests (not a test file itself).
import http from 'node:http';

/**
 * Starts a server whose answers come from `handler(request)`: `{ status, headers, body }` (body as JSON
 * unless a string). Every request is recorded in `requests` with its method, path, query, headers, body
 * and arrival time.
 */
export async function fakeApi(handler) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) {
      text += chunk;
    }
    const url = new URL(req.url, 'http://localhost');
    const request = {
      method: req.method,
      path: url.pathname.replace(/^\/v1/, ''),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
      at: Date.now(),
    };
    requests.push(request);
    const answer = (await handler(request, requests)) ?? {
      status: 404, body: { error: { code: 'NOT_FOUND', message: `No route ${req.method} ${request.path}`, details: [] } },
    };
    const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...answer.headers });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}

export function envelope(status, code, message, details = []) {
  return { status, body: { error: { code, message, details } } };
}
