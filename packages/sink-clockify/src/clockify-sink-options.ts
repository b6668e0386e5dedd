import { type ResolvedSecret, SinkError } from '@tracker/core';
import { z } from 'zod';
import { type ClockifyRegion, clockifyRegionNames, clockifyRegions } from './clockify-regions.js';

/** Called on first use; its result is cached once it succeeds. `source` (e.g. `env:CLOCKIFY_API_KEY`) is quoted in errors. */
export type ClockifyApiKeyResolver = () => Promise<string | ResolvedSecret>;

export interface ClockifySinkOptions {
  /** The raw key, or a resolver called lazily. */
  apiKey: string | ClockifyApiKeyResolver;
  /** 24 hexadecimal characters. */
  workspaceId: string;
  /** Picks the API host; default `global`. Ignored when `baseUrl` is set. */
  region?: ClockifyRegion;
  /** Overrides `region`, e.g. `http://127.0.0.1:8080/api/v1` for the emulator. */
  baseUrl?: string;
  /** Written on every entry; default `Development`. */
  description?: string;
  /** Per call, covering the reply's body too; default 15000. */
  timeoutMs?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

const SINK = 'clockify';
// What a header value can carry without the fetch layer echoing the value back in its own error.
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const WORKSPACE_ID = /^[0-9a-f]{24}$/i;

/** True when a key can be sent as a header; invalid keys are refused before `Headers` would quote them. */
export function isSendableApiKey(key: string): boolean {
  return PRINTABLE_ASCII.test(key);
}

const apiKeySchema = z
  .custom<string | ClockifyApiKeyResolver>(
    (value) => typeof value === 'string' || typeof value === 'function',
    {
      error: 'must be a non-empty string or a function that resolves the key',
    },
  )
  .transform((value, ctx) => {
    if (typeof value === 'function') return value;
    const key = value.trim();
    if (!key) ctx.addIssue({ code: 'custom', message: 'must not be empty' });
    else if (!isSendableApiKey(key))
      ctx.addIssue({ code: 'custom', message: 'must be printable ASCII without spaces' });
    return key;
  });

const baseUrlSchema = z
  .string({ error: 'must be a URL string' })
  .trim()
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an absolute URL like https://api.clockify.me/api/v1',
      });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: `must use http or https, not ${url.protocol}` });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not contain credentials; the key goes in apiKey' });
    } else if (url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'must not contain a query or a fragment' });
    }
  })
  .transform((text) => text.replace(/\/+$/, ''));

/** Every option of `createClockifySink`, validated once at construction; unknown keys are refused. */
export const clockifySinkOptionsSchema = z.strictObject(
  {
    apiKey: apiKeySchema,
    workspaceId: z.string({ error: 'must be a string' }).trim().regex(WORKSPACE_ID, {
      error: 'must be 24 hexadecimal characters (the id in the workspace settings URL)',
    }),
    region: z
      .enum(clockifyRegionNames, { error: `must be one of ${clockifyRegionNames.join(', ')}` })
      .default('global'),
    baseUrl: baseUrlSchema.optional(),
    description: z
      .string({ error: 'must be a string' })
      .max(3000, { error: 'must be at most 3000 characters (Clockify’s limit)' })
      .default('Development'),
    timeoutMs: z
      .number({ error: 'must be a number of milliseconds' })
      .int({ error: 'must be a whole number of milliseconds' })
      .min(1, { error: 'must be at least 1' })
      .max(600_000, { error: 'must be at most 600000 (10 minutes)' })
      .default(15_000),
    fetch: z
      .custom<typeof fetch>((value) => typeof value === 'function', { error: 'must be a fetch function' })
      .optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be an options object' : undefined) },
);

/** The config-file part of the options (what the plugin validates): no key and no fetch. */
export const clockifySinkConfigSchema = clockifySinkOptionsSchema.omit({ apiKey: true, fetch: true });

export type ClockifySinkConfig = z.input<typeof clockifySinkConfigSchema>;

/** Options after validation, with defaults applied and the API base chosen. */
export interface ClockifySinkSettings {
  apiKey: string | ClockifyApiKeyResolver;
  workspaceId: string;
  apiBase: string;
  description: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Validates options or throws a `SinkError` of kind `config` naming each bad field (never echoing a value). */
export function parseClockifySinkOptions(options: unknown): ClockifySinkSettings {
  const result = clockifySinkOptionsSchema.safeParse(options);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
      }
      const field = issue.path.map(String).join('.');
      return field ? `${field} ${issue.message}` : issue.message;
    });
    throw SinkError.config(`Clockify sink options are invalid: ${problems.join('; ')}.`, {
      sink: SINK,
      cause: { problems },
    });
  }
  const { apiKey, workspaceId, region, baseUrl, description, timeoutMs, fetch } = result.data;
  const settings: ClockifySinkSettings = {
    apiKey,
    workspaceId,
    apiBase: baseUrl ?? clockifyRegions[region],
    description,
    timeoutMs,
  };
  if (fetch !== undefined) settings.fetch = fetch;
  return settings;
}
