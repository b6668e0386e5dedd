import { describe, expect, it } from 'vitest';
import { sinkConformanceCases } from './conformance-cases.js';
import type { SinkConformanceHarness } from './harness.js';

/** Registers the conformance suite for one sink: one vitest test per case, each failing with its problems. */
export function describeSinkConformance(harness: SinkConformanceHarness): void {
  describe(`${harness.name} sink conformance`, () => {
    for (const conformanceCase of sinkConformanceCases(harness)) {
      it(
        conformanceCase.title,
        async () => {
          expect(await conformanceCase.run()).toEqual([]);
        },
        harness.caseTimeoutMs ?? 15_000,
      );
    }
  });
}
