import { formatDuration, formatInstant, parseInstant } from './clockify-datetime.js';
import { clockifyErrors } from './clockify-errors.js';
import type { Reply } from './reply.js';
import type { RequestBody } from './request-body.js';
import { isHexId, type SeedIndex } from './seed.js';
import type { TimeEntry } from './time-entry.js';

const MAX_DESCRIPTION = 3000;

/** The fields of a create or a full replace, checked; what `id`, `userId` and `workspaceId` complete. */
export type TimeEntryFields = Omit<TimeEntry, 'id' | 'userId' | 'workspaceId'>;

export type TimeEntryRequestResult =
  | { ok: true; fields: TimeEntryFields; startMs: number }
  | { ok: false; reply: Reply };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(reply: Reply): TimeEntryRequestResult {
  return { ok: false, reply };
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * Reads a `CreateTimeEntryRequest` body (POST, and PUT's full replace) in the order Clockify's server
 * meets the problems: JSON and types first (3002), then business rules (501).
 */
export function readTimeEntryRequest(
  requestBody: RequestBody,
  workspaceId: string,
  index: SeedIndex,
): TimeEntryRequestResult {
  if (requestBody.kind === 'empty') return fail(clockifyErrors.jsonParse('Required request body is missing'));
  if (requestBody.kind === 'invalid') return fail(clockifyErrors.jsonParse(requestBody.problem));
  const body = requestBody.value;
  if (!isRecord(body))
    return fail(clockifyErrors.jsonParse('Cannot deserialize CreateTimeEntryRequest from a non-object'));

  const startMs = body.start === undefined || body.start === null ? undefined : parseInstant(body.start);
  if (startMs === undefined && body.start !== undefined && body.start !== null) {
    return fail(
      clockifyErrors.jsonParse(
        `Cannot deserialize value of type \`java.time.Instant\` from String ${quote(body.start)}`,
      ),
    );
  }
  const endMs = body.end === undefined || body.end === null ? undefined : parseInstant(body.end);
  if (endMs === undefined && body.end !== undefined && body.end !== null) {
    return fail(
      clockifyErrors.jsonParse(
        `Cannot deserialize value of type \`java.time.Instant\` from String ${quote(body.end)}`,
      ),
    );
  }
  const description = body.description ?? '';
  if (typeof description !== 'string') {
    return fail(
      clockifyErrors.jsonParse(
        `Cannot deserialize value of type \`java.lang.String\` from ${quote(description)}`,
      ),
    );
  }
  const billable = body.billable ?? false;
  if (typeof billable !== 'boolean') {
    return fail(
      clockifyErrors.jsonParse(`Cannot deserialize value of type \`boolean\` from ${quote(billable)}`),
    );
  }
  const type = body.type ?? 'REGULAR';
  if (type !== 'REGULAR' && type !== 'BREAK') {
    return fail(
      clockifyErrors.jsonParse(
        `Cannot deserialize value of type \`TimeEntryType\` from String ${quote(type)}`,
      ),
    );
  }
  const tagIds = body.tagIds ?? [];
  if (!Array.isArray(tagIds) || tagIds.some((tag) => typeof tag !== 'string')) {
    return fail(
      clockifyErrors.jsonParse(`Cannot deserialize value of type \`java.util.List\` from ${quote(tagIds)}`),
    );
  }
  const projectId = body.projectId ?? null;
  const taskId = body.taskId ?? null;

  if (startMs === undefined) return fail(clockifyErrors.invalidField('start: must not be null'));
  if (endMs !== undefined && startMs > endMs) {
    return fail(clockifyErrors.startAfterEnd(formatInstant(startMs), formatInstant(endMs)));
  }
  if (projectId !== null) {
    const project = isHexId(projectId) ? index.projectsById.get(projectId) : undefined;
    if (!project || project.workspaceId !== workspaceId) return fail(clockifyErrors.projectNotInWorkspace());
    if (project.archived) return fail(clockifyErrors.archivedProject());
  }
  // The emulator seeds no tags and no tasks, so any given one is unknown.
  if (tagIds.length > 0) return fail(clockifyErrors.tagNotInWorkspace());
  if (taskId !== null) return fail(clockifyErrors.taskNotInProject());
  if (description.length > MAX_DESCRIPTION) {
    return fail(clockifyErrors.invalidField(`description: size must be between 0 and ${MAX_DESCRIPTION}`));
  }

  return {
    ok: true,
    startMs,
    fields: {
      description,
      tagIds: [],
      billable,
      taskId: null,
      projectId: projectId as string | null,
      timeInterval: {
        start: formatInstant(startMs),
        end: endMs === undefined ? null : formatInstant(endMs),
        duration: endMs === undefined ? null : formatDuration((endMs - startMs) / 1000),
      },
      // Clockify drops what it cannot map (e.g. `customFieldValues` sent instead of `customFields`).
      customFieldValues: [],
      type,
      kioskId: null,
      hourlyRate: null,
      costRate: null,
      isLocked: false,
    },
  };
}
