import type { KeychainBackend } from './secret-options.js';

/** A keychain held in memory: for tests of code that stores or reads secrets, and for dry runs. */
export function createMemoryKeychain(initial: Readonly<Record<string, string>> = {}): KeychainBackend {
  // Keys are `service/account`, the way sources are named.
  const entries = new Map(Object.entries(initial));
  return {
    async get(service, account) {
      return entries.get(`${service}/${account}`);
    },
    async set(service, account, value) {
      entries.set(`${service}/${account}`, value);
    },
    async delete(service, account) {
      return entries.delete(`${service}/${account}`);
    },
  };
}
