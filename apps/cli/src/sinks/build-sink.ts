import { dirname } from 'node:path';
import { type ResolvedSecret, SinkError, type SinkPlugin, type TimeSink } from '@tracker/core';
import { CliError } from '../cli-error.js';
import type { TrackerConfig } from '../config/config-schema.js';
import { formatIssues, type LoadedConfig } from '../config/load-config.js';
import { ExitCode } from '../exit-codes.js';
import { loadSinkPlugin } from './sink-registry.js';

export interface BuiltSink {
  plugin: SinkPlugin;
  sink: TimeSink;
  /** Where each declared secret was found (`env:CLOCKIFY_API_KEY`), for messages; never the value. */
  secretSources: Record<string, string>;
  /** The resolver the sink uses, cached per name: resolving through it never runs a secret command twice. */
  getSecret(name: string): Promise<ResolvedSecret>;
}

export interface BuildSinkOptions {
  /** Resolve the plugin's secrets now (a missing key stops before anything is written). Off for --dry-run. */
  resolveSecrets: boolean;
}

/** How `@tracker/secrets` should look for this config's secrets: its `secrets.commands`, if any. */
export function secretLookupOptions(config: TrackerConfig): { commands?: Record<string, string[]> } {
  return config.secrets?.commands ? { commands: config.secrets.commands } : {};
}

/** Loads the configured plugin, validates its options, resolves its secrets and creates the sink. */
export async function buildSink(loaded: LoadedConfig, options: BuildSinkOptions): Promise<BuiltSink> {
  const plugin = await loadSinkPlugin(loaded.config.sink.use, [dirname(loaded.path), process.cwd()]);
  const parsed = plugin.optionsSchema.safeParse(loaded.sinkOptions);
  if (!parsed.success) {
    throw new CliError(
      `Invalid config for sink "${plugin.name}":\n${formatIssues(loaded.path, parsed.error.issues, ['sink'])}`,
    );
  }
  const secretOptions = secretLookupOptions(loaded.config);
  const { resolveSecret } = await import('@tracker/secrets');
  const resolved = new Map<string, ResolvedSecret>();
  if (options.resolveSecrets) {
    for (const name of plugin.secrets) {
      try {
        resolved.set(name, await resolveSecret(name, secretOptions));
      } catch (error) {
        throw new CliError((error as Error).message, ExitCode.auth);
      }
    }
  }
  const getSecret = async (name: string): Promise<ResolvedSecret> => {
    const known = resolved.get(name);
    if (known) return known;
    const found = await resolveSecret(name, secretOptions);
    resolved.set(name, found);
    return found;
  };
  let sink: TimeSink;
  try {
    sink = plugin.create(parsed.data, { getSecret });
  } catch (error) {
    if (SinkError.is(error)) throw new CliError(`Invalid config for sink "${plugin.name}": ${error.message}`);
    throw error;
  }
  const secretSources = Object.fromEntries([...resolved].map(([name, secret]) => [name, secret.source]));
  return { plugin, sink, secretSources, getSecret };
}
