import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace, isolatedEnv, makeAllocations, runTracker, type Workspace } from './harness.js';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

describe('tracker doctor', () => {
  it('reports every check with ✓ when all is well, naming the key source and never the key', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const result = await runTracker(['doctor', '-c', ws.configPath], { env: ws.env });
    expect(result.stdout).toMatch(/✓ config/);
    expect(result.stdout).toMatch(/✓ sink\s+clockify → clockify:127\.0\.0\.1:\d+\/workspaces\//);
    expect(result.stdout).toMatch(/✓ secret\s+clockify_api_key from env:CLOCKIFY_API_KEY/);
    expect(result.stdout).toMatch(/✓ service\s+.+<.+@.+>/);
    expect(result.stdout).toMatch(/✓ ledger/);
    expect(result.stdout).not.toContain(ws.apiKey);
    expect(result.code).toBe(0);
  });

  it('marks the failing check ✗ with its fix and exits 3 for a refused key', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const canary = 'canary-doctor-key-77aa';
    const result = await runTracker(['doctor', '-c', ws.configPath], {
      env: { ...ws.env, CLOCKIFY_API_KEY: canary },
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/✗ service/);
    expect(result.stdout + result.stderr).not.toContain(canary);
  });

  it('exits 2 with the field named for a bad config', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    ws.writeConfig({}, { workspaceId: 'not-an-id' });
    const result = await runTracker(['doctor', '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/✗ sink .*sink\.workspaceId/s);
  });
});

describe('tracker status', () => {
  it('shows counts by state and lists failed rows', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const allocations = makeAllocations(3, ws.projectIds);
    const input = ws.writeInput(
      'a.json',
      JSON.stringify([...allocations, { ...allocations[0], projectId: 'ffffffffffffffffffffffff' }]),
    );
    expect((await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env })).code).toBe(1);
    const result = await runTracker(['status', '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/done 3 · pending 0 · failed 1/);
    expect(result.stdout).toMatch(/failed\s+ffffffffffffffffffffffff .*rejected/);
    const json = JSON.parse(
      (await runTracker(['status', '-c', ws.configPath, '--json'], { env: ws.env })).stdout,
    );
    expect(json.targets[0].counts).toEqual({ done: 3, pending: 0, failed: 1 });
  });

  it('exits 2 with a clear message when the ledger path holds something else', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    writeFileSync(ws.ledgerPath, 'not a database, just a note\n');
    const result = await runTracker(['status', '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Cannot read the ledger');
    expect(result.stderr).toContain(ws.ledgerPath);
    expect(result.stderr).not.toMatch(/unexpected error/);
  });

  it('says so when nothing has been synced yet', async () => {
    workspace = await createWorkspace();
    const result = await runTracker(['status', '-c', workspace.configPath], { env: workspace.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nothing has been synced/);
  });
});

describe('config and usage errors', () => {
  it('names the file and field of a config mistake, with exit 2 and no stack', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    ws.writeConfig({ concurrency: 0 });
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(1, ws.projectIds)));
    const result = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${ws.configPath}: concurrency:`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(ws.emulator.requestCount()).toBe(0);
  });

  it('refuses a key written into the config file', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    ws.writeConfig({}, { apiKey: 'do-not-put-me-here' });
    const result = await runTracker(['doctor', '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/sink\.apiKey: keys do not belong in the config file/);
    expect(result.stdout).not.toContain('do-not-put-me-here');
  });

  it('lists the built-ins for an unknown sink', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    writeFileSync(ws.configPath, JSON.stringify({ sink: { use: 'harvest' } }));
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(1, ws.projectIds)));
    const result = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown sink "harvest".*built-in \(clockify\)/s);
  });

  it('finds ./tracker.config.json in the working directory and reports a missing config clearly', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const found = await runTracker(['doctor'], { env: ws.env, cwd: ws.dir });
    expect(found.stdout).toContain(`✓ config   ${ws.configPath}`);
    const empty = join(ws.dir, 'empty');
    mkdirSync(empty);
    const missing = await runTracker(['sync', 'x.json'], { env: isolatedEnv(empty), cwd: empty });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No config file found\. Tried: .*tracker\.config\.json/);
  });

  it('exits 2 for an unknown flag and 0 for --help and --version', async () => {
    const bad = await runTracker(['sync', '--frobnicate', 'x']);
    expect(bad.code).toBe(2);
    const version = await runTracker(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
    );
    const help = await runTracker(['sync', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dry-run');
  });
});

describe('third-party sinks', () => {
  it('loads a sink plugin by package name from next to the config, with no change to tracker', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const pkg = join(ws.dir, 'node_modules', 'tracker-sink-memory');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'tracker-sink-memory', type: 'module', main: 'index.js' }),
    );
    // A plugin written without importing @tracker/core: the contract is the shape and the version literal.
    writeFileSync(
      join(pkg, 'index.js'),
      `import { appendFileSync } from 'node:fs';
const optionsSchema = { safeParse: (value) => typeof value.file === 'string' ? { success: true, data: value } : { success: false, error: { issues: [{ path: ['file'], message: 'is required' }] } } };
export default {
  specificationVersion: 'tracker-sink-v1', name: 'memory', secrets: [], optionsSchema,
  create: (options) => ({ name: 'memory', target: 'memory:' + options.file,
    push: async (allocation) => { appendFileSync(options.file, allocation.projectId + ' ' + allocation.start.toISOString() + '\\n'); return 'm-' + allocation.start.getTime(); } }),
};\n`,
    );
    const out = join(ws.dir, 'pushed.txt');
    writeFileSync(
      ws.configPath,
      JSON.stringify({ sink: { use: 'tracker-sink-memory', file: out }, ledger: './ledger.sqlite' }),
    );
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(3, ['p1'])));
    const result = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    expect(result.stderr).not.toMatch(/unexpected/);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    const again = await runTracker(['sync', input, '-c', ws.configPath], { env: ws.env });
    expect(again.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(statSync(ws.ledgerPath).size).toBeGreaterThan(0);
  });
});

describe('tracker secrets', () => {
  it('stores from stdin into a 0600 file, says where it is read from, and deletes it; never echoing the value', async () => {
    workspace = await createWorkspace();
    const ws = workspace;
    const env = { ...ws.env, CLOCKIFY_API_KEY: undefined };
    const canary = 'canary-secret-9d8c7b6a';
    const set = await runTracker(['secrets', 'set', 'clockify_api_key', '--store', 'file'], {
      env,
      input: `${canary}\n`,
    });
    expect(set.code).toBe(0);
    const path = join(ws.dir, 'config', 'tracker', 'secrets', 'clockify_api_key');
    expect(set.stdout).toContain(`file:${path}`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(canary);
    const where = await runTracker(['secrets', 'where', 'clockify_api_key'], { env });
    expect(where.stdout.trim()).toBe(`clockify_api_key: file:${path}`);
    // The stored key is the one a sync uses: the emulator refuses it, and the message names the file, not the key.
    const input = ws.writeInput('a.json', JSON.stringify(makeAllocations(1, ws.projectIds)));
    const sync = await runTracker(['sync', input, '-c', ws.configPath], { env });
    expect(sync.code).toBe(3);
    expect(sync.stderr).toContain(`file:${path}`);
    const deleted = await runTracker(['secrets', 'delete', 'clockify_api_key', '--store', 'file'], { env });
    expect(deleted.stdout).toMatch(/Deleted clockify_api_key from file/);
    const gone = await runTracker(['secrets', 'where', 'clockify_api_key'], { env });
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(/No value for secret "clockify_api_key"/);
    for (const output of [set, where, sync, deleted, gone])
      expect(output.stdout + output.stderr).not.toContain(canary);
  });

  it('refuses an empty value and a bad name without echoing it', async () => {
    const empty = await runTracker(['secrets', 'set', 'clockify_api_key', '--store', 'file'], {
      input: '\n',
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/No value given/);
    const bad = await runTracker(['secrets', 'set', 'sk-live-abc123'], { input: 'x' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain('sk-live-abc123');
  });
});
