import { type ResolvedSecret, SinkError } from '@tracker/core';
import { type ClockifyApiKeyResolver, isSendableApiKey } from './clockify-sink-options.js';

const SINK = 'clockify';

/**
 * Returns the key on demand: a string as is, a resolver on first use. Only success is cached, so a key
 * stored after a failed attempt is picked up by the next call.
 */
export function createApiKeyProvider(apiKey: string | ClockifyApiKeyResolver): () => Promise<ResolvedSecret> {
  if (typeof apiKey === 'string') {
    const resolved = Object.freeze({ value: apiKey, source: 'options.apiKey' });
    return async () => resolved;
  }
  let pending: Promise<ResolvedSecret> | undefined;
  return () => {
    pending ??= resolveApiKey(apiKey).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

async function resolveApiKey(resolver: ClockifyApiKeyResolver): Promise<ResolvedSecret> {
  let result: string | ResolvedSecret;
  try {
    result = await resolver();
  } catch (error) {
    // The resolver's message names the places it looked, never a value; keep only that, not the error itself.
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    throw SinkError.auth(`Clockify has no API key: ${message}`, { sink: SINK, cause: { name, message } });
  }
  const fromObject = typeof result === 'object' && result !== null;
  const value = fromObject ? (result as ResolvedSecret).value : result;
  const source =
    fromObject && typeof (result as ResolvedSecret).source === 'string'
      ? (result as ResolvedSecret).source
      : 'options.apiKey()';
  if (typeof value !== 'string' || value.trim() === '') {
    throw SinkError.auth(`Clockify got an empty API key from ${source}. Store the key again, then retry.`, {
      sink: SINK,
    });
  }
  const key = value.trim();
  if (!isSendableApiKey(key)) {
    throw SinkError.auth(
      `Clockify got an API key from ${source} that holds characters a key cannot have (spaces, line breaks or non-ASCII). Copy the key again from Profile → Preferences → Advanced.`,
      { sink: SINK },
    );
  }
  return { value: key, source };
}
