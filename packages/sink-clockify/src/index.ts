export { clockifySink } from './clockify-plugin.js';
export { type ClockifyRegion, clockifyRegions } from './clockify-regions.js';
export { type ClockifySink, createClockifySink } from './clockify-sink.js';
export {
  type ClockifyApiKeyResolver,
  type ClockifySinkConfig,
  type ClockifySinkOptions,
  clockifySinkConfigSchema,
  clockifySinkOptionsSchema,
} from './clockify-sink-options.js';
