import { errorReply, type Reply } from './reply.js';

/** The error answers Clockify gives, as recorded from the live API (see /work/shared/clockify-api.md). */
export const clockifyErrors = {
  /** No key, both headers, or `Authorization: Bearer`. */
  authTokens: (): Reply => errorReply(401, 'Multiple or none auth tokens present', 1000),
  unknownKey: (): Reply => errorReply(401, 'Api key does not exist', 4003),
  /** The emulator knows no add-ons, so every add-on token is invalid. */
  invalidAddonToken: (): Reply => errorReply(401, 'Token is not valid', 4017),
  accessDenied: (): Reply => errorReply(403, 'Access Denied', 501),
  projectNotInWorkspace: (): Reply => errorReply(400, "Project doesn't belong to Workspace", 501),
  tagNotInWorkspace: (): Reply => errorReply(400, "Tag doesn't belong to Workspace", 501),
  taskNotInProject: (): Reply => errorReply(400, "Task doesn't belong to Project", 501),
  archivedProject: (): Reply =>
    errorReply(
      400,
      "Time entry couldn't be created. Project is either required field or given project is archived.",
      501,
    ),
  entryNotInWorkspace: (): Reply => errorReply(400, "Time entry doesn't belong to Workspace", 501),
  startAfterEnd: (start: string, end: string): Reply =>
    errorReply(400, `Start datetime ${start} is greater than end datetime ${end}.`, 501),
  jsonParse: (detail: string): Reply => errorReply(400, `JSON parse error: ${detail}`, 3002),
  invalidField: (message: string): Reply => errorReply(400, message, 501),
  unknownRoute: (method: string, path: string): Reply =>
    errorReply(404, `No handler found for ${method} ${path}`, 3000),
  /** `GET /workspaces/{id}` for an id that does not exist: 404 with an empty body. */
  unknownWorkspace: (): Reply => ({ status: 404 }),
  /** 429 with an empty body; `Retry-After` (whole seconds) only when asked for. */
  rateLimited: (retryAfterSeconds?: number): Reply =>
    retryAfterSeconds === undefined
      ? { status: 429 }
      : { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
  /** A failure of the service (500, JSON) or of the proxy in front of it (502/503, HTML). */
  serverError: (status: 500 | 502 | 503): Reply =>
    status === 500
      ? errorReply(500, 'Internal Server Error', 500)
      : {
          status,
          html: `<html><body><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Service Unavailable'}</h1></body></html>`,
        },
  payloadTooLarge: (): Reply => errorReply(413, 'Request body too large', 413),
} as const;
