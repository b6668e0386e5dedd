import type { z } from 'zod';
import type { Allocation } from './allocation.js';

export interface SinkCallOptions {
  signal?: AbortSignal;
}

/** What a read-only preflight learned: who the key belongs to, and facts worth showing the user. */
export interface SinkCheck {
  /** e.g. `Ada Lovelace <ada@example.com>` */
  identity: string;
  details: Record<string, string>;
}

/** Where time entries go. One allocation → one entry; a sink never retries a create itself. */
export interface TimeSink {
  /** e.g. `clockify`. */
  readonly name: string;
  /** Stable name of where entries land (service host + workspace), so a ledger never mixes two. */
  readonly target: string;
  /** Creates one entry and resolves with its id, or throws a `SinkError`. Exactly one request. */
  push(allocation: Allocation, options?: SinkCallOptions): Promise<string>;
  /** The id of an entry this allocation already created, if any. */
  find?(allocation: Allocation, options?: SinkCallOptions): Promise<string | undefined>;
  /** Deletes an entry. */
  remove?(entryId: string, options?: SinkCallOptions): Promise<void>;
  /** Read-only preflight: is the key good, and can it write where we will write? */
  check?(options?: SinkCallOptions): Promise<SinkCheck>;
}

/** A secret and where it was found (`env:CLOCKIFY_API_KEY`): the source is safe to print, the value never. */
export interface ResolvedSecret {
  value: string;
  source: string;
}

export interface SinkContext {
  /** Resolves one of the plugin's declared `secrets` by name. Called lazily, on first use. */
  getSecret(name: string): Promise<ResolvedSecret>;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
}

export const SINK_SPECIFICATION_VERSION = 'tracker-sink-v1';

/** A sink the app can load by name: validates its own options, names its secrets, and builds the sink. */
export interface SinkPlugin<TOptions = unknown> {
  readonly specificationVersion: typeof SINK_SPECIFICATION_VERSION;
  readonly name: string;
  readonly description?: string;
  readonly optionsSchema: z.ZodType<TOptions>;
  readonly secrets: readonly string[];
  /** Requests per second the service tolerates, used when the user sets no `rate` (Clockify: 10). */
  readonly suggestedRatePerSecond?: number;
  create(options: TOptions, context: SinkContext): TimeSink;
}

export type SinkPluginDefinition<TOptions> = Omit<SinkPlugin<TOptions>, 'specificationVersion'>;

const SINK_NAME = /^[a-z][a-z0-9-]*$/;
const SECRET_NAME = /^[a-z0-9_]+$/;

/** Declares a sink plugin; checks its name and secret names once, at definition time. */
export function defineSink<TOptions>(definition: SinkPluginDefinition<TOptions>): SinkPlugin<TOptions> {
  if (!SINK_NAME.test(definition.name)) {
    throw new TypeError(`defineSink: name ${JSON.stringify(definition.name)} must match ${SINK_NAME}`);
  }
  for (const secret of definition.secrets) {
    if (!SECRET_NAME.test(secret)) {
      throw new TypeError(
        `defineSink(${definition.name}): secret name ${JSON.stringify(secret)} must match ${SECRET_NAME}`,
      );
    }
  }
  return Object.freeze({ ...definition, specificationVersion: SINK_SPECIFICATION_VERSION });
}

/** True for a value that looks like a `SinkPlugin` of this specification version (e.g. a module's export). */
export function isSinkPlugin(value: unknown): value is SinkPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const plugin = value as Partial<SinkPlugin>;
  return (
    plugin.specificationVersion === SINK_SPECIFICATION_VERSION &&
    typeof plugin.name === 'string' &&
    typeof plugin.create === 'function' &&
    Array.isArray(plugin.secrets) &&
    typeof (plugin.optionsSchema as { safeParse?: unknown } | undefined)?.safeParse === 'function'
  );
}
