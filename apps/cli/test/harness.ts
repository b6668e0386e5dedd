import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, type EmulatorOptions, startClockifyEmulator } from '@tracker/clockify-emulator';

export const TRACKER_BIN = fileURLToPath(new URL('../bin/tracker.js', import.meta.url));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  /** Kill the process with SIGKILL after this many ms. */
  killAfterMs?: number;
  timeoutMs?: number;
}

/** An environment with nothing of the developer's own: no real key, no real config, no keychain. */
export function isolatedEnv(
  home: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    NO_COLOR: '1',
  };
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** Runs the built `tracker` as a user would, in its own process. */
export function runTracker(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return startTracker(args, options).result;
}

/** Starts `tracker` and hands back the process too, for tests that kill it at a chosen moment. */
export function startTracker(
  args: string[],
  options: RunOptions = {},
): { child: ChildProcess; result: Promise<RunResult> } {
  let child!: ChildProcess;
  const result = new Promise<RunResult>((resolve, reject) => {
    child = spawn(process.execPath, [TRACKER_BIN, ...args], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (!child.stdout || !child.stderr || !child.stdin) throw new Error('tracker was spawned without pipes');
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const killer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
  return { child, result };
}

export interface Workspace {
  dir: string;
  emulator: Emulator;
  apiKey: string;
  workspaceId: string;
  projectIds: string[];
  configPath: string;
  ledgerPath: string;
  env: Record<string, string>;
  writeConfig(extra?: Record<string, unknown>, sinkExtra?: Record<string, unknown>): void;
  writeInput(name: string, content: string): string;
  cleanup(): Promise<void>;
}

/** A temp folder, a running emulator, and a config pointing at it with the seeded key in the env. */
export async function createWorkspace(emulatorOptions: EmulatorOptions = {}): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-e2e-'));
  const emulator = await startClockifyEmulator(emulatorOptions);
  const user = emulator.seed.users[0];
  const workspace = emulator.seed.workspaces[0];
  if (!user || !workspace) throw new Error('emulator seed has no user or workspace');
  const projectIds = emulator.seed.projects
    .filter((p) => p.workspaceId === workspace.id && !p.archived)
    .map((p) => p.id);
  const configPath = join(dir, 'tracker.config.json');
  const ledgerPath = join(dir, 'ledger.sqlite');
  const env = isolatedEnv(dir, { CLOCKIFY_API_KEY: user.apiKey });
  const writeConfig = (extra: Record<string, unknown> = {}, sinkExtra: Record<string, unknown> = {}) => {
    const config = {
      sink: { use: 'clockify', workspaceId: workspace.id, baseUrl: emulator.apiBaseUrl, ...sinkExtra },
      ledger: './ledger.sqlite',
      rate: 1000,
      ...extra,
    };
    writeFileSync(configPath, JSON.stringify(config, null, 2));
  };
  writeConfig();
  return {
    dir,
    emulator,
    apiKey: user.apiKey,
    workspaceId: workspace.id,
    projectIds,
    configPath,
    ledgerPath,
    env,
    writeConfig,
    writeInput(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async cleanup() {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `count` allocations of one hour each, one after another from a fixed day, across the given projects. */
export function makeAllocations(
  count: number,
  projectIds: readonly string[],
  startIso = '2026-02-02T08:00:00Z',
) {
  const start = Date.parse(startIso);
  return Array.from({ length: count }, (_, index) => ({
    projectId: projectIds[index % projectIds.length] as string,
    start: new Date(start + index * 3_600_000).toISOString().replace('.000Z', 'Z'),
    end: new Date(start + (index + 1) * 3_600_000 - 15 * 60_000).toISOString().replace('.000Z', 'Z'),
  }));
}

export const toNdjson = (items: readonly unknown[]) =>
  `${items.map((item) => JSON.stringify(item)).join('\n')}\n`;

/** Entries grouped by (project, start, end): any group above 1 is a duplicate. */
export function duplicatesOf(
  entries: readonly { projectId: string | null; timeInterval: { start: string; end: string | null } }[],
) {
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const key = `${entry.projectId} ${entry.timeInterval.start} ${entry.timeInterval.end}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, count]) => count > 1);
}
