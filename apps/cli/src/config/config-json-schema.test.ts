import { readFileSync } from 'node:fs';
import { clockifySink } from '@tracker/sink-clockify';
import { describe, expect, it } from 'vitest';
import { buildConfigJsonSchema } from './config-json-schema.js';

describe('config.schema.json', () => {
  const generated = buildConfigJsonSchema({ clockify: clockifySink.optionsSchema });

  it('is the committed file (regenerate with `pnpm --filter @tracker/cli schema`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(generated);
  });

  it('describes the clockify options and the top-level fields', () => {
    const sink = (
      generated.properties as Record<
        string,
        { anyOf: { properties: Record<string, unknown>; required: string[] }[] }
      >
    ).sink;
    const clockify = sink?.anyOf[0];
    expect(clockify?.required).toEqual(expect.arrayContaining(['use', 'workspaceId']));
    expect(Object.keys(clockify?.properties ?? {})).toEqual(
      expect.arrayContaining(['region', 'baseUrl', 'description', 'timeoutMs']),
    );
    expect(Object.keys(generated.properties as object)).toEqual(
      expect.arrayContaining(['sink', 'ledger', 'concurrency', 'rate', 'maxWaitSeconds', 'secrets']),
    );
  });
});
