import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClockifySink } from './index.js';
import { entryId, keySource, origin, resolveKey, userId, workspaceId } from './testing/clockify-fixtures.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const sink = () => createClockifySink({ apiKey: resolveKey, workspaceId });
const user = {
  id: userId,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  settings: { timeZone: 'Europe/Berlin' },
};

describe('check', () => {
  it('names the key owner and the workspace, read-only', async () => {
    const scope = nock(origin)
      .get('/api/v1/user')
      .reply(200, user)
      .get('/api/v1/workspaces')
      .reply(200, [
        { id: '0'.repeat(24), name: 'Personal' },
        { id: workspaceId, name: 'Acme', memberships: [] },
      ]);
    await expect(sink().check()).resolves.toEqual({
      identity: 'Ada Lovelace <ada@example.com>',
      details: {
        target: `clockify:api.clockify.me/workspaces/${workspaceId}`,
        workspace: `Acme (${workspaceId})`,
        'key source': keySource,
        'time zone': 'Europe/Berlin',
      },
    });
    expect(scope.isDone()).toBe(true);
  });

  it('a workspace the key cannot see → forbidden, listing the ones it can', async () => {
    nock(origin)
      .get('/api/v1/user')
      .reply(200, user)
      .get('/api/v1/workspaces')
      .reply(200, [
        { id: 'a'.repeat(24), name: 'Personal' },
        { id: 'b'.repeat(24), name: 'Other Co' },
      ]);
    const error = await sink()
      .check()
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ kind: 'forbidden', sink: 'clockify' });
    expect((error as Error).message).toBe(
      `Clockify does not let the key from ${keySource} (Ada Lovelace <ada@example.com>) use workspace ${workspaceId}. Workspaces it can use: Personal (${'a'.repeat(24)}), Other Co (${'b'.repeat(24)}). Set workspaceId to one of them, or use a key of that workspace's owner.`,
    );
  });

  it('a refused key → auth', async () => {
    nock(origin).get('/api/v1/user').reply(401, { message: 'Api key does not exist', code: 4003 });
    await expect(sink().check()).rejects.toMatchObject({
      kind: 'auth',
      message: expect.stringContaining(keySource),
    });
  });

  it('fills the user cache find relies on', async () => {
    nock(origin)
      .get('/api/v1/user')
      .once()
      .reply(200, user)
      .get('/api/v1/workspaces')
      .reply(200, [{ id: workspaceId, name: 'Acme' }])
      .get(`/api/v1/workspaces/${workspaceId}/user/${userId}/time-entries`)
      .query(true)
      .reply(200, [], { 'Last-Page': 'true' });
    const checked = sink();
    await checked.check();
    await expect(
      checked.find({
        projectId: 'c'.repeat(24),
        start: new Date('2026-02-04T15:00:00Z'),
        end: new Date('2026-02-04T16:00:00Z'),
      }),
    ).resolves.toBeUndefined();
  });
});

describe('remove', () => {
  it('DELETEs the entry and accepts 204', async () => {
    const scope = nock(origin)
      .delete(`/api/v1/workspaces/${workspaceId}/time-entries/${entryId}`)
      .matchHeader('x-api-key', 'canary-XkF9pQ2wLm7v')
      .reply(204);
    await expect(sink().remove(entryId)).resolves.toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('an unknown entry → rejected with Clockify’s message', async () => {
    nock(origin)
      .delete(`/api/v1/workspaces/${workspaceId}/time-entries/${entryId}`)
      .reply(400, { message: "Time entry doesn't belong to Workspace", code: 501 });
    await expect(sink().remove(entryId)).rejects.toMatchObject({
      kind: 'rejected',
      code: 501,
      message: expect.stringContaining("Time entry doesn't belong to Workspace"),
    });
  });

  it('refuses an id that is not one, without a request', async () => {
    await expect(sink().remove('../../workspaces')).rejects.toMatchObject({ kind: 'rejected' });
  });

  it('a 5xx says the entry may or may not have been deleted', async () => {
    nock(origin).delete(`/api/v1/workspaces/${workspaceId}/time-entries/${entryId}`).reply(503);
    await expect(sink().remove(entryId)).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('may or may not have been deleted'),
    });
  });
});
