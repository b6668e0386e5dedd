import { inspect } from 'node:util';
import { SinkError, type SinkErrorKind } from '@tracker/core';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ClockifyRegion, createClockifySink } from './index.js';
import {
  allocation,
  apiKey,
  clockifyEntry,
  entriesPath,
  entryId,
  origin,
  projectId,
  resolveKey,
  workspaceId,
} from './testing/clockify-fixtures.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const sink = () => createClockifySink({ apiKey: resolveKey, workspaceId });

async function pushFailure(): Promise<SinkError> {
  const error = await createClockifySink({ apiKey: resolveKey, workspaceId })
    .push(allocation)
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  if (!SinkError.is(error)) throw new Error(`expected a SinkError, got ${String(error)}`);
  return error;
}

function expectNoKey(error: unknown): void {
  expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toContain(apiKey);
  expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(apiKey);
  expect(JSON.stringify(error)).not.toContain(apiKey);
}

describe('push: the request', () => {
  it('POSTs one JSON entry with the raw key and whole-second UTC times, and resolves with the id', async () => {
    let seen: { headers: Record<string, unknown>; body: Record<string, unknown> } | undefined;
    nock(origin)
      .post(entriesPath)
      .reply(function (_uri, body) {
        seen = { headers: { ...this.req.headers }, body: body as Record<string, unknown> };
        return [201, clockifyEntry()];
      });
    const withMilliseconds = {
      projectId,
      start: new Date('2026-02-04T15:00:00.750Z'),
      end: new Date('2026-02-04T16:00:00.001Z'),
    };

    await expect(sink().push(withMilliseconds)).resolves.toBe(entryId);

    expect(seen?.headers['x-api-key']).toBe(apiKey);
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers.accept).toBe('application/json');
    expect(seen?.headers.authorization).toBeUndefined();
    expect(seen?.headers['x-addon-token']).toBeUndefined();
    expect(Object.keys(seen?.body ?? {})).toEqual(['start', 'end', 'projectId', 'description']);
    expect(seen?.body).toEqual({
      start: '2026-02-04T15:00:00Z',
      end: '2026-02-04T16:00:00Z',
      projectId,
      description: 'Development',
    });
  });

  it('writes the configured description', async () => {
    let description: unknown;
    nock(origin)
      .post(entriesPath, (body: { description?: unknown }) => {
        description = body.description;
        return true;
      })
      .reply(201, clockifyEntry({ description: 'Code review' }));
    await createClockifySink({ apiKey, workspaceId, description: 'Code review' }).push(allocation);
    expect(description).toBe('Code review');
  });

  it('accepts a reply with unknown extra fields and a null projectId', async () => {
    nock(origin)
      .post(entriesPath)
      .reply(201, { ...clockifyEntry({ projectId: null }), somethingNew: { nested: true } });
    await expect(sink().push(allocation)).resolves.toBe(entryId);
  });

  it('refuses an invalid allocation without sending anything', async () => {
    const scope = nock(origin).post(entriesPath).reply(201, clockifyEntry());
    const backwards = { projectId, start: allocation.end, end: allocation.start };
    await expect(sink().push(backwards)).rejects.toMatchObject({
      kind: 'rejected',
      message: /end is not after start/,
    });
    expect(scope.isDone()).toBe(false);
  });
});

type Row = [
  title: string,
  status: number,
  body: string | Record<string, unknown>,
  kind: SinkErrorKind,
  code: number | undefined,
  message: RegExp[],
];

const rows: Row[] = [
  [
    'unknown key',
    401,
    { message: 'Api key does not exist', code: 4003 },
    'auth',
    4003,
    [
      /^Clockify rejected the API key from env:CLOCKIFY_API_KEY \(401, code 4003: Api key does not exist\)/,
      /keys work only on their own region's host \(this one is api\.clockify\.me\)/,
    ],
  ],
  [
    'no or two auth headers',
    401,
    { message: 'Multiple or none auth tokens present', code: 1000 },
    'auth',
    1000,
    [/\(401, code 1000: Multiple or none auth tokens present\)/, /region/],
  ],
  [
    'key not allowed here',
    403,
    { message: 'Access Denied', code: 501 },
    'forbidden',
    501,
    [/\(403, code 501: Access Denied\)/, new RegExp(`cannot use workspace ${workspaceId}`)],
  ],
  [
    "workspace the key's user is not in",
    400,
    { message: "User doesn't belong to Workspace", code: 501 },
    'forbidden',
    501,
    [new RegExp(`cannot use workspace ${workspaceId}`)],
  ],
  [
    'project of another workspace',
    400,
    { message: "Project doesn't belong to Workspace", code: 501 },
    'rejected',
    501,
    [
      new RegExp(`project ${projectId} is not in workspace ${workspaceId}`),
      /code 501: Project doesn't belong/,
    ],
  ],
  [
    'end before start',
    400,
    {
      message: 'Start datetime 2020-12-01T14:57:28Z is greater than end datetime 2020-12-01T14:57:27Z.',
      code: 501,
    },
    'rejected',
    501,
    [/\(400, code 501: Start datetime 2020-12-01T14:57:28Z is greater than end datetime/],
  ],
  [
    'required project missing',
    400,
    {
      message:
        "Time entry couldn't be created. Project is either required field or given project is archived. Please contact workspace admin.",
      code: 501,
    },
    'rejected',
    501,
    [/Project is either required field/],
  ],
  [
    'malformed JSON',
    400,
    { message: 'JSON parse error: Unexpected character', code: 3002 },
    'rejected',
    3002,
    [/code 3002: JSON parse error/],
  ],
  [
    'unknown route',
    404,
    { message: 'No static resource api/v1/workspace.', code: 3000 },
    'rejected',
    3000,
    [/\(404, code 3000: No static resource/, /Check baseUrl, region and workspaceId/],
  ],
  [
    'unknown route, empty body',
    404,
    '',
    'rejected',
    undefined,
    [/\(404\)/, /Check baseUrl, region and workspaceId/],
  ],
  [
    'unprocessable',
    422,
    { message: 'Unprocessable', code: 422 },
    'rejected',
    422,
    [/\(422, code 422: Unprocessable\)/],
  ],
  ['rate limited', 429, '', 'rate-limited', undefined, [/rate-limiting/, /Wait, then try again/]],
  [
    'server error',
    500,
    { message: 'Internal Server Error', code: 500 },
    'unavailable',
    500,
    [/may or may not have been created/],
  ],
  [
    'bad gateway, HTML body',
    502,
    '<html>Bad Gateway</html>',
    'unavailable',
    undefined,
    [/\(502\)/, /may or may not have been created/],
  ],
  ['unavailable', 503, '', 'unavailable', undefined, [/\(503\)/, /may or may not have been created/]],
  [
    '201 without id',
    201,
    { description: 'Development' },
    'bad-response',
    undefined,
    [/201/, /valid time entry id/, /may or may not have been created/],
  ],
  ['201 with a numeric id', 201, { id: 12345 }, 'bad-response', undefined, [/valid time entry id/]],
  ['201 that is not JSON', 201, 'Created', 'bad-response', undefined, [/valid time entry id/]],
  ['204 with no body', 204, '', 'bad-response', undefined, [/204/, /may or may not have been created/]],
];

describe('push: each answer becomes the right SinkError', () => {
  it.each(rows)('%s (%i) → %s', async (_title, status, body, kind, code, messages) => {
    const scope = nock(origin).post(entriesPath).times(2).reply(status, body);
    const error = await pushFailure();

    expect(error).toMatchObject({ kind, sink: 'clockify', status });
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^Clockify /);
    for (const message of messages) expect(error.message).toMatch(message);
    expectNoKey(error);
    // One request only: the second use of the interceptor is still waiting.
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('caps the echoed Clockify message at about 300 characters', async () => {
    nock(origin)
      .post(entriesPath)
      .reply(400, { message: `Bad ${'x'.repeat(2000)}`, code: 501 });
    const error = await pushFailure();
    expect(error.message).toContain(`Bad ${'x'.repeat(296)}…`);
    expect(error.message).not.toContain('x'.repeat(301));
  });

  it('never repeats the key, even when Clockify echoes it', async () => {
    nock(origin)
      .post(entriesPath)
      .reply(400, { message: `Header X-Api-Key ${apiKey} is malformed`, code: 3002 });
    const error = await pushFailure();
    expect(error.message).toContain('Header X-Api-Key [redacted] is malformed');
    expectNoKey(error);
  });
});

describe('push: Retry-After', () => {
  it('reads delta-seconds', async () => {
    nock(origin).post(entriesPath).reply(429, '', { 'Retry-After': '30' });
    const error = await pushFailure();
    expect(error).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 30_000,
      retryable: true,
      maybeCreated: false,
    });
    expect(error.message).toMatch(/Try again in 30 s/);
  });

  it('reads an HTTP date', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    nock(origin).post(entriesPath).reply(429, '', { 'Retry-After': inAnHour });
    const { retryAfterMs } = await pushFailure();
    expect(retryAfterMs).toBeGreaterThan(3_500_000);
    expect(retryAfterMs).toBeLessThanOrEqual(3_600_000);
  });

  it('treats a date in the past as "now", and an unreadable value as unknown', async () => {
    nock(origin).post(entriesPath).reply(429, '', { 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' });
    expect((await pushFailure()).retryAfterMs).toBe(0);
    nock(origin).post(entriesPath).reply(429, '', { 'Retry-After': 'soon' });
    expect((await pushFailure()).retryAfterMs).toBeUndefined();
  });
});

describe('push: hosts', () => {
  const expectedHosts: Array<[ClockifyRegion, string]> = [
    ['global', 'https://api.clockify.me'],
    ['euc1', 'https://euc1.clockify.me'],
    ['use2', 'https://use2.clockify.me'],
    ['euw2', 'https://euw2.clockify.me'],
    ['apse2', 'https://apse2.clockify.me'],
    ['developer', 'https://developer.clockify.me'],
  ];

  it.each(expectedHosts)('region %s posts to %s/api/v1', async (region, host) => {
    nock(host).post(entriesPath).reply(201, clockifyEntry());
    const regional = createClockifySink({ apiKey, workspaceId, region });
    expect(regional.target).toBe(`clockify:${new URL(host).host}/workspaces/${workspaceId}`);
    await expect(regional.push(allocation)).resolves.toBe(entryId);
  });

  it('baseUrl overrides region, with or without a trailing slash', async () => {
    nock('http://clockify.internal:8080')
      .post(`/proxy/v1/workspaces/${workspaceId}/time-entries`)
      .reply(201, clockifyEntry());
    const custom = createClockifySink({
      apiKey,
      workspaceId,
      region: 'euc1',
      baseUrl: 'http://clockify.internal:8080/proxy/v1/',
    });
    expect(custom.target).toBe(`clockify:clockify.internal:8080/workspaces/${workspaceId}`);
    await expect(custom.push(allocation)).resolves.toBe(entryId);
  });

  it('names the regional host in the 401 hint', async () => {
    nock('https://euc1.clockify.me')
      .post(entriesPath)
      .reply(401, { message: 'Api key does not exist', code: 4003 });
    const error = await createClockifySink({ apiKey, workspaceId, region: 'euc1' })
      .push(allocation)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'auth',
      message: expect.stringContaining('this one is euc1.clockify.me'),
    });
    expect(error).toMatchObject({ message: expect.stringContaining('from options.apiKey') });
  });
});
