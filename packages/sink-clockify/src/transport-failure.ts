import { SinkError } from '@tracker/core';
import { unknownOutcome } from './unknown-outcome.js';

const SINK = 'clockify';

// Failures that happen before a request can have been sent: nothing reached Clockify.
const NOT_CONNECTED: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EAI_NONAME: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  EPROTO: 'TLS handshake failed',
};
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,60}$/;
const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/;

export interface TransportFailureContext {
  /** `api.clockify.me`, for "could not reach …". */
  host: string;
  /** `POST https://…/time-entries`, for "no answer to …". */
  request: string;
  timeoutMs: number;
  /** What may have happened without an answer, e.g. `created`; absent for reads. */
  effect?: string;
  /** The caller's signal: its abort is cancellation, not a failure. */
  callerSignal?: AbortSignal;
  /** Our own deadline for the whole call. */
  deadline: AbortSignal;
}

/**
 * Turns whatever fetch or ky threw into what the caller should see: the caller's abort reason as is, or a
 * `SinkError` that keeps only an error code. The original error is dropped: ky's errors print the request
 * headers, API key included.
 */
export function transportFailure(error: unknown, context: TransportFailureContext): unknown {
  if (context.callerSignal?.aborted) return abortReason(context.callerSignal);
  const { host, request, timeoutMs, effect } = context;
  const outcome = unknownOutcome(effect);
  if (context.deadline.aborted || isTimeout(error)) {
    return SinkError.noReply(`Clockify did not answer ${request} within ${timeoutMs} ms.${outcome}`, {
      sink: SINK,
      cause: { reason: 'timeout', timeoutMs },
    });
  }
  const code = errorCode(error);
  const notConnected =
    code === undefined ? undefined : (NOT_CONNECTED[code] ?? (TLS_CODE.test(code) ? 'TLS error' : undefined));
  if (code !== undefined && notConnected !== undefined) {
    const nothingHappened = effect ? `; nothing was ${effect}` : '';
    return SinkError.network(
      `Clockify could not be reached at ${host} (${notConnected}, ${code})${nothingHappened}. Check the network connection, and region/baseUrl.`,
      { sink: SINK, cause: { code, host } },
    );
  }
  const reason = code ?? (error instanceof Error ? error.name : typeof error);
  return SinkError.noReply(
    `Clockify gave no complete answer to ${request}: the connection broke (${reason}).${outcome}`,
    { sink: SINK, cause: { code: reason } },
  );
}

/** The caller's reason for aborting, or a standard AbortError when it gave none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

// fetch wraps the socket error: TypeError('fetch failed', { cause: Error { code } }), sometimes an AggregateError.
function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  // Only a code-shaped string is kept: a custom fetch could put anything in `code`.
  if (typeof code === 'string' && ERROR_CODE.test(code)) return code;
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const innerCode = errorCode(inner, depth + 1);
      if (innerCode !== undefined) return innerCode;
    }
  }
  return errorCode(cause, depth + 1);
}
