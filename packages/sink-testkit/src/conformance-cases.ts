import { type Allocation, SinkError, type TimeSink } from '@tracker/core';
import { checkSinkError } from './check-sink-error.js';
import type { SinkCapabilities, SinkConformanceHarness } from './harness.js';
import { describeThrown, findSecretIn } from './inspect-for-secret.js';
import { type SinkFailureScenario, sinkFailureScenarios } from './scenarios.js';

/** One promise every sink keeps: `run` arranges, acts, and returns what went wrong (empty when all is right). */
export interface SinkConformanceCase {
  title: string;
  run(): Promise<string[]>;
}

export const defaultConformanceAllocation: Readonly<Allocation> = Object.freeze({
  projectId: '5f0c1b2a3d4e5f6a7b8c9d0e',
  start: new Date('2026-02-04T15:00:00Z'),
  end: new Date('2026-02-04T16:00:00Z'),
});

const capabilityNames = ['find', 'remove', 'check'] as const satisfies readonly (keyof SinkCapabilities)[];
const REQUEST_WAIT_MS = 5_000;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** The conformance cases for a harness, as plain functions: `describeSinkConformance` runs each as a test. */
export function sinkConformanceCases(harness: SinkConformanceHarness): SinkConformanceCase[] {
  const allocation = harness.allocation ?? { ...defaultConformanceAllocation };
  const capabilities = harness.capabilities ?? {};
  const scenarios = harness.scenarios ?? sinkFailureScenarios;
  const { name, secret } = harness;
  const shown = (value: unknown) => describeThrown(value, secret);

  async function arrangeAndCreate(
    scenario: Parameters<SinkConformanceHarness['arrange']>[0],
  ): Promise<TimeSink> {
    await harness.arrange(scenario);
    return harness.create();
  }

  async function pushCreated(sink: TimeSink, problems: string[]): Promise<string | undefined> {
    const pushed = await settle(sink.push(allocation));
    if (!pushed.ok) {
      problems.push(`push failed on a working service: ${shown(pushed.error)}`);
      return undefined;
    }
    if (typeof pushed.value !== 'string' || pushed.value === '') {
      problems.push(`push must resolve with a non-empty id, got ${shown(pushed.value)}`);
      return undefined;
    }
    return pushed.value;
  }

  function checkCancellation(settled: Settled<string>, reason: unknown): string[] {
    if (settled.ok) return [`push resolved with ${shown(settled.value)} although its signal was aborted`];
    const { error } = settled;
    if (SinkError.is(error))
      return [`a cancelled push must reject with the abort reason, not a SinkError (${shown(error)})`];
    const isAbortError = error instanceof Error && error.name === 'AbortError';
    return error === reason || isAbortError
      ? []
      : [`a cancelled push must reject with the signal's reason or an AbortError, got ${shown(error)}`];
  }

  const cases: SinkConformanceCase[] = [
    {
      title: 'names itself, declares its capabilities honestly, and hides its secret',
      run: async () => {
        const sink = await arrangeAndCreate('created');
        const problems: string[] = [];
        if (sink.name !== name)
          problems.push(`sink.name is ${JSON.stringify(sink.name)}, expected ${JSON.stringify(name)}`);
        if (typeof sink.target !== 'string' || sink.target.trim() === '')
          problems.push('sink.target must be a non-empty string');
        if (typeof sink.push !== 'function') problems.push('sink.push must be a function');
        for (const capability of capabilityNames) {
          const present = typeof sink[capability] === 'function';
          if (capabilities[capability] && !present)
            problems.push(`capability ${capability} is declared but sink.${capability} is missing`);
          if (!capabilities[capability] && sink[capability] !== undefined) {
            problems.push(
              `sink.${capability} exists but the harness does not declare it: declare it so it is tested`,
            );
          }
        }
        problems.push(...findSecretIn(sink, secret).map((place) => `inspecting the sink: ${place}`));
        return problems;
      },
    },
    {
      title: 'created → resolves with the entry id, after exactly one request',
      run: async () => {
        const sink = await arrangeAndCreate('created');
        const problems: string[] = [];
        await pushCreated(sink, problems);
        const count = harness.requestCount();
        if (count !== 1) problems.push(`one push must make exactly one request, the service saw ${count}`);
        return problems;
      },
    },
    ...scenarios.map(
      (scenario): SinkConformanceCase => ({
        title: `${scenario} → SinkError "${scenario}" with its flags, one request at most, no secret`,
        run: async () => {
          const sink = await arrangeAndCreate(scenario);
          const pushed = await settle(sink.push(allocation));
          if (pushed.ok)
            return [`push resolved with ${shown(pushed.value)}; expected a SinkError of kind "${scenario}"`];
          const problems = checkSinkError(pushed.error, { kind: scenario, sink: name, secret });
          problems.push(...checkRequestCount(scenario, harness.requestCount()));
          return problems;
        },
      }),
    ),
    {
      title: 'an already aborted signal rejects with its reason and sends nothing',
      run: async () => {
        const sink = await arrangeAndCreate('created');
        const controller = new AbortController();
        const reason = new DOMException('cancelled by the conformance suite', 'AbortError');
        controller.abort(reason);
        const problems = checkCancellation(
          await settle(sink.push(allocation, { signal: controller.signal })),
          reason,
        );
        const count = harness.requestCount();
        if (count !== 0)
          problems.push(`an aborted push must send nothing, the service saw ${count} request(s)`);
        return problems;
      },
    },
  ];

  if (scenarios.includes('no-reply')) {
    cases.push({
      title: 'aborting while the service is silent rejects with the abort reason',
      run: async () => {
        const sink = await arrangeAndCreate('no-reply');
        const controller = new AbortController();
        const pending = settle(sink.push(allocation, { signal: controller.signal }));
        const seen = await waitFor(() => harness.requestCount() >= 1, REQUEST_WAIT_MS);
        const reason = new DOMException('cancelled by the conformance suite', 'AbortError');
        controller.abort(reason);
        const problems = checkCancellation(await pending, reason);
        if (!seen) problems.unshift(`the service saw no request within ${REQUEST_WAIT_MS} ms of the push`);
        return problems;
      },
    });
  }

  if (capabilities.find) {
    cases.push({
      title: 'find → the id push returned, and nothing for an allocation one second off',
      run: async () => {
        const sink = await arrangeAndCreate('created');
        const problems: string[] = [];
        const id = await pushCreated(sink, problems);
        if (id === undefined || !sink.find) return problems;
        const found = await settle(sink.find(allocation));
        if (!found.ok) problems.push(`find failed: ${shown(found.error)}`);
        else if (found.value !== id)
          problems.push(`find returned ${shown(found.value)}, expected the pushed id ${shown(id)}`);
        const shifted = { ...allocation, start: new Date(allocation.start.getTime() + 1000) };
        const other = await settle(sink.find(shifted));
        if (!other.ok) problems.push(`find of an unknown allocation failed: ${shown(other.error)}`);
        else if (other.value !== undefined)
          problems.push(`find matched an entry one second off (${shown(other.value)})`);
        return problems;
      },
    });
  }

  if (capabilities.remove) {
    cases.push({
      title: `remove deletes a pushed entry${capabilities.find ? ', which find no longer returns' : ''}`,
      run: async () => {
        const sink = await arrangeAndCreate('created');
        const problems: string[] = [];
        const id = await pushCreated(sink, problems);
        if (id === undefined || !sink.remove) return problems;
        const removed = await settle(sink.remove(id));
        if (!removed.ok) return [...problems, `remove failed: ${shown(removed.error)}`];
        if (capabilities.find && sink.find) {
          const found = await settle(sink.find(allocation));
          if (!found.ok) problems.push(`find after remove failed: ${shown(found.error)}`);
          else if (found.value !== undefined)
            problems.push(`find still returns ${shown(found.value)} after remove`);
        }
        return problems;
      },
    });
  }

  if (capabilities.check) {
    cases.push({
      title: 'check → an identity and string details on a working service',
      run: async () => {
        const sink = await arrangeAndCreate('created');
        if (!sink.check) return [];
        const checked = await settle(sink.check());
        if (!checked.ok) return [`check failed on a working service: ${shown(checked.error)}`];
        const problems: string[] = [];
        const { identity, details } = checked.value;
        if (typeof identity !== 'string' || identity.trim() === '')
          problems.push('check must return a non-empty identity');
        if (typeof details !== 'object' || details === null)
          problems.push('check must return details as an object');
        else {
          for (const [key, value] of Object.entries(details)) {
            if (typeof value !== 'string') problems.push(`check details.${key} must be a string`);
          }
        }
        problems.push(...findSecretIn(checked.value, secret).map((place) => `check result: ${place}`));
        return problems;
      },
    });
  }

  if (scenarios.includes('auth')) {
    for (const capability of ['find', 'check'] as const) {
      if (!capabilities[capability]) continue;
      cases.push({
        title: `${capability} with a refused key → SinkError "auth", no secret`,
        run: async () => {
          const sink = await arrangeAndCreate('auth');
          const call = capability === 'find' ? sink.find?.(allocation) : sink.check?.();
          if (!call) return [];
          const settled = await settle<unknown>(call);
          if (settled.ok)
            return [
              `${capability} resolved with ${shown(settled.value)}; expected a SinkError of kind "auth"`,
            ];
          return checkSinkError(settled.error, { kind: 'auth', sink: name, secret });
        },
      });
    }
  }

  return cases;
}

/** One push is one request; only `network` may have sent none, since nothing reached the service. */
function checkRequestCount(scenario: SinkFailureScenario, count: number): string[] {
  if (scenario === 'network') {
    return count <= 1 ? [] : [`one push must make at most one request, the service saw ${count}`];
  }
  return count === 1
    ? []
    : [`one push must make exactly one request (never a retry), the service saw ${count}`];
}

async function waitFor(condition: () => boolean, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}
