import type { Route } from './api-routes.js';
import { projectView, userView, workspaceView } from './api-views.js';
import { parseDateTimeFields } from './clockify-datetime.js';
import { clockifyErrors } from './clockify-errors.js';
import type { EntryStore } from './entry-store.js';
import { pageReply, readPageRequest } from './pagination.js';
import { jsonReply, type Reply } from './reply.js';
import type { RequestBody } from './request-body.js';
import type { SeedIndex, SeedUser } from './seed.js';
import type { TimeEntry } from './time-entry.js';
import { readTimeEntryRequest } from './time-entry-request.js';
import { wallClockToInstant } from './wall-clock.js';

/** Everything a handler may use; the server has already authenticated `user` and applied limits. */
export interface ApiContext {
  index: SeedIndex;
  store: EntryStore;
  user: SeedUser;
  query: URLSearchParams;
  body: RequestBody;
  newEntryId(): string;
  /** Called after every change to the stored entries (persistence hooks in here). */
  onMutation(): void;
}

const identity = <T>(value: T): T => value;

function canUseWorkspace(context: ApiContext, workspaceId: string): boolean {
  return context.index.membersByWorkspace.get(workspaceId)?.has(context.user.id) === true;
}

/** `start`/`end` of the entry search: a wall-clock reading in the user's zone, whatever zone it is written in. */
function readWindowBound(context: ApiContext, name: 'start' | 'end'): number | undefined | Reply {
  const text = context.query.get(name);
  if (text === null || text === '') return undefined;
  const fields = parseDateTimeFields(text);
  if (!fields) {
    return clockifyErrors.invalidField(
      `${name}: ${JSON.stringify(text.slice(0, 60))} is not a date-time like 2026-02-04T15:00:00Z`,
    );
  }
  // The live API ignores the written zone and reads the digits in the account's zone.
  return wallClockToInstant(fields.wallClockMs, context.user.timeZone);
}

function listUserEntries(context: ApiContext, workspaceId: string, userId: string): Reply {
  // Reading other members' entries needs an admin role, which seeded users do not have.
  if (userId !== context.user.id) return clockifyErrors.accessDenied();
  const from = readWindowBound(context, 'start');
  if (typeof from === 'object') return from;
  const to = readWindowBound(context, 'end');
  if (typeof to === 'object') return to;
  const page = readPageRequest(context.query);
  if (!page.ok) return page.reply;
  const project = context.query.get('project');
  const description = context.query.get('description')?.toLowerCase();
  const entries = context.store.listNewestFirst(workspaceId, userId, (entry, startMs) => {
    if (from !== undefined && startMs < from) return false;
    if (to !== undefined && startMs > to) return false;
    if (project && entry.projectId !== project) return false;
    if (description && !entry.description.toLowerCase().includes(description)) return false;
    return true;
  });
  return pageReply(entries, page.page, page.pageSize, identity);
}

function listProjects(context: ApiContext, workspaceId: string): Reply {
  const page = readPageRequest(context.query);
  if (!page.ok) return page.reply;
  const name = context.query.get('name')?.toLowerCase();
  const archived = context.query.get('archived');
  const projects = (context.index.projectsByWorkspace.get(workspaceId) ?? []).filter(
    (project) =>
      (!name || project.name.toLowerCase().includes(name)) &&
      (archived === null || archived === '' || String(project.archived) === archived),
  );
  return pageReply(projects, page.page, page.pageSize, projectView);
}

/** The caller's own entry in this workspace, or the answer that says why not. */
function findOwnEntry(context: ApiContext, workspaceId: string, entryId: string): TimeEntry | Reply {
  const entry = context.store.get(entryId);
  if (!entry || entry.workspaceId !== workspaceId) return clockifyErrors.entryNotInWorkspace();
  if (entry.userId !== context.user.id) return clockifyErrors.accessDenied();
  return entry;
}

function isReply(value: TimeEntry | Reply): value is Reply {
  return 'status' in value;
}

function createEntry(context: ApiContext, workspaceId: string): Reply {
  const request = readTimeEntryRequest(context.body, workspaceId, context.index);
  if (!request.ok) return request.reply;
  let id = context.newEntryId();
  while (context.store.has(id)) id = context.newEntryId();
  const entry: TimeEntry = { id, userId: context.user.id, workspaceId, ...request.fields };
  context.store.put(entry, request.startMs);
  context.onMutation();
  return jsonReply(201, entry);
}

function updateEntry(context: ApiContext, workspaceId: string, entryId: string): Reply {
  const existing = findOwnEntry(context, workspaceId, entryId);
  if (isReply(existing)) return existing;
  const request = readTimeEntryRequest(context.body, workspaceId, context.index);
  if (!request.ok) return request.reply;
  const entry: TimeEntry = { id: existing.id, userId: existing.userId, workspaceId, ...request.fields };
  context.store.put(entry, request.startMs);
  context.onMutation();
  return jsonReply(200, entry);
}

function deleteEntry(context: ApiContext, workspaceId: string, entryId: string): Reply {
  const existing = findOwnEntry(context, workspaceId, entryId);
  if (isReply(existing)) return existing;
  context.store.remove(existing.id);
  context.onMutation();
  return { status: 204 };
}

/** Answers one authenticated, admitted API request. */
export function handleRoute(route: Route, context: ApiContext): Reply {
  switch (route.kind) {
    case 'user':
      return jsonReply(200, userView(context.user, context.index));
    case 'workspaces':
      return jsonReply(
        200,
        context.index.seed.workspaces
          .filter((workspace) => canUseWorkspace(context, workspace.id))
          .map(workspaceView),
      );
    case 'workspace': {
      const workspace = context.index.workspacesById.get(route.workspaceId);
      if (!workspace) return clockifyErrors.unknownWorkspace();
      return canUseWorkspace(context, workspace.id)
        ? jsonReply(200, workspaceView(workspace))
        : clockifyErrors.accessDenied();
    }
    default:
      break;
  }
  if (!canUseWorkspace(context, route.workspaceId)) return clockifyErrors.accessDenied();
  switch (route.kind) {
    case 'projects':
      return listProjects(context, route.workspaceId);
    case 'project': {
      const project = context.index.projectsById.get(route.projectId);
      return project && project.workspaceId === route.workspaceId
        ? jsonReply(200, projectView(project))
        : clockifyErrors.projectNotInWorkspace();
    }
    case 'createEntry':
      return createEntry(context, route.workspaceId);
    case 'getEntry': {
      const entry = findOwnEntry(context, route.workspaceId, route.entryId);
      return isReply(entry) ? entry : jsonReply(200, entry);
    }
    case 'updateEntry':
      return updateEntry(context, route.workspaceId, route.entryId);
    case 'deleteEntry':
      return deleteEntry(context, route.workspaceId, route.entryId);
    case 'userEntries':
      return listUserEntries(context, route.workspaceId, route.userId);
  }
}
