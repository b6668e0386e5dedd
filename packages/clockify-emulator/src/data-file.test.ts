import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_API_KEY,
  DEMO_PROJECT_IDS,
  DEMO_WORKSPACE_ID,
  startClockifyEmulator,
  type TimeEntry,
} from './index.js';
import { createTestClient } from './test-client.js';

const ENTRIES = `/workspaces/${DEMO_WORKSPACE_ID}/time-entries`;
const body = { start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z', projectId: DEMO_PROJECT_IDS[1] };

describe('dataFile', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clockify-emulator-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('keeps entries across restarts and writes atomically, leaving no temp files', async () => {
    const dataFile = join(directory, 'nested', 'state.json');
    const first = await startClockifyEmulator({ dataFile });
    const call = createTestClient(first, DEMO_API_KEY);
    const kept = (await call('POST', ENTRIES, { body: { ...body, description: 'kept' } })).json as TimeEntry;
    const removed = (await call('POST', ENTRIES, { body })).json as TimeEntry;
    expect((await call('DELETE', `${ENTRIES}/${removed.id}`)).status).toBe(204);
    await first.stop();
    expect(JSON.parse(await readFile(dataFile, 'utf8'))).toEqual({ version: 1, entries: [kept] });
    expect(await readdir(join(directory, 'nested'))).toEqual(['state.json']);

    const second = await startClockifyEmulator({ dataFile });
    try {
      expect(second.entries()).toEqual([kept]);
      const again = createTestClient(second, DEMO_API_KEY);
      expect((await again('GET', `${ENTRIES}/${kept.id}`)).json).toEqual(kept);
      const user = second.seed.users[0]?.id;
      const listed = await again('GET', `/workspaces/${DEMO_WORKSPACE_ID}/user/${user}/time-entries`);
      expect(listed.json).toEqual([kept]);
    } finally {
      await second.stop();
    }
  });

  it('writes soon after a change, without waiting for stop()', async () => {
    const dataFile = join(directory, 'state.json');
    const emulator = await startClockifyEmulator({ dataFile });
    try {
      await createTestClient(emulator, DEMO_API_KEY)('POST', ENTRIES, { body });
      let written: { entries: unknown[] } | undefined;
      for (let attempt = 0; attempt < 100 && written?.entries.length !== 1; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        written = JSON.parse(await readFile(dataFile, 'utf8').catch(() => '{"entries":[]}'));
      }
      expect(written?.entries).toHaveLength(1);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses a data file that is not one, saying which', async () => {
    const dataFile = join(directory, 'broken.json');
    await writeFile(dataFile, '{"entries": 3}');
    await expect(startClockifyEmulator({ dataFile })).rejects.toThrow(
      /broken\.json is not an emulator data file/,
    );
    await writeFile(dataFile, 'not json');
    await expect(startClockifyEmulator({ dataFile })).rejects.toThrow(/is not JSON/);
  });
});
