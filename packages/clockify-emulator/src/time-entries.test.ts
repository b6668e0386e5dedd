import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startClockifyEmulator, type TimeEntry } from './index.js';
import {
  ALICE_ID,
  ALICE_KEY,
  BERLIN_KEY,
  BERLIN_WORKSPACE,
  createTestClient,
  PROJECT_ALPHA,
  PROJECT_BETA,
  PROJECT_FOREIGN,
  PROJECT_OLD,
  SHARED_WORKSPACE,
  twoUserSeed,
} from './test-client.js';

const ENTRIES = `/workspaces/${SHARED_WORKSPACE}/time-entries`;
const HEX_24 = /^[0-9a-f]{24}$/;

describe('time entries', () => {
  let emulator: Emulator;
  let call: ReturnType<typeof createTestClient>;
  beforeAll(async () => {
    emulator = await startClockifyEmulator({ seed: twoUserSeed });
    call = createTestClient(emulator, ALICE_KEY);
  });
  beforeEach(() => emulator.reset());
  afterAll(() => emulator.stop());

  const projectNotInWorkspace = { message: "Project doesn't belong to Workspace", code: 501 };
  const entryNotInWorkspace = { message: "Time entry doesn't belong to Workspace", code: 501 };

  it('creates an entry: 201 with the full shape, a 24-hex id and an ISO-8601 duration', async () => {
    const reply = await call('POST', ENTRIES, {
      body: {
        start: '2026-02-04T15:00:00Z',
        end: '2026-02-04T16:30:05Z',
        projectId: PROJECT_ALPHA,
        description: 'Dev',
      },
    });
    expect(reply.status).toBe(201);
    const entry = reply.json as TimeEntry;
    expect(entry.id).toMatch(HEX_24);
    expect(entry).toMatchObject({
      description: 'Dev',
      projectId: PROJECT_ALPHA,
      userId: ALICE_ID,
      workspaceId: SHARED_WORKSPACE,
      billable: false,
      tagIds: [],
      taskId: null,
      type: 'REGULAR',
      timeInterval: { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:30:05Z', duration: 'PT1H30M5S' },
    });
    expect(emulator.entries(SHARED_WORKSPACE)).toEqual([entry]);
    expect(emulator.entries(BERLIN_WORKSPACE)).toEqual([]);
  });

  it('truncates milliseconds, takes offsets, and writes durations the way Java does', async () => {
    const cases = [
      [
        { start: '2026-02-04T15:00:00.999Z', end: '2026-02-04T15:00:59.999Z' },
        '2026-02-04T15:00:00Z',
        'PT59S',
      ],
      [
        { start: '2026-02-04T17:00:00+02:00', end: '2026-02-05T17:00:00+02:00' },
        '2026-02-04T15:00:00Z',
        'PT24H',
      ],
      [{ start: '2026-02-04T15:00:00Z', end: '2026-02-04T15:00:00Z' }, '2026-02-04T15:00:00Z', 'PT0S'],
    ] as const;
    for (const [times, start, duration] of cases) {
      const reply = await call('POST', ENTRIES, { body: { ...times, projectId: PROJECT_BETA } });
      expect(reply.status).toBe(201);
      expect((reply.json as TimeEntry).timeInterval).toMatchObject({ start, duration });
    }
  });

  it('starts a running timer when end is left out', async () => {
    const reply = await call('POST', ENTRIES, { body: { start: '2026-02-04T15:00:00Z' } });
    expect(reply.status).toBe(201);
    expect((reply.json as TimeEntry).timeInterval).toEqual({
      start: '2026-02-04T15:00:00Z',
      end: null,
      duration: null,
    });
    expect((reply.json as TimeEntry).projectId).toBeNull();
  });

  it('gives every entry its own id, even for identical bodies (no idempotency)', async () => {
    const body = { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z', projectId: PROJECT_ALPHA };
    const headers = { 'Idempotency-Key': 'same' };
    const first = await call('POST', ENTRIES, { body, headers });
    const second = await call('POST', ENTRIES, { body, headers });
    expect((first.json as TimeEntry).id).not.toBe((second.json as TimeEntry).id);
    expect(emulator.entries()).toHaveLength(2);
  });

  it('answers 400 "Project doesn\'t belong to Workspace" for unknown, foreign and malformed project ids', async () => {
    for (const projectId of ['ffffffffffffffffffffffff', PROJECT_FOREIGN, 'not-an-id', 42]) {
      const reply = await call('POST', ENTRIES, {
        body: { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z', projectId },
      });
      expect(reply.status, String(projectId)).toBe(400);
      expect(reply.json).toEqual(projectNotInWorkspace);
    }
    expect(emulator.entries()).toEqual([]);
  });

  it('refuses an archived project', async () => {
    const reply = await call('POST', ENTRIES, {
      body: { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z', projectId: PROJECT_OLD },
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ code: 501 });
    expect((reply.json as { message: string }).message).toContain('given project is archived');
  });

  it('answers 400 JSON parse error 3002 for bad JSON, malformed dates and dates without a zone', async () => {
    const bodies = [
      '{"start": "2026-02-04T15:00:00Z",',
      '',
      JSON.stringify({ start: '2026-02-30T15:00:00Z', end: '2026-02-04T16:00:00Z' }),
      JSON.stringify({ start: 'yesterday', end: '2026-02-04T16:00:00Z' }),
      JSON.stringify({ start: '2026-02-04T15:00:00Z', end: '2026-02-04 16:00' }),
      JSON.stringify({ start: '2026-02-04T15:00:00', end: '2026-02-04T16:00:00Z' }),
      JSON.stringify([1, 2]),
    ];
    for (const rawBody of bodies) {
      const reply = await call('POST', ENTRIES, { rawBody, headers: { 'Content-Type': 'application/json' } });
      expect(reply.status, rawBody).toBe(400);
      expect((reply.json as { code: number }).code, rawBody).toBe(3002);
      expect((reply.json as { message: string }).message).toMatch(/^JSON parse error: /);
    }
    expect(emulator.entries()).toEqual([]);
  });

  it('answers 400 when start is after end, naming both', async () => {
    const reply = await call('POST', ENTRIES, {
      body: { start: '2020-12-01T14:57:28Z', end: '2020-12-01T14:57:27Z' },
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      message: 'Start datetime 2020-12-01T14:57:28Z is greater than end datetime 2020-12-01T14:57:27Z.',
      code: 501,
    });
  });

  it('refuses a missing start, unknown tags, unknown tasks and over-long descriptions', async () => {
    const end = '2026-02-04T16:00:00Z';
    const start = '2026-02-04T15:00:00Z';
    const bad: Record<string, unknown>[] = [
      { end },
      { start, end, tagIds: ['aaaaaaaaaaaaaaaaaaaaaaaa'] },
      { start, end, taskId: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
      { start, end, description: 'x'.repeat(3001) },
    ];
    for (const body of bad) {
      const reply = await call('POST', ENTRIES, { body });
      expect(reply.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect((reply.json as { code: number }).code).toBe(501);
    }
    const longest = await call('POST', ENTRIES, { body: { start, end, description: 'x'.repeat(3000) } });
    expect(longest.status).toBe(201);
  });

  it('answers 403 for a workspace the user is not a member of, and for one that does not exist', async () => {
    const body = { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z' };
    for (const workspace of [BERLIN_WORKSPACE, 'cccccccccccccccccccccccc']) {
      const reply = await call('POST', `/workspaces/${workspace}/time-entries`, { body });
      expect(reply.status).toBe(403);
      expect(reply.json).toEqual({ message: 'Access Denied', code: 501 });
    }
    expect(emulator.entries()).toEqual([]);
  });

  it('reads, replaces and deletes one entry', async () => {
    const created = (
      await call('POST', ENTRIES, {
        body: {
          start: '2026-02-04T15:00:00Z',
          end: '2026-02-04T16:00:00Z',
          projectId: PROJECT_ALPHA,
          billable: true,
        },
      })
    ).json as TimeEntry;
    const read = await call('GET', `${ENTRIES}/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created);

    const replaced = await call('PUT', `${ENTRIES}/${created.id}`, {
      body: { start: '2026-02-04T10:00:00Z', end: '2026-02-04T10:45:00Z', projectId: PROJECT_BETA },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({
      id: created.id,
      projectId: PROJECT_BETA,
      billable: false,
      description: '',
      timeInterval: { start: '2026-02-04T10:00:00Z', end: '2026-02-04T10:45:00Z', duration: 'PT45M' },
    });
    expect(emulator.entries()).toEqual([replaced.json]);

    const deleted = await call('DELETE', `${ENTRIES}/${created.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(emulator.entries()).toEqual([]);
    expect((await call('GET', `${ENTRIES}/${created.id}`)).json).toEqual(entryNotInWorkspace);
  });

  it('validates a PUT like a create: start required, project checked', async () => {
    const created = (
      await call('POST', ENTRIES, { body: { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z' } })
    ).json as TimeEntry;
    const noStart = await call('PUT', `${ENTRIES}/${created.id}`, { body: { end: '2026-02-04T16:00:00Z' } });
    expect(noStart.status).toBe(400);
    const foreign = await call('PUT', `${ENTRIES}/${created.id}`, {
      body: { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z', projectId: PROJECT_FOREIGN },
    });
    expect(foreign.json).toEqual(projectNotInWorkspace);
    expect(emulator.entries()).toEqual([created]);
  });

  it('answers 400 "Time entry doesn\'t belong to Workspace" for unknown ids on GET, PUT and DELETE', async () => {
    const body = { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z' };
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const reply = await call(
        method,
        `${ENTRIES}/dddddddddddddddddddddddd`,
        method === 'PUT' ? { body } : {},
      );
      expect(reply.status, method).toBe(400);
      expect(reply.json).toEqual(entryNotInWorkspace);
    }
  });

  it("does not show one user's entry to another member", async () => {
    const created = (
      await call('POST', ENTRIES, { body: { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z' } })
    ).json as TimeEntry;
    const reply = await call('GET', `${ENTRIES}/${created.id}`, { apiKey: BERLIN_KEY });
    expect(reply.status).toBe(403);
  });
});
