import { describeSinkConformance } from './index.js';
import { createMemoryHarness } from './testing/memory-harness.js';

// The whole suite, registered as vitest tests, passes for a correct in-memory sink.
describeSinkConformance(createMemoryHarness());
