import { SinkError } from '@tracker/core';
import { parseRetryAfter } from './retry-after.js';
import { unknownOutcome } from './unknown-outcome.js';

const SINK = 'clockify';
const MESSAGE_LIMIT = 300;

/** An answer Clockify gave, as far as error messages need it. */
export interface ClockifyReply {
  status: number;
  headers: Headers;
  text: string;
  /** Where the key came from (`env:CLOCKIFY_API_KEY`): safe to print. */
  keySource: string;
  /** Removes the key from text Clockify echoed back, in case it ever does. */
  redact(text: string): string;
}

export interface ReplyErrorContext {
  /** What the call tried, e.g. `create the time entry`. */
  action: string;
  /** `POST https://…/time-entries`. */
  request: string;
  /** What may have happened when the answer was a 5xx, e.g. `created`; absent for reads. */
  effect?: string;
  host: string;
  workspaceId: string;
  projectId?: string;
}

/** Clockify's own `{ message, code }`, the message capped and cleaned so it can go into our sentence. */
export function readClockifyProblem(reply: ClockifyReply): { message?: string; code?: number | string } {
  let body: unknown;
  try {
    body = JSON.parse(reply.text);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null) return {};
  const { message, code } = body as { message?: unknown; code?: unknown };
  const problem: { message?: string; code?: number | string } = {};
  if (typeof message === 'string' && message.trim() !== '')
    problem.message = capMessage(reply.redact(message));
  if (typeof code === 'number' || (typeof code === 'string' && /^[\w.-]{1,40}$/.test(code)))
    problem.code = code;
  return problem;
}

function capMessage(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MESSAGE_LIMIT ? `${flat.slice(0, MESSAGE_LIMIT)}…` : flat;
}

/** `(401, code 4003: Api key does not exist)` */
function statusNote(status: number, problem: { message?: string; code?: number | string }): string {
  const code = problem.code === undefined ? '' : `, code ${problem.code}`;
  const message = problem.message === undefined ? '' : `: ${problem.message}`;
  return `(${status}${code}${message})`;
}

/** Maps an answer that is not a success to the `SinkError` the engine acts on. */
export function replyError(reply: ClockifyReply, context: ReplyErrorContext): SinkError {
  const { status } = reply;
  const problem = readClockifyProblem(reply);
  const note = statusNote(status, problem);
  const options = { sink: SINK, status, ...(problem.code === undefined ? {} : { code: problem.code }) };
  const cause = { status, code: problem.code, message: problem.message };
  const { workspaceId, host } = context;

  if (status === 401) {
    return SinkError.auth(
      `Clockify rejected the API key from ${reply.keySource} ${note}. Create a key under Profile → Preferences → Advanced, or check region/baseUrl: keys work only on their own region's host (this one is ${host}).`,
      { ...options, cause },
    );
  }
  if (
    status === 403 ||
    (status === 400 && /user doesn'?t belong to workspace/i.test(problem.message ?? ''))
  ) {
    return SinkError.forbidden(
      `Clockify refused to ${context.action} ${note}: the key from ${reply.keySource} cannot use workspace ${workspaceId}. Check workspaceId, or the key owner's role and plan in that workspace.`,
      { ...options, cause },
    );
  }
  if (
    status === 400 &&
    context.projectId !== undefined &&
    /project doesn'?t belong to workspace/i.test(problem.message ?? '')
  ) {
    return SinkError.rejected(
      `Clockify refused to ${context.action} ${note}: project ${context.projectId} is not in workspace ${workspaceId}. Check the allocation's projectId.`,
      { ...options, cause },
    );
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(reply.headers.get('retry-after'));
    const wait =
      retryAfterMs === undefined
        ? 'Wait, then try again (new Free workspaces allow 30 requests per hour).'
        : `Try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
    return SinkError.rateLimited(`Clockify is rate-limiting this workspace ${note}. ${wait}`, {
      ...options,
      cause,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status >= 500) {
    const outcome = unknownOutcome(context.effect) || ' Try again later.';
    return SinkError.unavailable(`Clockify failed to ${context.action} ${note}.${outcome}`, {
      ...options,
      cause,
    });
  }
  if (status === 404) {
    return SinkError.rejected(
      `Clockify refused to ${context.action} ${note}: ${context.request} does not exist. Check baseUrl, region and workspaceId.`,
      { ...options, cause },
    );
  }
  if (status >= 400) {
    return SinkError.rejected(`Clockify refused to ${context.action} ${note}.`, { ...options, cause });
  }
  return SinkError.badResponse(
    `Clockify answered ${status}, which is not an answer tracker expects, when asked to ${context.action}.${unknownOutcome(context.effect)}`,
    { ...options, cause },
  );
}
