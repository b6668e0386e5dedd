import type { Allocation, TimeSink } from '@tracker/core';
import type { SinkFailureScenario, SinkScenario } from './scenarios.js';

export interface SinkCapabilities {
  find?: boolean;
  remove?: boolean;
  check?: boolean;
}

/** How the conformance suite drives one sink and the (fake) service behind it. */
export interface SinkConformanceHarness {
  /** The sink's `name` (e.g. `clockify`); also the suite's title. */
  name: string;
  /** A canary key the sink is created with: it must show up in no error, however deeply inspected. */
  secret: string;
  /** Makes the service behave as `scenario` says until the next call, and resets `requestCount` to 0. */
  arrange(scenario: SinkScenario): void | Promise<void>;
  /** Builds the sink under test with `secret` as its key. Called after `arrange`, once per case. */
  create(): TimeSink | Promise<TimeSink>;
  /** Requests the service received since the last `arrange`. */
  requestCount(): number;
  /** Optional methods the sink has. Declared false (the default) means the method must be absent. */
  capabilities?: SinkCapabilities;
  /** The failure scenarios the harness can produce; default all of them. */
  scenarios?: readonly SinkFailureScenario[];
  /** The allocation pushed in every case; default project `5f0c1b2a3d4e5f6a7b8c9d0e`, 2026-02-04 15:00–16:00Z. */
  allocation?: Allocation;
  /** Per-case time limit for the vitest tests, in ms; default 15000. Keep the sink's own timeout well below it. */
  caseTimeoutMs?: number;
}
