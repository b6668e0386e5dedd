import type { SeedIndex, SeedProject, SeedUser, SeedWorkspace } from './seed.js';

/** `GET /user`: the fields a client reads, plus a few of the many Clockify also sends. */
export function userView(user: SeedUser, index: SeedIndex) {
  const home = index.seed.workspaces.find((workspace) =>
    index.membersByWorkspace.get(workspace.id)?.has(user.id),
  );
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    activeWorkspace: home?.id ?? '',
    defaultWorkspace: home?.id ?? '',
    memberships: [],
    profilePicture: '',
    settings: {
      timeZone: user.timeZone,
      weekStart: 'MONDAY',
      timeFormat: 'HOUR24',
      dateFormat: 'YYYY-MM-DD',
    },
    status: 'ACTIVE',
  };
}

export function workspaceView(workspace: SeedWorkspace) {
  return {
    id: workspace.id,
    name: workspace.name,
    hourlyRate: { amount: 0, currency: 'USD' },
    imageUrl: '',
    memberships: workspace.memberIds.map((userId) => ({
      userId,
      hourlyRate: null,
      costRate: null,
      targetId: workspace.id,
      membershipType: 'WORKSPACE',
      membershipStatus: 'ACTIVE',
    })),
    featureSubscriptionType: null,
  };
}

export function projectView(project: SeedProject) {
  return {
    id: project.id,
    name: project.name,
    workspaceId: project.workspaceId,
    clientId: '',
    clientName: project.clientName ?? '',
    archived: project.archived,
    billable: false,
    color: '#03A9F4',
    public: true,
    template: false,
    note: '',
    duration: 'PT0S',
    hourlyRate: null,
    costRate: null,
    memberships: [],
  };
}
