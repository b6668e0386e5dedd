import type { EmulatorSeed } from './seed.js';

/** The demo's API key: fake, and known, so the demo and the docs can name it. */
export const DEMO_API_KEY = 'demo-key-0123456789abcdef';
export const DEMO_USER_ID = '5f0c1a2b3c4d5e6f7a8b9c0d';
export const DEMO_WORKSPACE_ID = '64b7f0a1c2d3e4f5a6b7c8d9';
/** `[Website, Backend, Legacy (archived)]`. */
export const DEMO_PROJECT_IDS = [
  '65a1b2c3d4e5f60718293a4b',
  '65a1b2c3d4e5f60718293a4c',
  '65a1b2c3d4e5f60718293a4d',
] as const;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** One user (timeZone UTC), one workspace, three projects of which the last is archived. Frozen: copy to vary. */
export const defaultSeed: EmulatorSeed = deepFreeze({
  users: [
    {
      id: DEMO_USER_ID,
      name: 'Demo User',
      email: 'demo@example.com',
      apiKey: DEMO_API_KEY,
      timeZone: 'UTC',
    },
  ],
  workspaces: [{ id: DEMO_WORKSPACE_ID, name: 'Demo Workspace', memberIds: [DEMO_USER_ID] }],
  projects: [
    {
      id: DEMO_PROJECT_IDS[0],
      workspaceId: DEMO_WORKSPACE_ID,
      name: 'Website',
      archived: false,
      clientName: 'Acme',
    },
    { id: DEMO_PROJECT_IDS[1], workspaceId: DEMO_WORKSPACE_ID, name: 'Backend', archived: false },
    { id: DEMO_PROJECT_IDS[2], workspaceId: DEMO_WORKSPACE_ID, name: 'Legacy', archived: true },
  ],
});
