import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  createMemoryKeychain,
  deleteSecret,
  getSecret,
  type KeychainBackend,
  resolveSecret,
  SecretError,
  setSecret,
} from './index.js';
import { CANARY, expectNoSecretIn, nodeCommand, rejectionOf, temporaryDirectory } from './test-fixtures.js';

const name = 'clockify_api_key';
// The command gets the canary through its environment, so that its argv (printed as the source) is clean.
const printCanary =
  "process.stdout.write(process.env.LEAK); process.stderr.write('oops: ' + process.env.LEAK);";

async function configHomeWith(content: string, mode: number): Promise<string> {
  const configHome = await temporaryDirectory();
  const path = join(configHome, 'tracker', 'secrets', name);
  await mkdir(join(configHome, 'tracker', 'secrets'), { recursive: true });
  await writeFile(path, content);
  await chmod(path, mode);
  return configHome;
}

/** Each scenario throws while the canary sits somewhere the package can see it. */
const scenarios: Array<[string, () => Promise<unknown>]> = [
  [
    'a config file with loose permissions',
    async () =>
      resolveSecret(name, { env: {}, sources: ['file'], configHome: await configHomeWith(CANARY, 0o644) }),
  ],
  [
    'a config file too big to be a key',
    async () =>
      resolveSecret(name, {
        env: {},
        sources: ['file'],
        configHome: await configHomeWith(`${CANARY}\n`.repeat(3000), 0o600),
      }),
  ],
  [
    'a key in the environment under sources that exclude env',
    async () =>
      resolveSecret(name, {
        env: { CLOCKIFY_API_KEY: CANARY },
        sources: ['env-file', 'keychain'],
        keychain: null,
      }),
  ],
  [
    'a _FILE variable holding the key itself instead of a path',
    async () => resolveSecret(name, { env: { CLOCKIFY_API_KEY_FILE: CANARY }, sources: ['env-file'] }),
  ],
  [
    'a command that prints the key, then fails',
    async () =>
      getSecret(name, {
        env: { LEAK: CANARY },
        sources: ['command'],
        commands: { [name]: nodeCommand(`${printCanary} process.exit(2)`) },
      }),
  ],
  [
    'a command that prints the key, then hangs',
    async () =>
      getSecret(name, {
        env: { LEAK: CANARY },
        sources: ['command'],
        commandTimeoutMs: 1000,
        commands: { [name]: nodeCommand(`${printCanary} setTimeout(() => {}, 60000)`) },
      }),
  ],
  [
    'a keychain that fails after holding the key',
    async () => {
      const keychain: KeychainBackend = {
        ...createMemoryKeychain({ [`tracker/${name}`]: CANARY }),
        get: async () => {
          throw new Error('Entry is matched by 2 credentials: Ambiguous');
        },
      };
      return resolveSecret(name, {
        env: { CLOCKIFY_API_KEY_FILE: '' },
        sources: ['env', 'keychain'],
        keychain,
      });
    },
  ],
  ['the key passed where a name belongs', async () => getSecret(CANARY, { env: {}, keychain: null })],
  [
    'storing the key where no file can be written',
    async () => {
      const configHome = await temporaryDirectory();
      await writeFile(join(configHome, 'tracker'), 'not a directory');
      return setSecret(name, CANARY, { store: 'file', configHome });
    },
  ],
  [
    'storing the key in a keychain whose error echoes it',
    async () =>
      setSecret(name, CANARY, {
        store: 'keychain',
        keychain: {
          ...createMemoryKeychain(),
          set: async (_service, _account, value) => {
            throw new Error(`refused to store ${value}`);
          },
        },
      }),
  ],
  [
    'deleting from a keychain that is unavailable',
    async () =>
      deleteSecret(name, {
        store: 'keychain',
        keychain: {
          ...createMemoryKeychain({ [`tracker/${name}`]: CANARY }),
          delete: async () => {
            throw new Error("Couldn't access platform storage: AccessDenied");
          },
        },
      }),
  ],
];

describe('no secret value ever leaves in an error, and nothing is logged', () => {
  let writes: MockInstance[] = [];

  beforeEach(() => {
    writes = [
      ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
        vi.spyOn(console, method),
      ),
      vi.spyOn(process.stdout, 'write'),
      vi.spyOn(process.stderr, 'write'),
    ];
  });

  afterEach(() => {
    for (const spy of writes) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it.each(scenarios)('%s', async (_, scenario) => {
    const error = await rejectionOf(scenario());
    expect(SecretError.is(error)).toBe(true);
    expectNoSecretIn(error);
  });

  it('the canary check itself catches a leak through a cause chain', () => {
    const leaky = new SecretError('broken', 'looks fine', { cause: { nested: new Error(`deep ${CANARY}`) } });
    expect(() => expectNoSecretIn(leaky)).toThrow();
    expect(inspect(leaky, { depth: 0 })).not.toContain(CANARY);
  });

  it('a resolved secret does not print its value either', async () => {
    const resolved = await resolveSecret(name, { env: { CLOCKIFY_API_KEY: CANARY }, sources: ['env'] });
    expect(resolved.value).toBe(CANARY);
    expect(inspect(resolved, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(CANARY);
    expect(JSON.stringify(resolved)).not.toContain(CANARY);
    expect(`${resolved.source}`).not.toContain(CANARY);
  });
});
