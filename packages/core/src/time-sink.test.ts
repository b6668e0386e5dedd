import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineSink, isSinkPlugin, SINK_SPECIFICATION_VERSION } from './index.js';

const definition = {
  name: 'memory',
  optionsSchema: z.object({ label: z.string() }),
  secrets: ['memory_token'],
  create: () => ({ name: 'memory', target: 'memory:test', push: async () => 'id-1' }),
};

describe('defineSink', () => {
  it('stamps the specification version and is recognised by isSinkPlugin', () => {
    const plugin = defineSink(definition);
    expect(plugin.specificationVersion).toBe(SINK_SPECIFICATION_VERSION);
    expect(isSinkPlugin(plugin)).toBe(true);
    expect(Object.isFrozen(plugin)).toBe(true);
  });

  it('refuses bad sink and secret names', () => {
    expect(() => defineSink({ ...definition, name: 'My Sink' })).toThrow(/name "My Sink"/);
    expect(() => defineSink({ ...definition, secrets: ['API-KEY'] })).toThrow(/secret name "API-KEY"/);
  });

  it('isSinkPlugin is false for things that are not plugins', () => {
    expect(isSinkPlugin(definition)).toBe(false);
    expect(isSinkPlugin({ default: defineSink(definition) })).toBe(false);
    expect(isSinkPlugin(undefined)).toBe(false);
  });
});
