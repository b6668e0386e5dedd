import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './emulator.js';
import { parseSeed } from './seed.js';

export const USAGE = `Usage: clockify-emulator [options]

A local server that answers like Clockify's API v1, for demos and tests. No real key needed.

Options:
  --port N               port to listen on (default 0: any free port)
  --host HOST            address to bind (default 127.0.0.1)
  --seed FILE            JSON seed {users, workspaces, projects} (default: the demo seed)
  --data FILE            keep entries in FILE across restarts
  --rate-per-second N    per API key, answer 429 above N requests per second
  --rate-per-hour N      per API key, answer 429 above N requests per hour
  --help                 show this help
`;

export type CliArguments =
  | { kind: 'help' }
  | { kind: 'start'; options: EmulatorOptions }
  | { kind: 'usage-error'; message: string };

function usageError(message: string): CliArguments {
  return { kind: 'usage-error', message };
}

function readInteger(
  text: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | string | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    return `--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`;
  }
  return value;
}

async function readSeedFile(path: string): Promise<EmulatorOptions['seed'] | string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return `cannot read seed file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
  try {
    return parseSeed(JSON.parse(text));
  } catch (error) {
    return `invalid seed file ${path}: ${(error as Error).message}`;
  }
}

/** Turns the bin's argv into options, or into one line that says what is wrong. */
export async function readCliArguments(argv: string[]): Promise<CliArguments> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        data: { type: 'string' },
        'rate-per-second': { type: 'string' },
        'rate-per-hour': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return usageError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  if (values.help) return { kind: 'help' };
  const text = (name: string) => values[name] as string | undefined;
  const options: EmulatorOptions = {};
  const port = readInteger(text('port'), 'port', 0, 65535);
  if (typeof port === 'string') return usageError(port);
  if (port !== undefined) options.port = port;
  const host = text('host');
  if (host !== undefined) options.host = host;
  const perSecond = readInteger(text('rate-per-second'), 'rate-per-second', 1, 1_000_000);
  if (typeof perSecond === 'string') return usageError(perSecond);
  const perHour = readInteger(text('rate-per-hour'), 'rate-per-hour', 1, 1_000_000_000);
  if (typeof perHour === 'string') return usageError(perHour);
  if (perSecond !== undefined || perHour !== undefined) {
    options.rateLimit = {};
    if (perSecond !== undefined) options.rateLimit.perSecond = perSecond;
    if (perHour !== undefined) options.rateLimit.perHour = perHour;
  }
  const seedPath = text('seed');
  if (seedPath !== undefined) {
    const seed = await readSeedFile(seedPath);
    if (typeof seed === 'string') return usageError(seed);
    options.seed = seed;
  }
  const dataPath = text('data');
  if (dataPath !== undefined) options.dataFile = dataPath;
  return { kind: 'start', options };
}
