import type { Emulator, EmulatorSeed } from './index.js';

/** A reply read whole: status, headers, the raw text and its JSON when it has one. */
export interface TestReply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface CallOptions {
  /** `null` sends no `X-Api-Key` at all. */
  apiKey?: string | null;
  body?: unknown;
  /** Sent as is, not as JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Plain `fetch` against an emulator's API base URL, the way any client would call Clockify. */
export function createTestClient(emulator: Emulator, defaultApiKey: string) {
  return async function call(method: string, path: string, options: CallOptions = {}): Promise<TestReply> {
    const headers: Record<string, string> = { ...options.headers };
    const apiKey = options.apiKey === undefined ? defaultApiKey : options.apiKey;
    if (apiKey !== null) headers['X-Api-Key'] = apiKey;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${emulator.apiBaseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
}

export const ALICE_KEY = 'alice-key-0000000000000001';
export const BERLIN_KEY = 'berlin-key-000000000000002';
export const ALICE_ID = 'aaaaaaaaaaaaaaaaaaaaaaa1';
export const BERLIN_ID = 'bbbbbbbbbbbbbbbbbbbbbbb2';
export const SHARED_WORKSPACE = '0000000000000000000000a1';
export const BERLIN_WORKSPACE = '0000000000000000000000b2';
export const PROJECT_ALPHA = '1000000000000000000000a1';
export const PROJECT_BETA = '1000000000000000000000a2';
export const PROJECT_OLD = '1000000000000000000000a3';
export const PROJECT_FOREIGN = '2000000000000000000000b1';

/** Two users (UTC and Europe/Berlin), a shared workspace and one only the Berlin user belongs to. */
export const twoUserSeed: EmulatorSeed = {
  users: [
    { id: ALICE_ID, name: 'Alice', email: 'alice@example.com', apiKey: ALICE_KEY, timeZone: 'UTC' },
    {
      id: BERLIN_ID,
      name: 'Bernd',
      email: 'bernd@example.com',
      apiKey: BERLIN_KEY,
      timeZone: 'Europe/Berlin',
    },
  ],
  workspaces: [
    { id: SHARED_WORKSPACE, name: 'Shared', memberIds: [ALICE_ID, BERLIN_ID] },
    { id: BERLIN_WORKSPACE, name: 'Berlin only', memberIds: [BERLIN_ID] },
  ],
  projects: [
    { id: PROJECT_ALPHA, workspaceId: SHARED_WORKSPACE, name: 'Alpha', archived: false, clientName: 'Acme' },
    { id: PROJECT_BETA, workspaceId: SHARED_WORKSPACE, name: 'Beta', archived: false },
    { id: PROJECT_OLD, workspaceId: SHARED_WORKSPACE, name: 'Old alpha', archived: true },
    { id: PROJECT_FOREIGN, workspaceId: BERLIN_WORKSPACE, name: 'Foreign', archived: false },
  ],
};
