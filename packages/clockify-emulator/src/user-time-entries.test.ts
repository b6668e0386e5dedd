import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startClockifyEmulator, type TimeEntry } from './index.js';
import {
  ALICE_ID,
  ALICE_KEY,
  BERLIN_ID,
  BERLIN_KEY,
  createTestClient,
  PROJECT_ALPHA,
  PROJECT_BETA,
  SHARED_WORKSPACE,
  twoUserSeed,
} from './test-client.js';

const ENTRIES = `/workspaces/${SHARED_WORKSPACE}/time-entries`;

describe('GET /workspaces/{ws}/user/{id}/time-entries', () => {
  let emulator: Emulator;
  let asAlice: ReturnType<typeof createTestClient>;
  let asBernd: ReturnType<typeof createTestClient>;
  beforeAll(async () => {
    emulator = await startClockifyEmulator({ seed: twoUserSeed });
    asAlice = createTestClient(emulator, ALICE_KEY);
    asBernd = createTestClient(emulator, BERLIN_KEY);
  });
  beforeEach(() => emulator.reset());
  afterAll(() => emulator.stop());

  async function create(
    call: typeof asAlice,
    start: string,
    end: string,
    projectId = PROJECT_ALPHA,
  ): Promise<TimeEntry> {
    const reply = await call('POST', ENTRIES, { body: { start, end, projectId } });
    expect(reply.status).toBe(201);
    return reply.json as TimeEntry;
  }

  const starts = (reply: { json: unknown }) =>
    (reply.json as TimeEntry[]).map((entry) => entry.timeInterval.start);

  it('lists only my entries, newest first, filtered by project', async () => {
    await create(asAlice, '2026-02-04T09:00:00Z', '2026-02-04T10:00:00Z', PROJECT_ALPHA);
    await create(asAlice, '2026-02-06T09:00:00Z', '2026-02-06T10:00:00Z', PROJECT_BETA);
    await create(asAlice, '2026-02-05T09:00:00Z', '2026-02-05T10:00:00Z', PROJECT_ALPHA);
    await create(asBernd, '2026-02-07T09:00:00Z', '2026-02-07T10:00:00Z', PROJECT_ALPHA);
    const mine = await asAlice('GET', `/workspaces/${SHARED_WORKSPACE}/user/${ALICE_ID}/time-entries`);
    expect(mine.status).toBe(200);
    expect(starts(mine)).toEqual(['2026-02-06T09:00:00Z', '2026-02-05T09:00:00Z', '2026-02-04T09:00:00Z']);
    const alpha = await asAlice(
      'GET',
      `/workspaces/${SHARED_WORKSPACE}/user/${ALICE_ID}/time-entries?project=${PROJECT_ALPHA}`,
    );
    expect(starts(alpha)).toEqual(['2026-02-05T09:00:00Z', '2026-02-04T09:00:00Z']);
    // `projectId` is not a filter on Clockify: it is ignored.
    const ignored = await asAlice(
      'GET',
      `/workspaces/${SHARED_WORKSPACE}/user/${ALICE_ID}/time-entries?projectId=${PROJECT_BETA}`,
    );
    expect(starts(ignored)).toHaveLength(3);
  });

  it('pages with page and page-size and says Last-Page', async () => {
    for (let day = 1; day <= 5; day++) {
      await create(asAlice, `2026-03-0${day}T09:00:00Z`, `2026-03-0${day}T10:00:00Z`);
    }
    const seen: string[] = [];
    const lastPage: (string | null)[] = [];
    for (let page = 1; page <= 3; page++) {
      const reply = await asAlice(
        'GET',
        `/workspaces/${SHARED_WORKSPACE}/user/${ALICE_ID}/time-entries?page=${page}&page-size=2`,
      );
      seen.push(...starts(reply));
      lastPage.push(reply.headers.get('last-page'));
    }
    expect(lastPage).toEqual(['false', 'false', 'true']);
    expect(seen).toEqual([5, 4, 3, 2, 1].map((day) => `2026-03-0${day}T09:00:00Z`));
  });

  it("reads start and end as wall-clock time in the user's zone (UTC+2 in a Berlin summer)", async () => {
    await create(asBernd, '2026-07-01T07:30:00Z', '2026-07-01T07:45:00Z'); // 09:30 in Berlin
    await create(asBernd, '2026-07-01T08:30:00Z', '2026-07-01T08:45:00Z'); // 10:30 in Berlin
    await create(asBernd, '2026-07-01T09:30:00Z', '2026-07-01T09:45:00Z'); // 11:30 in Berlin
    await create(asBernd, '2026-07-01T10:30:00Z', '2026-07-01T10:45:00Z'); // 12:30 in Berlin
    const window = 'start=2026-07-01T10:00:00Z&end=2026-07-01T12:00:00Z';
    const bernd = await asBernd(
      'GET',
      `/workspaces/${SHARED_WORKSPACE}/user/${BERLIN_ID}/time-entries?${window}`,
    );
    // Read as UTC the window would hold 10:30Z; read as Berlin wall-clock it is 08:00Z–10:00Z.
    expect(starts(bernd)).toEqual(['2026-07-01T09:30:00Z', '2026-07-01T08:30:00Z']);
  });

  it('follows daylight saving: the same wall-clock window is UTC+1 in a Berlin winter', async () => {
    await create(asBernd, '2026-01-15T08:30:00Z', '2026-01-15T08:45:00Z'); // 09:30 in Berlin
    await create(asBernd, '2026-01-15T09:30:00Z', '2026-01-15T09:45:00Z'); // 10:30 in Berlin
    const window = 'start=2026-01-15T10:00:00Z&end=2026-01-15T12:00:00Z';
    const bernd = await asBernd(
      'GET',
      `/workspaces/${SHARED_WORKSPACE}/user/${BERLIN_ID}/time-entries?${window}`,
    );
    expect(starts(bernd)).toEqual(['2026-01-15T09:30:00Z']);
  });

  it('reads the same window as UTC for a UTC user', async () => {
    await create(asAlice, '2026-07-01T08:30:00Z', '2026-07-01T08:45:00Z');
    await create(asAlice, '2026-07-01T10:30:00Z', '2026-07-01T10:45:00Z');
    const window = 'start=2026-07-01T10:00:00Z&end=2026-07-01T12:00:00Z';
    const alice = await asAlice(
      'GET',
      `/workspaces/${SHARED_WORKSPACE}/user/${ALICE_ID}/time-entries?${window}`,
    );
    expect(starts(alice)).toEqual(['2026-07-01T10:30:00Z']);
  });

  it("refuses another user's list and a malformed window", async () => {
    const other = await asAlice('GET', `/workspaces/${SHARED_WORKSPACE}/user/${BERLIN_ID}/time-entries`);
    expect(other.status).toBe(403);
    const bad = await asAlice(
      'GET',
      `/workspaces/${SHARED_WORKSPACE}/user/${ALICE_ID}/time-entries?start=tomorrow`,
    );
    expect(bad.status).toBe(400);
  });
});
