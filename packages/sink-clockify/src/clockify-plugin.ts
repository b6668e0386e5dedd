import { defineSink } from '@tracker/core';
import { createClockifySink } from './clockify-sink.js';
import { clockifySinkConfigSchema } from './clockify-sink-options.js';

/** The plugin the CLI loads for `sink.use: "clockify"`: options from the config file, the key from secrets. */
export const clockifySink = defineSink({
  name: 'clockify',
  description: 'Clockify time entries (api.clockify.me or a regional host)',
  optionsSchema: clockifySinkConfigSchema,
  secrets: ['clockify_api_key'],
  // Clockify allows 50 requests per second on paid plans; 10 leaves room for other clients of the same workspace.
  suggestedRatePerSecond: 10,
  create: (options, context) =>
    createClockifySink({
      ...options,
      apiKey: () => context.getSecret('clockify_api_key'),
      ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
    }),
});
