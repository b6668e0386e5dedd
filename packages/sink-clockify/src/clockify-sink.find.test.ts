import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClockifySink } from './index.js';
import {
  allocation,
  apiKey,
  clockifyEntry,
  entryId,
  origin,
  projectId,
  userId,
  workspaceId,
} from './testing/clockify-fixtures.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const entriesPath = `/api/v1/workspaces/${workspaceId}/user/${userId}/time-entries`;
const user = {
  id: userId,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  settings: { timeZone: 'Europe/Berlin' },
};
const sink = () => createClockifySink({ apiKey, workspaceId });

/** A full page of entries that do not match the allocation (other days). */
function otherEntries(count: number, page: number) {
  return Array.from({ length: count }, (_, index) =>
    clockifyEntry({
      id: `${page.toString(16).padStart(4, '0')}${index.toString(16).padStart(20, '0')}`,
      start: `2026-02-0${(index % 2) + 1}T09:00:00Z`,
      end: `2026-02-0${(index % 2) + 1}T10:00:00Z`,
    }),
  );
}

function listing(pages: Array<{ entries: unknown[]; lastPage?: 'true' | 'false' }>) {
  const queries: URLSearchParams[] = [];
  const scope = nock(origin).get('/api/v1/user').matchHeader('x-api-key', apiKey).reply(200, user);
  pages.forEach((page, index) => {
    scope
      .get(entriesPath)
      .query((query) => query.page === String(index + 1))
      .reply((uri) => {
        queries.push(new URL(uri, origin).searchParams);
        return [200, page.entries, page.lastPage === undefined ? {} : { 'Last-Page': page.lastPage }];
      });
  });
  return { scope, queries };
}

describe('find', () => {
  it('follows pagination and returns the id found on page 2, asking a window widened by a day', async () => {
    const { scope, queries } = listing([
      { entries: otherEntries(200, 1), lastPage: 'false' },
      { entries: [...otherEntries(3, 2), clockifyEntry()], lastPage: 'true' },
    ]);

    await expect(sink().find(allocation)).resolves.toBe(entryId);

    expect(scope.isDone()).toBe(true);
    expect(queries.map((query) => Object.fromEntries(query))).toEqual(
      [1, 2].map((page) => ({
        project: projectId,
        start: '2026-02-03T15:00:00Z',
        end: '2026-02-05T16:00:00Z',
        'page-size': '200',
        page: String(page),
      })),
    );
  });

  it('does not match an entry whose instants differ by one second', async () => {
    listing([
      {
        entries: [
          clockifyEntry({ id: 'a'.repeat(24), start: '2026-02-04T15:00:01Z' }),
          clockifyEntry({ id: 'b'.repeat(24), end: '2026-02-04T16:00:01Z' }),
          clockifyEntry({ id: 'c'.repeat(24), start: '2026-02-04T14:59:59Z' }),
        ],
        lastPage: 'true',
      },
    ]);
    await expect(sink().find(allocation)).resolves.toBeUndefined();
  });

  it('does not match another description, another project, or a running timer', async () => {
    listing([
      {
        entries: [
          clockifyEntry({ id: 'a'.repeat(24), description: 'Meetings' }),
          clockifyEntry({ id: 'b'.repeat(24), projectId: 'f'.repeat(24) }),
          clockifyEntry({ id: 'c'.repeat(24), end: null }),
        ],
        lastPage: 'true',
      },
    ]);
    await expect(sink().find(allocation)).resolves.toBeUndefined();
  });

  it('compares instants, not text: milliseconds and offsets in the reply still match', async () => {
    listing([
      {
        entries: [clockifyEntry({ start: '2026-02-04T16:00:00.000+01:00', end: '2026-02-04T16:00:00.000Z' })],
      },
    ]);
    await expect(sink().find(allocation)).resolves.toBe(entryId);
  });

  it('stops on a short page even without Last-Page, and on an empty one', async () => {
    const short = listing([{ entries: otherEntries(3, 1) }]);
    await expect(sink().find(allocation)).resolves.toBeUndefined();
    expect(short.queries).toHaveLength(1);
    nock.cleanAll();
    const empty = listing([{ entries: otherEntries(200, 1), lastPage: 'false' }, { entries: [] }]);
    await expect(sink().find(allocation)).resolves.toBeUndefined();
    expect(empty.queries).toHaveLength(2);
  });

  it('asks who the user is once per sink', async () => {
    const scope = nock(origin)
      .get('/api/v1/user')
      .once()
      .reply(200, user)
      .get(entriesPath)
      .query(true)
      .times(2)
      .reply(200, [], { 'Last-Page': 'true' });
    const cached = sink();
    await cached.find(allocation);
    await cached.find(allocation);
    expect(scope.isDone()).toBe(true);
  });

  it('gives up after 50 full pages instead of looping forever', async () => {
    const fullPage = otherEntries(200, 1);
    const scope = nock(origin)
      .get('/api/v1/user')
      .reply(200, user)
      .get(entriesPath)
      .query(true)
      .times(51)
      .reply(200, fullPage, { 'Last-Page': 'false' });
    await expect(sink().find(allocation)).rejects.toMatchObject({
      kind: 'bad-response',
      message: /more than 10000 entries/,
    });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('never retries a read either: a 503 listing is one request', async () => {
    const scope = nock(origin)
      .get('/api/v1/user')
      .reply(200, user)
      .get(entriesPath)
      .query(true)
      .times(2)
      .reply(503, { message: 'Service Unavailable', code: 503 });
    await expect(sink().find(allocation)).rejects.toMatchObject({
      kind: 'unavailable',
      message: /Try again later/,
    });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('maps failures like push does: a refused key, a listing that is not a list', async () => {
    nock(origin).get('/api/v1/user').reply(401, { message: 'Api key does not exist', code: 4003 });
    await expect(sink().find(allocation)).rejects.toMatchObject({ kind: 'auth', code: 4003 });
    nock(origin)
      .get('/api/v1/user')
      .reply(200, user)
      .get(entriesPath)
      .query(true)
      .reply(200, { entries: [] });
    await expect(sink().find(allocation)).rejects.toMatchObject({
      kind: 'bad-response',
      message: /without a list of time entries/,
    });
  });
});
