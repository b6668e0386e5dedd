import {
  type Allocation,
  formatUtcSeconds,
  type SinkCallOptions,
  SinkError,
  type TimeSink,
} from '@tracker/core';
import type { z } from 'zod';
import { createApiKeyProvider } from './api-key.js';
import { type ClockifyCall, createClockifyClient } from './clockify-client.js';
import { type ClockifyReply, replyError } from './clockify-reply-error.js';
import {
  type ClockifyUser,
  createdTimeEntrySchema,
  currentUserSchema,
  ENTRY_ID,
  type ListedTimeEntry,
  listedTimeEntriesSchema,
  workspacesSchema,
} from './clockify-schemas.js';
import { type ClockifySinkOptions, parseClockifySinkOptions } from './clockify-sink-options.js';
import { unknownOutcome } from './unknown-outcome.js';

const SINK = 'clockify';
const PAGE_SIZE = 200;
// 50 pages of 200 in a window of a few days is far beyond any real account; stop rather than loop forever.
const MAX_PAGES = 50;
const DAY_MS = 86_400_000;

/** A Clockify sink has every optional capability. */
export type ClockifySink = TimeSink & Required<Pick<TimeSink, 'find' | 'remove' | 'check'>>;

interface Operation {
  /** For messages: `create the time entry`. */
  action: string;
  projectId?: string;
}

/**
 * Builds a sink that writes one Clockify time entry per allocation. Validates options now (a `SinkError` of
 * kind `config` when they are wrong) and does no I/O until the first call.
 */
export function createClockifySink(options: ClockifySinkOptions): ClockifySink {
  const settings = parseClockifySinkOptions(options);
  const { workspaceId, description } = settings;
  const client = createClockifyClient({
    apiBase: settings.apiBase,
    timeoutMs: settings.timeoutMs,
    apiKey: createApiKeyProvider(settings.apiKey),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
  });
  const workspacePath = `workspaces/${workspaceId}`;
  const target = `clockify:${client.host}/workspaces/${workspaceId}`;
  let cachedUser: ClockifyUser | undefined;

  async function succeed(call: ClockifyCall, operation: Operation): Promise<ClockifyReply> {
    const reply = await client.send(call);
    if (reply.status >= 200 && reply.status < 300) return reply;
    throw replyError(reply, {
      ...operation,
      request: client.describe(call),
      host: client.host,
      workspaceId,
      ...(call.effect === undefined ? {} : { effect: call.effect }),
    });
  }

  function parseReply<T>(
    reply: ClockifyReply,
    schema: z.ZodType<T>,
    operation: Operation & { expected: string },
    effect?: string,
  ): T {
    let body: unknown;
    try {
      body = JSON.parse(reply.text);
    } catch {
      body = undefined;
    }
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    throw SinkError.badResponse(
      `Clockify answered ${reply.status} when asked to ${operation.action}, but without ${operation.expected}.${unknownOutcome(effect)}`,
      {
        sink: SINK,
        status: reply.status,
        cause: {
          status: reply.status,
          problems: result.error.issues.map((issue) => issue.path.join('.') || '(body)'),
        },
      },
    );
  }

  async function fetchUser(signal: AbortSignal | undefined): Promise<ClockifyUser> {
    const operation = { action: 'tell who the API key belongs to', expected: 'a user with an id' };
    const reply = await succeed({ method: 'GET', path: 'user', signal }, operation);
    cachedUser = parseReply(reply, currentUserSchema, operation);
    return cachedUser;
  }

  return {
    name: SINK,
    target,

    async push(allocation: Allocation, callOptions: SinkCallOptions = {}): Promise<string> {
      assertAllocation(allocation);
      const operation = {
        action: 'create the time entry',
        expected: 'a valid time entry id',
        projectId: allocation.projectId,
      };
      const call: ClockifyCall = {
        method: 'POST',
        path: `${workspacePath}/time-entries`,
        json: {
          start: formatUtcSeconds(allocation.start),
          end: formatUtcSeconds(allocation.end),
          projectId: allocation.projectId,
          description,
        },
        signal: callOptions.signal,
        effect: 'created',
      };
      const reply = await succeed(call, operation);
      return parseReply(reply, createdTimeEntrySchema, operation, 'created').id;
    },

    async find(allocation: Allocation, callOptions: SinkCallOptions = {}): Promise<string | undefined> {
      assertAllocation(allocation);
      const { signal } = callOptions;
      const user = cachedUser ?? (await fetchUser(signal));
      const operation = {
        action: 'list time entries',
        expected: 'a list of time entries',
        projectId: allocation.projectId,
      };
      // Clockify reads start/end as wall-clock time in the account's zone: widen by a day, match instants here.
      const searchParams = {
        project: allocation.projectId,
        start: formatUtcSeconds(new Date(allocation.start.getTime() - DAY_MS)),
        end: formatUtcSeconds(new Date(allocation.end.getTime() + DAY_MS)),
        'page-size': String(PAGE_SIZE),
      };
      const wanted = { start: epochSeconds(allocation.start), end: epochSeconds(allocation.end) };
      for (let page = 1; page <= MAX_PAGES; page++) {
        const reply = await succeed(
          {
            method: 'GET',
            path: `${workspacePath}/user/${user.id}/time-entries`,
            searchParams: { ...searchParams, page: String(page) },
            signal,
          },
          operation,
        );
        const entries = parseReply(reply, listedTimeEntriesSchema, operation);
        const match = entries.find((entry) => isSameEntry(entry, allocation.projectId, description, wanted));
        if (match) return match.id;
        const lastPage = reply.headers.get('last-page')?.trim().toLowerCase() === 'true';
        if (lastPage || entries.length < PAGE_SIZE) return undefined;
      }
      throw SinkError.badResponse(
        `Clockify listed more than ${MAX_PAGES * PAGE_SIZE} entries of project ${allocation.projectId} around ${formatUtcSeconds(allocation.start)}; tracker stopped looking. Check the entry by hand.`,
        { sink: SINK },
      );
    },

    async remove(entryId: string, callOptions: SinkCallOptions = {}): Promise<void> {
      if (typeof entryId !== 'string' || !ENTRY_ID.test(entryId)) {
        throw SinkError.rejected(
          `Clockify time entry ids are letters and digits; ${JSON.stringify(String(entryId).slice(0, 80))} is not one.`,
          {
            sink: SINK,
          },
        );
      }
      await succeed(
        {
          method: 'DELETE',
          path: `${workspacePath}/time-entries/${entryId}`,
          signal: callOptions.signal,
          effect: 'deleted',
        },
        { action: `delete time entry ${entryId}` },
      );
    },

    async check(callOptions: SinkCallOptions = {}) {
      const { signal } = callOptions;
      const user = await fetchUser(signal);
      const operation = { action: 'list workspaces', expected: 'a list of workspaces' };
      const reply = await succeed({ method: 'GET', path: 'workspaces', signal }, operation);
      const workspaces = parseReply(reply, workspacesSchema, operation);
      const identity = describeUser(user);
      const workspace = workspaces.find(
        (candidate) => candidate.id.toLowerCase() === workspaceId.toLowerCase(),
      );
      if (!workspace) {
        const usable = workspaces
          .slice(0, 20)
          .map((candidate) => `${candidate.name ?? '(unnamed)'} (${candidate.id})`);
        const more = workspaces.length > 20 ? `, and ${workspaces.length - 20} more` : '';
        throw SinkError.forbidden(
          `Clockify does not let the key from ${reply.keySource} (${identity}) use workspace ${workspaceId}. Workspaces it can use: ${usable.length > 0 ? usable.join(', ') + more : 'none'}. Set workspaceId to one of them, or use a key of that workspace's owner.`,
          { sink: SINK },
        );
      }
      const details: Record<string, string> = {
        target,
        workspace: `${workspace.name ?? '(unnamed)'} (${workspace.id})`,
        'key source': reply.keySource,
      };
      if (user.settings?.timeZone) details['time zone'] = user.settings.timeZone;
      return { identity, details };
    },
  };
}

function assertAllocation(allocation: Allocation): void {
  const problems: string[] = [];
  if (typeof allocation?.projectId !== 'string' || allocation.projectId.trim() === '')
    problems.push('projectId is empty');
  const start = allocation?.start instanceof Date ? allocation.start.getTime() : Number.NaN;
  const end = allocation?.end instanceof Date ? allocation.end.getTime() : Number.NaN;
  if (Number.isNaN(start)) problems.push('start is not a valid Date');
  if (Number.isNaN(end)) problems.push('end is not a valid Date');
  if (!Number.isNaN(start) && !Number.isNaN(end) && Math.floor(end / 1000) <= Math.floor(start / 1000)) {
    problems.push('end is not after start');
  }
  if (problems.length > 0) {
    throw SinkError.rejected(
      `Clockify sink got an invalid allocation: ${problems.join('; ')}. Nothing was sent.`,
      {
        sink: SINK,
      },
    );
  }
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function isSameEntry(
  entry: ListedTimeEntry,
  projectId: string,
  description: string,
  wanted: { start: number; end: number },
): boolean {
  const { start, end } = entry.timeInterval;
  if (end === null || end === undefined) return false;
  return (
    entry.projectId === projectId &&
    (entry.description ?? '') === description &&
    epochSeconds(new Date(start)) === wanted.start &&
    epochSeconds(new Date(end)) === wanted.end
  );
}

function describeUser(user: ClockifyUser): string {
  if (user.name && user.email) return `${user.name} <${user.email}>`;
  return user.email ?? user.name ?? `user ${user.id}`;
}
