import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SinkScenario } from '@tracker/sink-testkit';

/** Test support only: a tiny Clockify stand-in on 127.0.0.1 that answers as a scenario says. */
export interface FakeClockify {
  /** API base, e.g. `http://127.0.0.1:40123/api/v1`. */
  readonly baseUrl: string;
  /** Requests received since the last `arrange`. */
  readonly requests: ReadonlyArray<{
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }>;
  /** Sets how the server answers, and forgets requests and entries. `drop` closes the socket unanswered. */
  arrange(scenario: FakeScenario): void;
  close(): Promise<void>;
}

export type FakeScenario = Exclude<SinkScenario, 'network'> | 'drop' | 'slow-body';

interface StoredEntry {
  id: string;
  projectId: string;
  description: string;
  start: string;
  end: string;
}

export const fakeUser = { id: '5a0ab5acb07987125438b60f', name: 'Ada Lovelace', email: 'ada@example.com' };

export async function startFakeClockify(options: {
  apiKey: string;
  workspaceId: string;
}): Promise<FakeClockify> {
  let scenario: FakeScenario = 'created';
  let requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> =
    [];
  let entries: StoredEntry[] = [];
  let nextId = 1;
  const workspacePath = `/api/v1/workspaces/${options.workspaceId}`;

  const json = (
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body === undefined ? '' : JSON.stringify(body));
  };

  const answerWorking = (request: IncomingMessage, body: string, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.headers['x-api-key'] !== options.apiKey) {
      return json(response, 401, { message: 'Api key does not exist', code: 4003 });
    }
    if (request.method === 'GET' && url.pathname === '/api/v1/user') {
      return json(response, 200, { ...fakeUser, settings: { timeZone: 'Europe/Berlin' } });
    }
    if (request.method === 'GET' && url.pathname === '/api/v1/workspaces') {
      return json(response, 200, [{ id: options.workspaceId, name: 'Acme' }]);
    }
    if (request.method === 'POST' && url.pathname === `${workspacePath}/time-entries`) {
      const input = JSON.parse(body) as Omit<StoredEntry, 'id'>;
      const entry = { ...input, id: (nextId++).toString(16).padStart(24, '0') };
      entries.push(entry);
      return json(response, 201, toClockifyEntry(entry, options.workspaceId));
    }
    if (request.method === 'GET' && url.pathname === `${workspacePath}/user/${fakeUser.id}/time-entries`) {
      const project = url.searchParams.get('project');
      const listed = entries.filter((entry) => project === null || entry.projectId === project);
      return json(
        response,
        200,
        listed.map((entry) => toClockifyEntry(entry, options.workspaceId)),
        { 'last-page': 'true' },
      );
    }
    const deleted = /^\/api\/v1\/workspaces\/[^/]+\/time-entries\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'DELETE' && deleted) {
      const before = entries.length;
      entries = entries.filter((entry) => entry.id !== deleted[1]);
      if (entries.length === before) {
        return json(response, 400, { message: "Time entry doesn't belong to Workspace", code: 501 });
      }
      response.writeHead(204).end();
      return;
    }
    return json(response, 404, { message: 'No static resource', code: 3000 });
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      switch (scenario) {
        case 'created':
          return answerWorking(request, body, response);
        case 'auth':
          return json(response, 401, { message: 'Api key does not exist', code: 4003 });
        case 'forbidden':
          return json(response, 403, { message: 'Access Denied', code: 501 });
        case 'rejected':
          return json(response, 400, { message: "Project doesn't belong to Workspace", code: 501 });
        case 'rate-limited':
          response.writeHead(429, { 'retry-after': '2' }).end();
          return;
        case 'unavailable':
          return json(response, 503, { message: 'Service Unavailable', code: 503 });
        case 'bad-response':
          return json(response, 201, { description: 'Development', timeInterval: {} });
        case 'no-reply':
          return; // accepted, never answered
        case 'drop':
          request.socket.destroy();
          return;
        case 'slow-body':
          response.writeHead(201, { 'content-type': 'application/json' });
          response.write('{"id":"'); // the rest never comes
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    get requests() {
      return requests;
    },
    arrange(next) {
      scenario = next;
      requests = [];
      entries = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function toClockifyEntry(entry: StoredEntry, workspaceId: string) {
  return {
    id: entry.id,
    description: entry.description,
    projectId: entry.projectId,
    userId: fakeUser.id,
    workspaceId,
    billable: false,
    tagIds: [],
    taskId: null,
    type: 'REGULAR',
    timeInterval: { start: entry.start, end: entry.end },
    customFieldValues: [],
  };
}

/** A base URL on 127.0.0.1 where nothing listens: the port was free a moment ago. */
export async function closedPortBaseUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/v1`;
}
