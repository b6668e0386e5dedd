import { describe, expect, it } from 'vitest';
import { defaultSeed, type EmulatorSeed, parseSeed } from './index.js';
import { ALICE_KEY, twoUserSeed } from './test-client.js';

describe('parseSeed', () => {
  it('returns an equal, unfrozen copy of a valid seed', () => {
    const copy = parseSeed(defaultSeed);
    expect(copy).toEqual(defaultSeed);
    expect(copy.users[0]).not.toBe(defaultSeed.users[0]);
    expect(Object.isFrozen(copy.users)).toBe(false);
  });

  it.each<[string, (seed: EmulatorSeed) => unknown, RegExp]>([
    ['not an object', () => [], /seed must be an object/],
    [
      'a member that is no user',
      (seed) => ({ ...seed, workspaces: [{ ...seed.workspaces[0], memberIds: ['ghost'] }] }),
      /memberIds names unknown user "ghost"/,
    ],
    [
      'a project in no workspace',
      (seed) => ({ ...seed, projects: [{ ...seed.projects[0], workspaceId: 'f'.repeat(24) }] }),
      /projects\[0\]\.workspaceId names unknown workspace/,
    ],
    [
      'archived missing',
      (seed) => ({ ...seed, projects: [{ ...seed.projects[0], archived: 'no' }] }),
      /projects\[0\]\.archived must be true or false/,
    ],
    [
      'an empty email',
      (seed) => ({ ...seed, users: [{ ...seed.users[0], email: '' }] }),
      /users\[0\]\.email must be a non-empty string/,
    ],
    [
      'upper-case hex',
      (seed) => ({ ...seed, projects: [{ ...seed.projects[0], id: 'A'.repeat(24) }] }),
      /24 lower-case hex/,
    ],
    [
      'two projects with one id',
      (seed) => ({ ...seed, projects: [seed.projects[0], seed.projects[0]] }),
      /two projects with id/,
    ],
  ])('refuses %s, naming the field', (_, mutate, message) => {
    expect(() => parseSeed(mutate(twoUserSeed))).toThrow(message);
  });

  it('refuses two users with one key without printing the key', () => {
    const seed = { ...twoUserSeed, users: twoUserSeed.users.map((user) => ({ ...user, apiKey: ALICE_KEY })) };
    expect(() => parseSeed(seed)).toThrow('seed has two users with the same apiKey');
    expect(() => parseSeed(seed)).not.toThrow(ALICE_KEY);
  });
});
