export { configSchema, type TrackerConfig } from './config/config-schema.js';
export { type LoadedConfig, loadConfig } from './config/load-config.js';
export { ExitCode, type ExitCodeValue } from './exit-codes.js';
export {
  formatInputProblem,
  type InputFormat,
  type InputProblem,
  type InputRecord,
  inputFormats,
  readAllocations,
} from './input/read-allocations.js';
export { builtinSinkNames, loadSinkPlugin } from './sinks/sink-registry.js';
