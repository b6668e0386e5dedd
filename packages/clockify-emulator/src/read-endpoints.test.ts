import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_API_KEY,
  DEMO_PROJECT_IDS,
  DEMO_WORKSPACE_ID,
  defaultSeed,
  type Emulator,
  startClockifyEmulator,
} from './index.js';
import {
  ALICE_ID,
  ALICE_KEY,
  BERLIN_ID,
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

interface Named {
  id: string;
  name: string;
}

describe('read endpoints', () => {
  let emulator: Emulator;
  let call: ReturnType<typeof createTestClient>;
  beforeAll(async () => {
    emulator = await startClockifyEmulator({ seed: twoUserSeed });
    call = createTestClient(emulator, ALICE_KEY);
  });
  afterAll(() => emulator.stop());

  it('GET /user answers who the key belongs to, with the time zone', async () => {
    const alice = await call('GET', '/user');
    expect(alice.status).toBe(200);
    expect(alice.json).toMatchObject({
      id: ALICE_ID,
      email: 'alice@example.com',
      name: 'Alice',
      activeWorkspace: SHARED_WORKSPACE,
      defaultWorkspace: SHARED_WORKSPACE,
      settings: { timeZone: 'UTC' },
    });
    const bernd = await call('GET', '/user', { apiKey: BERLIN_KEY });
    expect(bernd.json).toMatchObject({ id: BERLIN_ID, settings: { timeZone: 'Europe/Berlin' } });
  });

  it('GET /workspaces lists only the workspaces the user belongs to', async () => {
    const alice = await call('GET', '/workspaces?page-size=1');
    expect((alice.json as Named[]).map((workspace) => workspace.id)).toEqual([SHARED_WORKSPACE]);
    const bernd = await call('GET', '/workspaces', { apiKey: BERLIN_KEY });
    expect((bernd.json as Named[]).map((workspace) => workspace.name)).toEqual(['Shared', 'Berlin only']);
  });

  it('GET /workspaces/{id}: 200 for a member, 403 for a stranger, 404 with an empty body when unknown', async () => {
    expect((await call('GET', `/workspaces/${SHARED_WORKSPACE}`)).json).toMatchObject({
      id: SHARED_WORKSPACE,
      name: 'Shared',
    });
    const stranger = await call('GET', `/workspaces/${BERLIN_WORKSPACE}`);
    expect(stranger.status).toBe(403);
    expect(stranger.json).toEqual({ message: 'Access Denied', code: 501 });
    const unknown = await call('GET', '/workspaces/eeeeeeeeeeeeeeeeeeeeeeee');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('');
  });

  it('lists projects with archived flags and client names, filtered by name and archived', async () => {
    const all = await call('GET', `/workspaces/${SHARED_WORKSPACE}/projects`);
    expect(all.status).toBe(200);
    expect(all.headers.get('last-page')).toBe('true');
    expect(all.json).toEqual([
      expect.objectContaining({ id: PROJECT_ALPHA, name: 'Alpha', archived: false, clientName: 'Acme' }),
      expect.objectContaining({ id: PROJECT_BETA, name: 'Beta', archived: false, clientName: '' }),
      expect.objectContaining({ id: PROJECT_OLD, name: 'Old alpha', archived: true }),
    ]);
    const byName = await call('GET', `/workspaces/${SHARED_WORKSPACE}/projects?name=ALPHA`);
    expect((byName.json as Named[]).map((project) => project.id)).toEqual([PROJECT_ALPHA, PROJECT_OLD]);
    const active = await call('GET', `/workspaces/${SHARED_WORKSPACE}/projects?archived=false`);
    expect((active.json as Named[]).map((project) => project.id)).toEqual([PROJECT_ALPHA, PROJECT_BETA]);
  });

  it('pages projects with page, page-size and a Last-Page header', async () => {
    const pages = [];
    for (let page = 1; page <= 3; page++) {
      const reply = await call('GET', `/workspaces/${SHARED_WORKSPACE}/projects?page=${page}&page-size=2`);
      pages.push([reply.headers.get('last-page'), (reply.json as Named[]).map((project) => project.id)]);
    }
    expect(pages).toEqual([
      ['false', [PROJECT_ALPHA, PROJECT_BETA]],
      ['true', [PROJECT_OLD]],
      ['true', []],
    ]);
    const exactlyFull = await call('GET', `/workspaces/${SHARED_WORKSPACE}/projects?page-size=3`);
    expect(exactlyFull.headers.get('last-page')).toBe('true');
    expect(exactlyFull.json).toHaveLength(3);
    const bad = await call('GET', `/workspaces/${SHARED_WORKSPACE}/projects?page=0`);
    expect(bad.status).toBe(400);
  });

  it('answers 403 for the projects of a workspace the user is not in', async () => {
    expect((await call('GET', `/workspaces/${BERLIN_WORKSPACE}/projects`)).status).toBe(403);
  });

  it('GET one project; unknown, foreign or malformed ids are 400 "Project doesn\'t belong to Workspace"', async () => {
    const one = await call('GET', `/workspaces/${SHARED_WORKSPACE}/projects/${PROJECT_BETA}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: PROJECT_BETA, name: 'Beta', workspaceId: SHARED_WORKSPACE });
    for (const id of [PROJECT_FOREIGN, 'ffffffffffffffffffffffff', 'nope']) {
      const reply = await call('GET', `/workspaces/${SHARED_WORKSPACE}/projects/${id}`);
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ message: "Project doesn't belong to Workspace", code: 501 });
    }
  });
});

describe('default seed', () => {
  it('serves one user with the demo key, one workspace and three projects, one archived', async () => {
    const emulator = await startClockifyEmulator();
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.apiBaseUrl).toBe(`${emulator.url}/api/v1`);
      expect(emulator.seed).toEqual(defaultSeed);
      const call = createTestClient(emulator, DEMO_API_KEY);
      expect(((await call('GET', '/workspaces')).json as Named[]).map((workspace) => workspace.id)).toEqual([
        DEMO_WORKSPACE_ID,
      ]);
      const projects = (await call('GET', `/workspaces/${DEMO_WORKSPACE_ID}/projects`)).json as Array<
        Named & { archived: boolean }
      >;
      expect(projects.map((project) => project.id)).toEqual([...DEMO_PROJECT_IDS]);
      expect(projects.map((project) => project.archived)).toEqual([false, false, true]);
      expect(Object.isFrozen(defaultSeed.users[0])).toBe(true);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses a malformed seed with a message naming the field', async () => {
    const badWorkspace = {
      ...twoUserSeed,
      workspaces: [{ id: 'short', name: 'x', memberIds: [] }],
      projects: [],
    };
    await expect(startClockifyEmulator({ seed: badWorkspace })).rejects.toThrow(/seed\.workspaces\[0\]\.id/);
    const badZone = { ...twoUserSeed, users: [{ ...twoUserSeed.users[0], timeZone: 'Mars/Olympus' }] };
    await expect(startClockifyEmulator({ seed: badZone as typeof twoUserSeed })).rejects.toThrow(/IANA/);
  });
});
