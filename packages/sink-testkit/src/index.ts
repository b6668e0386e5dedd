export { checkSinkError, findHttpObjectsIn, type SinkErrorExpectation } from './check-sink-error.js';
export {
  defaultConformanceAllocation,
  type SinkConformanceCase,
  sinkConformanceCases,
} from './conformance-cases.js';
export { describeSinkConformance } from './describe-sink-conformance.js';
export type { SinkCapabilities, SinkConformanceHarness } from './harness.js';
export { findSecretIn } from './inspect-for-secret.js';
export { type SinkFailureScenario, type SinkScenario, sinkFailureScenarios } from './scenarios.js';
