import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { xdgConfig, xdgState } from 'xdg-basedir';
import type { z } from 'zod';
import { CliError } from '../cli-error.js';
import { describeJsonSyntaxError } from '../input/json-syntax.js';
import { configSchema, SECRET_LIKE_OPTION, type TrackerConfig } from './config-schema.js';

export interface LoadedConfig {
  /** Absolute path of the file read. */
  path: string;
  config: TrackerConfig;
  /** Sink options: `sink` without `use`. */
  sinkOptions: Record<string, unknown>;
  /** Absolute ledger path. */
  ledgerPath: string;
}

export interface ConfigLookup {
  explicit?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const EXAMPLE = `{
  "$schema": "https://unpkg.com/@tracker/cli/config.schema.json",
  "sink": { "use": "clockify", "workspaceId": "<24-hex workspace id>" }
}`;

/** The config file candidates, in the order they are tried: --config, $TRACKER_CONFIG, ./tracker.config.json, XDG. */
export function configCandidates(
  lookup: ConfigLookup = {},
): { path: string; why: string; explicit: boolean }[] {
  const env = lookup.env ?? process.env;
  const cwd = lookup.cwd ?? process.cwd();
  if (lookup.explicit) return [{ path: resolve(cwd, lookup.explicit), why: '--config', explicit: true }];
  if (env.TRACKER_CONFIG)
    return [{ path: resolve(cwd, env.TRACKER_CONFIG), why: '$TRACKER_CONFIG', explicit: true }];
  const candidates = [
    { path: join(cwd, 'tracker.config.json'), why: './tracker.config.json', explicit: false },
  ];
  const configHome = env.XDG_CONFIG_HOME || xdgConfig;
  if (configHome)
    candidates.push({ path: join(configHome, 'tracker', 'config.json'), why: 'XDG config', explicit: false });
  return candidates;
}

export function defaultLedgerPath(env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME || xdgState;
  if (!stateHome)
    throw new CliError('Cannot find a place for the ledger: set "ledger" in the config or $XDG_STATE_HOME.');
  return join(stateHome, 'tracker', 'ledger.sqlite');
}

/** Formats zod issues as `file: field: message` lines, with `prefix` before each field path. */
export function formatIssues(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  prefix: string[] = [],
): string {
  return issues
    .map((issue) => {
      const field = [...prefix, ...issue.path.map(String)].join('.');
      return `  ${file}: ${field ? `${field}: ` : ''}${issue.message}`;
    })
    .join('\n');
}

/** Finds, reads and validates the config file; every mistake is a CliError (exit 2) naming file and field. */
export async function loadConfig(lookup: ConfigLookup = {}): Promise<LoadedConfig> {
  const env = lookup.env ?? process.env;
  const candidates = configCandidates(lookup);
  let text: string | undefined;
  let path = '';
  for (const candidate of candidates) {
    try {
      text = await readFile(candidate.path, 'utf8');
      path = candidate.path;
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !candidate.explicit) continue;
      if (code === 'ENOENT')
        throw new CliError(`Config file not found: ${candidate.path} (from ${candidate.why}).`);
      throw new CliError(`Cannot read config file ${candidate.path}: ${(error as Error).message}`);
    }
  }
  if (text === undefined) {
    throw new CliError(
      `No config file found. Tried: ${candidates.map((c) => c.path).join(', ')}.\n` +
        `Create tracker.config.json (or pass --config FILE), for example:\n${EXAMPLE}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: ${describeJsonSyntaxError(error, text)}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(`Invalid config:\n${formatIssues(path, parsed.error.issues)}`);
  const { use: _use, ...sinkOptions } = parsed.data.sink;
  for (const option of Object.keys(sinkOptions)) {
    if (SECRET_LIKE_OPTION.test(option)) {
      throw new CliError(
        `Invalid config:\n  ${path}: sink.${option}: keys do not belong in the config file.\n` +
          '  Store it with `tracker secrets set <name>`, or export it (e.g. CLOCKIFY_API_KEY) in the environment.',
      );
    }
  }
  const ledgerPath = parsed.data.ledger ? resolve(dirname(path), parsed.data.ledger) : defaultLedgerPath(env);
  return { path, config: parsed.data, sinkOptions, ledgerPath };
}
