/** Every path the emulator serves lives under this prefix. */
export const API_PREFIX = '/api/v1';

export type Route =
  | { kind: 'user' }
  | { kind: 'workspaces' }
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'projects'; workspaceId: string }
  | { kind: 'project'; workspaceId: string; projectId: string }
  | { kind: 'createEntry'; workspaceId: string }
  | { kind: 'getEntry' | 'updateEntry' | 'deleteEntry'; workspaceId: string; entryId: string }
  | { kind: 'userEntries'; workspaceId: string; userId: string };

const ENTRY_ROUTE_BY_METHOD = new Map<string, 'getEntry' | 'updateEntry' | 'deleteEntry'>([
  ['GET', 'getEntry'],
  ['PUT', 'updateEntry'],
  ['DELETE', 'deleteEntry'],
]);

/**
 * Matches a path below `/api/v1` by splitting it on `/` and comparing segments: no regular expressions on
 * the hot path. An empty segment (`//`, trailing `/`) matches nothing, as on Clockify.
 */
export function matchRoute(method: string, apiPath: string): Route | undefined {
  const segments = apiPath.split('/');
  if (segments[0] !== '' || segments.some((segment, index) => index > 0 && segment === '')) return undefined;
  const [, first, workspaceId, collection, id, tail] = segments;
  if (segments.length === 2) {
    if (method !== 'GET') return undefined;
    if (first === 'user') return { kind: 'user' };
    if (first === 'workspaces') return { kind: 'workspaces' };
    return undefined;
  }
  if (first !== 'workspaces' || workspaceId === undefined) return undefined;
  if (segments.length === 3) return method === 'GET' ? { kind: 'workspace', workspaceId } : undefined;
  if (collection === 'time-entries') {
    if (segments.length === 4) return method === 'POST' ? { kind: 'createEntry', workspaceId } : undefined;
    if (segments.length === 5 && id !== undefined) {
      const kind = ENTRY_ROUTE_BY_METHOD.get(method);
      return kind ? { kind, workspaceId, entryId: id } : undefined;
    }
    return undefined;
  }
  if (method !== 'GET') return undefined;
  if (collection === 'projects') {
    if (segments.length === 4) return { kind: 'projects', workspaceId };
    if (segments.length === 5 && id !== undefined) return { kind: 'project', workspaceId, projectId: id };
    return undefined;
  }
  if (collection === 'user' && segments.length === 6 && id !== undefined && tail === 'time-entries') {
    return { kind: 'userEntries', workspaceId, userId: id };
  }
  return undefined;
}
