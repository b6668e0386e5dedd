import type { ResolvedSecret } from '@tracker/core';
import ky from 'ky';
import type { ClockifyReply } from './clockify-reply-error.js';
import { abortReason, transportFailure } from './transport-failure.js';

export interface ClockifyCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to the API base, no leading slash: `workspaces/{id}/time-entries`. */
  path: string;
  searchParams?: Record<string, string>;
  /** Sent as JSON, keys in the order given. */
  json?: Record<string, unknown>;
  signal?: AbortSignal | undefined;
  /** What a lost answer may have done, e.g. `created`; absent for reads. */
  effect?: string;
}

export interface ClockifyClientOptions {
  apiBase: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  apiKey(): Promise<ResolvedSecret>;
}

export interface ClockifyClient {
  /** `api.clockify.me` (with the port when there is one). */
  readonly host: string;
  /** `POST https://api.clockify.me/api/v1/workspaces/…/time-entries`, for messages. */
  describe(call: Pick<ClockifyCall, 'method' | 'path'>): string;
  /**
   * Sends one request (never retried) and reads the whole answer within `timeoutMs`. Any status comes back
   * as a reply; a failure to get one throws a `SinkError`, or the caller's abort reason.
   */
  send(call: ClockifyCall): Promise<ClockifyReply>;
}

export function createClockifyClient(options: ClockifyClientOptions): ClockifyClient {
  const { apiBase, timeoutMs } = options;
  const host = new URL(apiBase).host;
  // throwHttpErrors off: every status is mapped here, and ky's HTTPError (which prints headers) never exists.
  // ky's own timeout stops at the headers; our deadline (below) also covers reading the body.
  const api = ky.create({
    prefixUrl: apiBase,
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const describe = (call: Pick<ClockifyCall, 'method' | 'path'>) => `${call.method} ${apiBase}/${call.path}`;

  async function send(call: ClockifyCall): Promise<ClockifyReply> {
    const callerSignal = call.signal;
    callerSignal?.throwIfAborted();
    const key = await options.apiKey();
    callerSignal?.throwIfAborted();

    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
    const headers: Record<string, string> = { 'X-Api-Key': key.value, Accept: 'application/json' };
    if (call.json !== undefined) headers['Content-Type'] = 'application/json';
    const failureContext = {
      host,
      request: describe(call),
      timeoutMs,
      deadline,
      ...(callerSignal === undefined ? {} : { callerSignal }),
      ...(call.effect === undefined ? {} : { effect: call.effect }),
    };

    let response: Response;
    try {
      response = await api(call.path, {
        method: call.method,
        headers,
        ...(call.json === undefined ? {} : { body: JSON.stringify(call.json) }),
        ...(call.searchParams === undefined ? {} : { searchParams: call.searchParams }),
        signal,
      });
    } catch (error) {
      throw transportFailure(error, failureContext);
    }

    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (callerSignal?.aborted) throw abortReason(callerSignal);
      // A success whose body was lost may still have created the entry; a refusal is a refusal without its body.
      if (response.ok) throw transportFailure(error, failureContext);
      text = '';
    }
    return {
      status: response.status,
      headers: response.headers,
      text,
      keySource: key.source,
      redact: (value) => value.split(key.value).join('[redacted]'),
    };
  }

  return { host, describe, send };
}
