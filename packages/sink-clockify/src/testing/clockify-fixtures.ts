import type { Allocation } from '@tracker/core';

/** Test support only: ids and bodies as Clockify sends them (clockify-api.md). */
export const apiKey = 'canary-XkF9pQ2wLm7v';
export const keySource = 'env:CLOCKIFY_API_KEY';
export const workspaceId = '64a1f0c2e4b0a1b2c3d4e5f6';
export const projectId = '5f0c1b2a3d4e5f6a7b8c9d0e';
export const userId = '5a0ab5acb07987125438b60f';
export const entryId = '65c0d4e2a7b1c3d5e7f90123';
export const origin = 'https://api.clockify.me';
export const entriesPath = `/api/v1/workspaces/${workspaceId}/time-entries`;

export const allocation: Allocation = {
  projectId,
  start: new Date('2026-02-04T15:00:00Z'),
  end: new Date('2026-02-04T16:00:00Z'),
};

/** A `TimeEntryDtoImplV1` as the live API returns it, extra fields included. */
export function clockifyEntry(
  overrides: {
    id?: string;
    start?: string;
    end?: string | null;
    projectId?: string | null;
    description?: string;
  } = {},
) {
  return {
    id: overrides.id ?? entryId,
    description: overrides.description ?? 'Development',
    projectId: overrides.projectId === undefined ? projectId : overrides.projectId,
    userId,
    workspaceId,
    billable: false,
    tagIds: [],
    taskId: null,
    type: 'REGULAR',
    kioskId: null,
    customFieldValues: [],
    timeInterval: {
      start: overrides.start ?? '2026-02-04T15:00:00Z',
      end: overrides.end === undefined ? '2026-02-04T16:00:00Z' : overrides.end,
      duration: 'PT1H',
    },
  };
}

/** A key resolver like the CLI's: the value and where it came from. */
export const resolveKey = async () => ({ value: apiKey, source: keySource });

/** The Request a fetch spy received on call `index` (ky always calls fetch with a Request). */
export function sentRequest(
  spy: { mock: { calls: ReadonlyArray<ReadonlyArray<unknown>> } },
  index = 0,
): Request {
  const input = spy.mock.calls[index]?.[0];
  if (!(input instanceof Request)) throw new Error(`fetch call ${index} received no Request`);
  return input;
}
