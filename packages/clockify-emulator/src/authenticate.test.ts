import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_WORKSPACE_ID, type Emulator, startClockifyEmulator } from './index.js';
import { createTestClient } from './test-client.js';

describe('authentication and routing', () => {
  let emulator: Emulator;
  let call: ReturnType<typeof createTestClient>;
  beforeAll(async () => {
    emulator = await startClockifyEmulator();
    call = createTestClient(emulator, DEMO_API_KEY);
  });
  afterAll(() => emulator.stop());

  const noneOrMultiple = { message: 'Multiple or none auth tokens present', code: 1000 };

  it('answers 401 code 1000 without a key', async () => {
    const reply = await call('GET', '/user', { apiKey: null });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual(noneOrMultiple);
    expect(reply.headers.get('content-type')).toBe('application/json');
  });

  it('answers 401 code 1000 for both X-Api-Key and X-Addon-Token', async () => {
    const reply = await call('GET', '/user', { headers: { 'X-Addon-Token': 'token' } });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual(noneOrMultiple);
  });

  it('answers 401 code 1000 for a Bearer token, with or without a key', async () => {
    const bearerOnly = await call('GET', '/user', {
      apiKey: null,
      headers: { Authorization: `Bearer ${DEMO_API_KEY}` },
    });
    expect(bearerOnly.status).toBe(401);
    expect(bearerOnly.json).toEqual(noneOrMultiple);
    const both = await call('GET', '/user', { headers: { Authorization: 'Bearer abc' } });
    expect(both.json).toEqual(noneOrMultiple);
  });

  it('answers 401 code 4003 for an unknown key', async () => {
    const reply = await call('GET', '/user', { apiKey: 'not-a-key' });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: 'Api key does not exist', code: 4003 });
  });

  it('answers 401 code 4017 for an add-on token alone', async () => {
    const reply = await call('GET', '/user', { apiKey: null, headers: { 'X-Addon-Token': 'token' } });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: 'Token is not valid', code: 4017 });
  });

  it('answers 404 code 3000 for unknown routes, wrong methods and paths outside /api/v1', async () => {
    for (const [method, path] of [
      ['GET', '/nothing-here'],
      ['PATCH', `/workspaces/${DEMO_WORKSPACE_ID}/time-entries/aaaaaaaaaaaaaaaaaaaaaaaa`],
      ['GET', `/workspaces/${DEMO_WORKSPACE_ID}/time-entries`],
      ['GET', '/user/'],
    ] as const) {
      const reply = await call(method, path);
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect((reply.json as { code: number }).code).toBe(3000);
    }
    const outside = await fetch(`${emulator.url}/v1/user`);
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as { code: number }).code).toBe(3000);
  });

  it('records requests with secrets redacted and counts all of them', async () => {
    emulator.reset();
    await call('GET', '/user');
    await call('GET', '/user', { apiKey: 'wrong-key' });
    const [ok, denied] = emulator.requests();
    expect(emulator.requestCount()).toBe(2);
    expect(ok).toMatchObject({ method: 'GET', path: '/api/v1/user', query: '', status: 200 });
    expect(ok?.userId).toBe(emulator.seed.users[0]?.id);
    expect(ok?.headers['x-api-key']).toBe('[REDACTED]');
    expect(denied?.status).toBe(401);
    expect(JSON.stringify(emulator.requests())).not.toContain(DEMO_API_KEY);
  });
});

describe('request log', () => {
  it('keeps only the last requestLogSize requests but counts every one', async () => {
    const emulator = await startClockifyEmulator({ requestLogSize: 3 });
    try {
      const call = createTestClient(emulator, DEMO_API_KEY);
      for (let page = 1; page <= 5; page++)
        await call('GET', `/workspaces/${DEMO_WORKSPACE_ID}/projects?page=${page}`);
      expect(emulator.requestCount()).toBe(5);
      expect(emulator.requests().map((request) => request.query)).toEqual(['page=3', 'page=4', 'page=5']);
    } finally {
      await emulator.stop();
    }
  });
});
