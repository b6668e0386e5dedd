import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../index.js';

const root = mkdtempSync(join(tmpdir(), 'tracker-config-'));

describe('loadConfig', () => {
  it('prefers --config, then $TRACKER_CONFIG, then ./tracker.config.json, then XDG', async () => {
    const cwd = join(root, 'order');
    const xdg = join(cwd, 'xdg');
    mkdirSync(join(xdg, 'tracker'), { recursive: true });
    writeFileSync(join(xdg, 'tracker', 'config.json'), JSON.stringify({ sink: { use: 'from-xdg' } }));
    const env = { XDG_CONFIG_HOME: xdg, XDG_STATE_HOME: join(cwd, 'state') };
    expect((await loadConfig({ cwd, env })).config.sink.use).toBe('from-xdg');
    writeFileSync(join(cwd, 'tracker.config.json'), JSON.stringify({ sink: { use: 'from-cwd' } }));
    expect((await loadConfig({ cwd, env })).config.sink.use).toBe('from-cwd');
    writeFileSync(join(cwd, 'env.json'), JSON.stringify({ sink: { use: 'from-env' } }));
    expect((await loadConfig({ cwd, env: { ...env, TRACKER_CONFIG: 'env.json' } })).config.sink.use).toBe(
      'from-env',
    );
    writeFileSync(join(cwd, 'flag.json'), JSON.stringify({ sink: { use: 'from-flag' } }));
    const loaded = await loadConfig({
      cwd,
      env: { ...env, TRACKER_CONFIG: 'env.json' },
      explicit: 'flag.json',
    });
    expect(loaded.config.sink.use).toBe('from-flag');
    expect(loaded.ledgerPath).toBe(join(cwd, 'state', 'tracker', 'ledger.sqlite'));
  });

  it('resolves a relative ledger next to the config file and keeps sink options apart', async () => {
    const dir = join(root, 'ledger');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ sink: { use: 'clockify', workspaceId: 'w' }, ledger: 'data/l.sqlite' }),
    );
    const loaded = await loadConfig({ explicit: join(dir, 'c.json') });
    expect(loaded.ledgerPath).toBe(join(dir, 'data', 'l.sqlite'));
    expect(loaded.sinkOptions).toEqual({ workspaceId: 'w' });
  });

  it('names the file and the field of each mistake', async () => {
    const path = join(root, 'bad.json');
    writeFileSync(path, JSON.stringify({ sink: {}, rate: -1, extra: true }));
    await expect(loadConfig({ explicit: path })).rejects.toThrow(
      new RegExp(`${path}: sink\\.use: is required[\\s\\S]*${path}: rate: [\\s\\S]*${path}: .*extra`),
    );
    writeFileSync(path, '{\n  "sink": {"use": "clockify"},\n  oops\n}');
    await expect(loadConfig({ explicit: path })).rejects.toThrow(/bad\.json: .*not valid JSON/);
    await expect(loadConfig({ explicit: join(root, 'missing.json') })).rejects.toThrow(
      /Config file not found: .*missing\.json \(from --config\)/,
    );
  });
});
