import { z } from 'zod';

const secretName = z.string().regex(/^[a-z0-9_]+$/, { error: 'secret names use a-z, 0-9 and _ only' });

/** The config file. Sink options beyond `use` are checked by the sink plugin's own schema. */
export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  sink: z.looseObject({
    use: z
      .string({
        error: 'is required: the sink to use, e.g. "clockify", or the package name of a sink plugin',
      })
      .min(1, { error: 'must name a sink, e.g. "clockify"' }),
  }),
  ledger: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Path of the SQLite ledger; relative paths are relative to this file. Default: $XDG_STATE_HOME/tracker/ledger.sqlite',
    ),
  concurrency: z.number().int().min(1).max(64).optional().describe('Requests in flight at once (default 4).'),
  rate: z
    .number()
    .positive()
    .max(1000)
    .optional()
    .describe('Requests per second at most (default: the sink’s suggestion, 10/s for Clockify).'),
  maxWaitSeconds: z
    .number()
    .min(0)
    .max(86_400)
    .optional()
    .describe(
      'How long a run may wait on rate limits and backoff in total before it stops to resume later (default 120).',
    ),
  secrets: z
    .strictObject({
      commands: z
        .record(
          secretName,
          z
            .array(z.string().min(1))
            .min(1, { error: 'must be an argv array like ["pass", "show", "clockify"]' }),
        )
        .optional()
        .describe('Commands that print a secret, by secret name: an argv array, run without a shell.'),
    })
    .optional(),
});

export type TrackerConfig = z.infer<typeof configSchema>;

/** Option names that look like a secret: refused in the config file with a pointer to `tracker secrets`. */
export const SECRET_LIKE_OPTION = /(api[-_]?key|token|secret|password)$/i;
