import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isSinkPlugin, type SinkPlugin } from '@tracker/core';
import { CliError } from '../cli-error.js';

/** Sinks that ship with tracker, loaded only when used. */
const builtinSinks: Record<string, () => Promise<SinkPlugin>> = {
  clockify: async () => (await import('@tracker/sink-clockify')).clockifySink as SinkPlugin,
};

export const builtinSinkNames = Object.keys(builtinSinks);

/**
 * Finds the plugin named by `sink.use`: a built-in name, else a package (or a relative path) resolved from the
 * config file's folder first, then the working directory, so a third-party sink needs no change to tracker.
 */
export async function loadSinkPlugin(use: string, fromDirs: readonly string[]): Promise<SinkPlugin> {
  const builtin = builtinSinks[use];
  if (builtin) return builtin();

  const specifier = use.startsWith('.') || isAbsolute(use) ? undefined : use;
  let resolved: string | undefined;
  const failures: string[] = [];
  for (const dir of fromDirs) {
    try {
      resolved = specifier ? createRequire(join(dir, 'noop.js')).resolve(specifier) : resolve(dir, use);
      if (!specifier) createRequire(join(dir, 'noop.js')).resolve(resolved);
      break;
    } catch (error) {
      failures.push(`${dir} (${(error as NodeJS.ErrnoException).code ?? 'not found'})`);
    }
  }
  if (!resolved) {
    throw new CliError(
      `Unknown sink "${use}": it is not a built-in (${builtinSinkNames.join(', ')}) and no package of that name ` +
        `could be found from ${failures.join(', ')}. Install the sink package next to your config, or use a built-in.`,
    );
  }
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(resolved).href);
  } catch (error) {
    throw new CliError(`Sink "${use}" (${resolved}) failed to load: ${(error as Error).message}`);
  }
  const candidates = [module.default, module.sinkPlugin, module.plugin, ...Object.values(module)];
  const plugin = candidates.find(isSinkPlugin);
  if (!plugin) {
    throw new CliError(
      `Sink "${use}" (${resolved}) exports no sink plugin: export the result of defineSink(...) from @tracker/core ` +
        `as the default export or as "sinkPlugin".`,
    );
  }
  return plugin;
}
