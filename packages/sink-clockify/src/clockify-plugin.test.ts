import { isSinkPlugin } from '@tracker/core';
import { describe, expect, it, vi } from 'vitest';
import { clockifySink } from './index.js';
import {
  allocation,
  apiKey,
  clockifyEntry,
  entryId,
  sentRequest,
  workspaceId,
} from './testing/clockify-fixtures.js';

describe('clockifySink plugin', () => {
  it('is a sink plugin named clockify that needs clockify_api_key', () => {
    expect(isSinkPlugin(clockifySink)).toBe(true);
    expect(clockifySink.name).toBe('clockify');
    expect(clockifySink.secrets).toEqual(['clockify_api_key']);
    expect(clockifySink.suggestedRatePerSecond).toBe(10);
  });

  it('validates the config-file part strictly: no apiKey, no unknown keys', () => {
    expect(
      clockifySink.optionsSchema.safeParse({ workspaceId, region: 'euc1', timeoutMs: 5000 }).success,
    ).toBe(true);
    const withKey = clockifySink.optionsSchema.safeParse({ workspaceId, apiKey });
    expect(withKey.success).toBe(false);
    expect(withKey.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['apiKey'] });
    expect(clockifySink.optionsSchema.safeParse({ workspaceId, fetch }).success).toBe(false);
    expect(clockifySink.optionsSchema.safeParse({ region: 'global' }).success).toBe(false);
  });

  it('creates a sink that asks context.getSecret lazily and uses context.fetch', async () => {
    const getSecret = vi.fn(async () => ({ value: apiKey, source: 'env:CLOCKIFY_API_KEY' }));
    const contextFetch = vi.fn<typeof fetch>(
      async () => new Response(JSON.stringify(clockifyEntry()), { status: 201 }),
    );
    const sink = clockifySink.create(clockifySink.optionsSchema.parse({ workspaceId, region: 'euw2' }), {
      getSecret,
      fetch: contextFetch,
    });
    expect(sink.target).toBe(`clockify:euw2.clockify.me/workspaces/${workspaceId}`);
    expect(getSecret).not.toHaveBeenCalled();

    await expect(sink.push(allocation)).resolves.toBe(entryId);
    expect(getSecret).toHaveBeenCalledWith('clockify_api_key');
    const request = sentRequest(contextFetch);
    expect(request.url).toBe(`https://euw2.clockify.me/api/v1/workspaces/${workspaceId}/time-entries`);
    expect(request.headers.get('x-api-key')).toBe(apiKey);
  });
});
