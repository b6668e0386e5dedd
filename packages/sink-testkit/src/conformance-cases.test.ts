import { describe, expect, it } from 'vitest';
import { sinkConformanceCases, sinkFailureScenarios } from './index.js';
import { createMemoryHarness, type MemorySinkFlaws } from './testing/memory-harness.js';

async function problemsOf(flaws: MemorySinkFlaws, titleStart: string): Promise<string[]> {
  const cases = sinkConformanceCases(createMemoryHarness(flaws)).filter((candidate) =>
    candidate.title.startsWith(titleStart),
  );
  expect(cases.length, `a case titled "${titleStart}…"`).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const conformanceCase of cases) problems.push(...(await conformanceCase.run()));
  return problems;
}

describe('sinkConformanceCases', () => {
  it('finds nothing wrong with a correct sink', async () => {
    // One at a time: the cases share the harness's service, as they do inside describeSinkConformance.
    for (const conformanceCase of sinkConformanceCases(createMemoryHarness())) {
      expect(await conformanceCase.run(), conformanceCase.title).toEqual([]);
    }
  });

  it('has one case per failure scenario, plus the capability cases declared', () => {
    const titles = sinkConformanceCases(createMemoryHarness()).map((c) => c.title);
    for (const scenario of sinkFailureScenarios)
      expect(titles.some((t) => t.startsWith(`${scenario} →`))).toBe(true);
    expect(titles.filter((t) => /^(find|remove|check)\b/.test(t))).toHaveLength(5);
    const lean = sinkConformanceCases({ ...createMemoryHarness(), capabilities: {}, scenarios: ['auth'] });
    expect(lean.map((c) => c.title).filter((t) => /^(find|remove|check|no-reply|network)\b/.test(t))).toEqual(
      [],
    );
  });

  it.each<[string, MemorySinkFlaws, string, RegExp]>([
    ['a wrong name', { wrongName: true }, 'names itself', /sink\.name is "memory-typo"/],
    [
      'the secret in its target',
      { secretInTarget: true },
      'names itself',
      /inspecting the sink: the secret appears/,
    ],
    [
      'an undeclared capability',
      { undeclaredRemove: true },
      'names itself',
      /sink\.remove exists but the harness does not declare it/,
    ],
    ['an empty id', { emptyId: true }, 'created →', /non-empty id/],
    ['the wrong kind', { wrongKind: true }, 'unavailable →', /expected kind "unavailable", got "rejected"/],
    [
      'a raw fetch error',
      { rawNetworkError: true },
      'network →',
      /expected a SinkError of kind "network", got TypeError: fetch failed/,
    ],
    [
      'the key in a cause',
      { secretInCause: true },
      'auth →',
      /secret appears in util\.inspect\(value, \{ depth: Infinity \}\)/,
    ],
    ['the key in a hidden property', { secretInHiddenProperty: true }, 'rejected →', /showHidden: true/],
    ['a kept Response', { keepsResponse: true }, 'unavailable →', /keeps a Response object at error\.cause/],
    [
      'a retry inside the sink',
      { retriesInside: true },
      'unavailable →',
      /exactly one request \(never a retry\), the service saw 2/,
    ],
    [
      'an ignored aborted signal',
      { ignoresAbort: true },
      'an already aborted',
      /resolved .* although its signal was aborted/,
    ],
    ['cancellation as a SinkError', { abortAsSinkError: true }, 'aborting while', /not a SinkError/],
    ['find matching by minute', { findByMinute: true }, 'find →', /matched an entry one second off/],
    [
      'remove that keeps the entry',
      { removeKeepsEntry: true },
      'remove deletes',
      /find still returns "entry-1" after remove/,
    ],
    ['an empty identity', { emptyIdentity: true }, 'check →', /non-empty identity/],
  ])('catches a sink with %s', async (_, flaws, titleStart, expected) => {
    const problems = await problemsOf(flaws, titleStart);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('never prints the secret in its own problem reports', async () => {
    const problems = await problemsOf({ rawNetworkError: true, secretInCause: true }, 'auth →');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).not.toContain(createMemoryHarness().secret);
  });
});
