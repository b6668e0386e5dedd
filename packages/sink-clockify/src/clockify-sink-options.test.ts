import { inspect } from 'node:util';
import { SinkError } from '@tracker/core';
import { describe, expect, it, vi } from 'vitest';
import { type ClockifySinkOptions, clockifySinkOptionsSchema, createClockifySink } from './index.js';
import {
  allocation,
  apiKey,
  clockifyEntry,
  entryId,
  sentRequest,
  workspaceId,
} from './testing/clockify-fixtures.js';

function configError(options: unknown): SinkError {
  try {
    createClockifySink(options as ClockifySinkOptions);
  } catch (error) {
    if (SinkError.is(error)) return error;
    throw error;
  }
  throw new Error('expected createClockifySink to throw');
}

const created = () => new Response(JSON.stringify(clockifyEntry()), { status: 201 });

describe('options', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a short workspaceId', { workspaceId: '64a1f0' }, /workspaceId must be 24 hexadecimal characters/],
    [
      'an unknown region',
      { region: 'mars' },
      /region must be one of global, euc1, use2, euw2, apse2, developer/,
    ],
    ['a baseUrl that is not a URL', { baseUrl: 'api.clockify.me' }, /baseUrl must be an absolute URL/],
    [
      'a baseUrl with credentials',
      { baseUrl: 'https://user:pw@api.clockify.me/api/v1' },
      /baseUrl must not contain credentials/,
    ],
    ['a zero timeout', { timeoutMs: 0 }, /timeoutMs must be at least 1/],
    [
      'a too long description',
      { description: 'x'.repeat(3001) },
      /description must be at most 3000 characters/,
    ],
    ['a missing key', { apiKey: undefined }, /apiKey must be a non-empty string or a function/],
    ['a blank key', { apiKey: '   ' }, /apiKey must not be empty/],
    ['a typo in a name', { workspaceID: workspaceId }, /unknown option "workspaceID"/],
  ])('refuse %s with a config SinkError naming the field', (_title, change, message) => {
    const error = configError({ apiKey, workspaceId, ...change });
    expect(error).toMatchObject({ kind: 'config', sink: 'clockify', retryable: false });
    expect(error.message).toMatch(/^Clockify sink options are invalid: /);
    expect(error.message).toMatch(message);
  });

  it('never echoes a key it refuses', () => {
    const error = configError({ apiKey: 'abc def\nghi-secret', workspaceId });
    expect(error.message).toMatch(/apiKey must be printable ASCII without spaces/);
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toContain('ghi-secret');
  });

  it('the exported schema applies the documented defaults', () => {
    expect(clockifySinkOptionsSchema.parse({ apiKey, workspaceId })).toMatchObject({
      region: 'global',
      description: 'Development',
      timeoutMs: 15_000,
    });
  });

  it('does no I/O at construction: neither fetch nor the key resolver is called', () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const resolver = vi.fn(async () => apiKey);
    const sink = createClockifySink({ apiKey: resolver, workspaceId, fetch: fetchSpy });
    expect(sink).toMatchObject({
      name: 'clockify',
      target: `clockify:api.clockify.me/workspaces/${workspaceId}`,
    });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(resolver).not.toHaveBeenCalled();
  });
});

describe('the key resolver', () => {
  it('is called on first use and cached after success', async () => {
    const resolver = vi.fn(async () => ({ value: apiKey, source: 'env:CLOCKIFY_API_KEY' }));
    const fetchSpy = vi.fn<typeof fetch>(async () => created());
    const sink = createClockifySink({ apiKey: resolver, workspaceId, fetch: fetchSpy });
    await expect(sink.push(allocation)).resolves.toBe(entryId);
    await sink.push(allocation);
    expect(resolver).toHaveBeenCalledTimes(1);
    expect(fetchSpy).toHaveBeenCalledTimes(2);
    const request = sentRequest(fetchSpy);
    expect(request.headers.get('x-api-key')).toBe(apiKey);
  });

  it('a failure is not cached: the next call asks again', async () => {
    const resolver = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(
        new Error('No value for secret "clockify_api_key". Tried: env CLOCKIFY_API_KEY (unset)'),
      )
      .mockResolvedValueOnce(`  ${apiKey}\n`);
    const fetchSpy = vi.fn<typeof fetch>(async () => created());
    const sink = createClockifySink({ apiKey: resolver, workspaceId, fetch: fetchSpy });

    const error = await sink.push(allocation).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      kind: 'auth',
      message:
        'Clockify has no API key: No value for secret "clockify_api_key". Tried: env CLOCKIFY_API_KEY (unset)',
      cause: { name: 'Error', message: expect.stringContaining('No value for secret') },
    });
    expect((error as Error).cause).not.toBeInstanceOf(Error);
    expect(fetchSpy).not.toHaveBeenCalled();

    await expect(sink.push(allocation)).resolves.toBe(entryId);
    expect(sentRequest(fetchSpy).headers.get('x-api-key')).toBe(apiKey);
    expect(resolver).toHaveBeenCalledTimes(2);
  });

  it('a key that cannot be sent as a header → auth naming the source, never the value', async () => {
    const sink = createClockifySink({
      apiKey: async () => ({
        value: 'abc\r\nInjected: canary-value',
        source: 'file:~/.config/tracker/secrets/clockify_api_key',
      }),
      workspaceId,
      fetch: vi.fn<typeof fetch>(),
    });
    const error = await sink.push(allocation).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      kind: 'auth',
      message: expect.stringContaining('file:~/.config/tracker/secrets/clockify_api_key'),
    });
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toContain('canary-value');
  });

  it('an empty key → auth', async () => {
    const sink = createClockifySink({
      apiKey: async () => ({ value: ' ', source: 'keychain' }),
      workspaceId,
    });
    await expect(sink.push(allocation)).rejects.toMatchObject({
      kind: 'auth',
      message: /empty API key from keychain/,
    });
  });
});
