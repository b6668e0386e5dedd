export {
  type Allocation,
  type AllocationInput,
  type AllocationParseResult,
  type AllocationProblem,
  allocationKey,
  allocationSchema,
  formatAllocation,
  formatAllocationProblems,
  parseAllocation,
} from './allocation.js';
export {
  SinkError,
  type SinkErrorKind,
  type SinkErrorOptions,
  type SinkErrorTraits,
  sinkErrorKinds,
  sinkErrorTraits,
} from './sink-error.js';
export {
  defineSink,
  isSinkPlugin,
  type ResolvedSecret,
  SINK_SPECIFICATION_VERSION,
  type SinkCallOptions,
  type SinkCheck,
  type SinkContext,
  type SinkPlugin,
  type SinkPluginDefinition,
  type TimeSink,
} from './time-sink.js';
export { formatUtcSeconds, parseTimestamp, type TimestampResult } from './timestamp.js';
