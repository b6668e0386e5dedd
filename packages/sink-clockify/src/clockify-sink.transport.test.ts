import { inspect } from 'node:util';
import { SinkError } from '@tracker/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClockifySink } from './index.js';
import { allocation, apiKey, resolveKey, workspaceId } from './testing/clockify-fixtures.js';
import { closedPortBaseUrl, type FakeClockify, startFakeClockify } from './testing/fake-clockify-server.js';

// Real sockets on 127.0.0.1: nock cannot produce the errors fetch really throws (toolchain.md, gotcha 8).
let server: FakeClockify;
beforeAll(async () => {
  server = await startFakeClockify({ apiKey, workspaceId });
});
afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}

function expectNoKey(error: unknown): void {
  expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(apiKey);
}

describe('push over real sockets', () => {
  it('a closed port on 127.0.0.1 → network: nothing was created, and the host is named', async () => {
    const baseUrl = await closedPortBaseUrl();
    const error = await failure(
      createClockifySink({ apiKey: resolveKey, workspaceId, baseUrl }).push(allocation),
    );
    expect(error).toMatchObject({ kind: 'network', retryable: true, maybeCreated: false });
    expect((error as Error).message).toContain(`could not be reached at ${new URL(baseUrl).host}`);
    expect((error as Error).message).toMatch(/ECONNREFUSED.*nothing was created/);
    expectNoKey(error);
  });

  it('a server that accepts and never answers → no-reply once timeoutMs has passed', async () => {
    server.arrange('no-reply');
    const started = Date.now();
    const error = await failure(
      createClockifySink({ apiKey: resolveKey, workspaceId, baseUrl: server.baseUrl, timeoutMs: 250 }).push(
        allocation,
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(error).toMatchObject({ kind: 'no-reply', retryable: true, maybeCreated: true });
    expect((error as Error).message).toMatch(
      /did not answer POST .* within 250 ms\. The time entry may or may not have been created/,
    );
    expect(server.requests).toHaveLength(1);
    expectNoKey(error);
  });

  it('a success whose body never completes → no-reply (the deadline covers the body)', async () => {
    server.arrange('slow-body');
    const error = await failure(
      createClockifySink({ apiKey, workspaceId, baseUrl: server.baseUrl, timeoutMs: 250 }).push(allocation),
    );
    expect(error).toMatchObject({ kind: 'no-reply', maybeCreated: true });
  });

  it('a connection dropped after the request was sent → no-reply', async () => {
    server.arrange('drop');
    const error = await failure(
      createClockifySink({ apiKey, workspaceId, baseUrl: server.baseUrl }).push(allocation),
    );
    expect(error).toMatchObject({ kind: 'no-reply', maybeCreated: true });
    expect((error as Error).message).toMatch(
      /no complete answer to POST .*: the connection broke \(UND_ERR_SOCKET\)/,
    );
    expect(server.requests).toHaveLength(1);
    expectNoKey(error);
  });
});

describe('cancellation', () => {
  it('an already aborted signal rejects with its reason, before the key is even resolved', async () => {
    let resolved = 0;
    const sink = createClockifySink({
      apiKey: async () => {
        resolved += 1;
        return apiKey;
      },
      workspaceId,
      baseUrl: server.baseUrl,
    });
    server.arrange('created');
    const reason = new Error('user pressed Ctrl-C');
    const error = await failure(sink.push(allocation, { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    expect(resolved).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('aborting in flight rejects with an AbortError, not a SinkError', async () => {
    server.arrange('no-reply');
    const controller = new AbortController();
    const sink = createClockifySink({ apiKey, workspaceId, baseUrl: server.baseUrl, timeoutMs: 10_000 });
    const pending = failure(sink.push(allocation, { signal: controller.signal }));
    for (let waited = 0; server.requests.length === 0 && waited < 5_000; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    controller.abort();
    const error = await pending;
    expect(SinkError.is(error)).toBe(false);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});

describe('fetch failures, told apart by their cause code', () => {
  const fetchFailing =
    (cause: unknown): typeof fetch =>
    async () => {
      throw new TypeError('fetch failed', { cause });
    };
  const push = (cause: unknown) =>
    failure(createClockifySink({ apiKey, workspaceId, fetch: fetchFailing(cause) }).push(allocation));

  it.each([
    ['ENOTFOUND', { code: 'ENOTFOUND', hostname: 'api.clockify.me' }],
    ['EAI_AGAIN', { code: 'EAI_AGAIN' }],
    ['an expired certificate', { code: 'CERT_HAS_EXPIRED' }],
    ['a self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }],
    ['a wrong host name on the certificate', { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }],
    ['a connect timeout', { code: 'UND_ERR_CONNECT_TIMEOUT' }],
    [
      'every address refusing (AggregateError)',
      new AggregateError([{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }]),
    ],
  ])('%s → network (nothing was sent)', async (_title, cause) => {
    const error = await push(cause);
    expect(error).toMatchObject({ kind: 'network', maybeCreated: false });
    expect((error as Error).message).toContain('could not be reached at api.clockify.me');
  });

  it.each([
    ['ECONNRESET', { code: 'ECONNRESET' }],
    ['other side closed', { code: 'UND_ERR_SOCKET', message: 'other side closed' }],
    ['a cause without a code', new Error('something odd')],
    ['no cause at all', undefined],
  ])('%s → no-reply (it may have been created)', async (_title, cause) => {
    expect(await push(cause)).toMatchObject({ kind: 'no-reply', maybeCreated: true });
  });

  it('is tried once, for reads too (ky would retry a GET by default)', async () => {
    let calls = 0;
    const refusing: typeof fetch = async () => {
      calls += 1;
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    };
    const error = await failure(createClockifySink({ apiKey, workspaceId, fetch: refusing }).check());
    expect(error).toMatchObject({ kind: 'no-reply' });
    expect(calls).toBe(1);
  });

  it('a timeout error from the fetch layer → no-reply', async () => {
    const timingOut: typeof fetch = async () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    };
    const error = await failure(
      createClockifySink({ apiKey, workspaceId, fetch: timingOut }).push(allocation),
    );
    expect(error).toMatchObject({ kind: 'no-reply' });
  });

  it('keeps nothing of an error that carries the request (and its key)', async () => {
    const leaky: typeof fetch = async (input) => {
      const error = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      Object.assign(error, { request: input, headers: { 'x-api-key': apiKey } });
      throw error;
    };
    const error = await failure(createClockifySink({ apiKey, workspaceId, fetch: leaky }).push(allocation));
    expect(error).toMatchObject({ kind: 'no-reply', cause: { code: 'ECONNRESET' } });
    expectNoKey(error);
  });
});
