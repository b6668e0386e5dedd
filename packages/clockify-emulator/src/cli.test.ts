import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_PROJECT_IDS, DEMO_WORKSPACE_ID } from './index.js';
import { ALICE_KEY, SHARED_WORKSPACE, twoUserSeed } from './test-client.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function runCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: packageRoot });
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function finished(
  child: ChildProcessWithoutNullStreams,
  output = { stdout: '', stderr: '' },
): Promise<Finished> {
  child.stdout.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output.stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ...output })));
}

/** Starts the bin and waits for its banner; the line with "API base URL" gives the address. */
async function startCli(args: string[]) {
  const child = runCli(args);
  const output = { stdout: '', stderr: '' };
  const done = finished(child, output);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (output.stdout.includes('Press Ctrl+C')) resolve();
    });
    child.on('close', () => reject(new Error(`bin exited early: ${output.stderr}`)));
  });
  const apiBaseUrl = /API base URL\s+(\S+)/.exec(output.stdout)?.[1] ?? '';
  return { child, output, done, apiBaseUrl };
}

describe('clockify-emulator bin', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clockify-emulator-cli-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('prints its base URL and the seeded key, workspace and projects, serves, and stops on SIGTERM', async () => {
    const { child, output, done, apiBaseUrl } = await startCli([]);
    expect(apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    for (const text of [DEMO_API_KEY, DEMO_WORKSPACE_ID, ...DEMO_PROJECT_IDS])
      expect(output.stdout).toContain(text);
    const user = await fetch(`${apiBaseUrl}/user`, { headers: { 'X-Api-Key': DEMO_API_KEY } });
    expect(user.status).toBe(200);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
  });

  it('serves a seed file, keeps --data across restarts and stops on SIGINT', async () => {
    const seedFile = join(directory, 'seed.json');
    const dataFile = join(directory, 'data.json');
    await writeFile(seedFile, JSON.stringify(twoUserSeed));
    const args = ['--seed', seedFile, '--data', dataFile, '--rate-per-second', '1000'];
    const first = await startCli(args);
    expect(first.output.stdout).toContain(ALICE_KEY);
    const created = await fetch(`${first.apiBaseUrl}/workspaces/${SHARED_WORKSPACE}/time-entries`, {
      method: 'POST',
      headers: { 'X-Api-Key': ALICE_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ start: '2026-02-04T15:00:00Z', end: '2026-02-04T16:00:00Z' }),
    });
    const { id } = (await created.json()) as { id: string };
    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(0);

    const second = await startCli(args);
    const read = await fetch(`${second.apiBaseUrl}/workspaces/${SHARED_WORKSPACE}/time-entries/${id}`, {
      headers: { 'X-Api-Key': ALICE_KEY },
    });
    expect(read.status).toBe(200);
    second.child.kill('SIGTERM');
    expect((await second.done).code).toBe(0);
  });

  it('exits 2 with one line on stderr for a bad flag, a bad port and a bad seed file', async () => {
    const badSeed = join(directory, 'bad-seed.json');
    await writeFile(badSeed, '{"users": [], "workspaces": "no"}');
    const cases = [
      ['--bogus'],
      ['--port', 'eighty'],
      ['--seed', join(directory, 'missing.json')],
      ['--seed', badSeed],
    ];
    const results = await Promise.all(cases.map((args) => finished(runCli(args))));
    for (const [index, result] of results.entries()) {
      expect(result.code, cases[index]?.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
      expect(result.stderr).toMatch(/^clockify-emulator: /);
      expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
      expect(result.stdout).toBe('');
    }
    expect(results[3]?.stderr).toContain('seed.workspaces must be an array');
  });

  it('prints help and exits 0', async () => {
    const result = await finished(runCli(['--help']));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--rate-per-hour');
  });
});
