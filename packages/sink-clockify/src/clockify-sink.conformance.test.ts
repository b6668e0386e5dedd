import { describeSinkConformance, type SinkScenario } from '@tracker/sink-testkit';
import { afterAll, beforeAll } from 'vitest';
import { clockifySink } from './index.js';
import { closedPortBaseUrl, type FakeClockify, startFakeClockify } from './testing/fake-clockify-server.js';

// Driven by a real HTTP server on 127.0.0.1 (not nock), so `network` is a really closed port and `no-reply` a
// server that accepts and never answers. The sink is built through the plugin, as the CLI builds it.
const secret = 'canary-clockify-key-5b7e0c';
const workspaceId = '64a1f0c2e4b0a1b2c3d4e5f6';
let server: FakeClockify;
let closedPort: string;
let scenario: SinkScenario = 'created';

beforeAll(async () => {
  server = await startFakeClockify({ apiKey: secret, workspaceId });
  closedPort = await closedPortBaseUrl();
});
afterAll(() => server.close());

describeSinkConformance({
  name: 'clockify',
  secret,
  capabilities: { find: true, remove: true, check: true },
  arrange(next) {
    scenario = next;
    if (next !== 'network') server.arrange(next);
    else server.arrange('created');
  },
  create: () =>
    clockifySink.create(
      clockifySink.optionsSchema.parse({
        workspaceId,
        baseUrl: scenario === 'network' ? closedPort : server.baseUrl,
        timeoutMs: 1000,
      }),
      { getSecret: async () => ({ value: secret, source: 'env:CLOCKIFY_API_KEY' }) },
    ),
  requestCount: () => server.requests.length,
});
