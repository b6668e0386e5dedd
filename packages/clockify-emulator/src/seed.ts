/** The data an emulator serves: who may call it, which workspaces exist, which projects they hold. */
export interface EmulatorSeed {
  users: SeedUser[];
  workspaces: SeedWorkspace[];
  projects: SeedProject[];
}

export interface SeedUser {
  id: string;
  name: string;
  email: string;
  apiKey: string;
  /** IANA zone, e.g. `Europe/Berlin`: the zone `start`/`end` of the time-entry search are read in. */
  timeZone: string;
}

export interface SeedWorkspace {
  /** 24 hex characters, like every Clockify id. */
  id: string;
  name: string;
  memberIds: string[];
}

export interface SeedProject {
  /** 24 hex characters. */
  id: string;
  workspaceId: string;
  name: string;
  archived: boolean;
  clientName?: string;
}

/** The seed, indexed once at start so every request finds what it needs with a Map lookup. */
export interface SeedIndex {
  seed: EmulatorSeed;
  usersByKey: Map<string, SeedUser>;
  usersById: Map<string, SeedUser>;
  workspacesById: Map<string, SeedWorkspace>;
  membersByWorkspace: Map<string, Set<string>>;
  projectsById: Map<string, SeedProject>;
  projectsByWorkspace: Map<string, SeedProject[]>;
}

const HEX_ID = /^[0-9a-f]{24}$/;

/** Clockify ids are 24 lower-case hex characters (MongoDB ObjectIds). */
export function isHexId(value: unknown): value is string {
  return typeof value === 'string' && value.length === 24 && HEX_ID.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function requireString(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${where}.${field} must be a non-empty string`);
  }
  return value;
}

function requireArray(record: Record<string, unknown>, field: string, where: string): unknown[] {
  const value = record[field];
  if (!Array.isArray(value)) throw new TypeError(`${where}.${field} must be an array`);
  return value;
}

function parseUser(value: unknown, where: string): SeedUser {
  if (!isRecord(value)) throw new TypeError(`${where} must be an object`);
  const timeZone = requireString(value, 'timeZone', where);
  if (!isTimeZone(timeZone))
    throw new TypeError(`${where}.timeZone ${JSON.stringify(timeZone)} is not an IANA time zone`);
  return {
    id: requireString(value, 'id', where),
    name: requireString(value, 'name', where),
    email: requireString(value, 'email', where),
    apiKey: requireString(value, 'apiKey', where),
    timeZone,
  };
}

function parseWorkspace(value: unknown, where: string): SeedWorkspace {
  if (!isRecord(value)) throw new TypeError(`${where} must be an object`);
  const id = requireString(value, 'id', where);
  if (!isHexId(id))
    throw new TypeError(`${where}.id ${JSON.stringify(id)} must be 24 lower-case hex characters`);
  const memberIds = requireArray(value, 'memberIds', where).map((member, index) => {
    if (typeof member !== 'string') throw new TypeError(`${where}.memberIds[${index}] must be a string`);
    return member;
  });
  return { id, name: requireString(value, 'name', where), memberIds };
}

function parseProject(value: unknown, where: string): SeedProject {
  if (!isRecord(value)) throw new TypeError(`${where} must be an object`);
  const id = requireString(value, 'id', where);
  if (!isHexId(id))
    throw new TypeError(`${where}.id ${JSON.stringify(id)} must be 24 lower-case hex characters`);
  if (typeof value.archived !== 'boolean') throw new TypeError(`${where}.archived must be true or false`);
  const project: SeedProject = {
    id,
    workspaceId: requireString(value, 'workspaceId', where),
    name: requireString(value, 'name', where),
    archived: value.archived,
  };
  if (value.clientName !== undefined) project.clientName = requireString(value, 'clientName', where);
  return project;
}

function requireUnique(values: string[], describeDuplicate: (value: string) => string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new TypeError(describeDuplicate(value));
    seen.add(value);
  }
}

/**
 * Checks a seed (from code or a JSON file) and returns a clean copy; throws a `TypeError` whose message
 * names the offending field, so the bin can print it as one line.
 */
export function parseSeed(value: unknown): EmulatorSeed {
  if (!isRecord(value)) throw new TypeError('seed must be an object with users, workspaces and projects');
  const users = requireArray(value, 'users', 'seed').map((user, index) =>
    parseUser(user, `seed.users[${index}]`),
  );
  const workspaces = requireArray(value, 'workspaces', 'seed').map((workspace, index) =>
    parseWorkspace(workspace, `seed.workspaces[${index}]`),
  );
  const projects = requireArray(value, 'projects', 'seed').map((project, index) =>
    parseProject(project, `seed.projects[${index}]`),
  );
  requireUnique(
    users.map((user) => user.id),
    (id) => `seed has two users with id ${JSON.stringify(id)}`,
  );
  // The key itself stays out of the message.
  requireUnique(
    users.map((user) => user.apiKey),
    () => 'seed has two users with the same apiKey',
  );
  requireUnique(
    workspaces.map((workspace) => workspace.id),
    (id) => `seed has two workspaces with id ${JSON.stringify(id)}`,
  );
  requireUnique(
    projects.map((project) => project.id),
    (id) => `seed has two projects with id ${JSON.stringify(id)}`,
  );
  const userIds = new Set(users.map((user) => user.id));
  const workspaceIds = new Set(workspaces.map((workspace) => workspace.id));
  for (const [index, workspace] of workspaces.entries()) {
    for (const member of workspace.memberIds) {
      if (!userIds.has(member)) {
        throw new TypeError(
          `seed.workspaces[${index}].memberIds names unknown user ${JSON.stringify(member)}`,
        );
      }
    }
  }
  for (const [index, project] of projects.entries()) {
    if (!workspaceIds.has(project.workspaceId)) {
      throw new TypeError(
        `seed.projects[${index}].workspaceId names unknown workspace ${JSON.stringify(project.workspaceId)}`,
      );
    }
  }
  return { users, workspaces, projects };
}

export function indexSeed(seed: EmulatorSeed): SeedIndex {
  const projectsByWorkspace = new Map<string, SeedProject[]>();
  for (const workspace of seed.workspaces) projectsByWorkspace.set(workspace.id, []);
  for (const project of seed.projects) projectsByWorkspace.get(project.workspaceId)?.push(project);
  return {
    seed,
    usersByKey: new Map(seed.users.map((user) => [user.apiKey, user])),
    usersById: new Map(seed.users.map((user) => [user.id, user])),
    workspacesById: new Map(seed.workspaces.map((workspace) => [workspace.id, workspace])),
    membersByWorkspace: new Map(
      seed.workspaces.map((workspace) => [workspace.id, new Set(workspace.memberIds)]),
    ),
    projectsById: new Map(seed.projects.map((project) => [project.id, project])),
    projectsByWorkspace,
  };
}
