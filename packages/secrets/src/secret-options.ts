import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { xdgConfig } from 'xdg-basedir';
import { assertSecretName } from './secret-name.js';

/** The places a secret can come from, in their default order. */
export const secretSourceKinds = ['env', 'env-file', 'file', 'keychain', 'command'] as const;

export type SecretSourceKind = (typeof secretSourceKinds)[number];

/** Where the OS keychain is reached. Throw `KeychainUnavailableError` when there is no keychain here. */
export interface KeychainBackend {
  get(service: string, account: string): Promise<string | undefined>;
  set(service: string, account: string, value: string): Promise<void>;
  /** Resolves `true` when an entry was removed, `false` when there was none. */
  delete(service: string, account: string): Promise<boolean>;
}

export interface SecretOptions {
  /** Environment to read from (and to run commands with). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Base config directory. Default `$XDG_CONFIG_HOME`, else `~/.config`. */
  configHome?: string;
  /** Which sources to try, in this order. Default all five: env, env-file, file, keychain, command. */
  sources?: readonly SecretSourceKind[];
  /** Secret name → argv of a command (run without a shell) whose stdout is the value. */
  commands?: Readonly<Record<string, readonly string[]>>;
  /** How long a command may run before it is killed. Default 10 000 ms. */
  commandTimeoutMs?: number;
  /** The keychain to use; `null` switches it off. Default: `@napi-rs/keyring`, imported on first use. */
  keychain?: KeychainBackend | null;
}

/** A secret and where it came from. `source` is safe to print; `value` never is. */
export interface ResolvedSecret {
  value: string;
  source: string;
}

/** The keychain service every entry of this app is stored under (the account is the secret's name). */
export const KEYCHAIN_SERVICE = 'tracker';

export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

/** The base config directory these options point at. */
export function resolveConfigHome(options: SecretOptions = {}): string {
  if (options.configHome) return options.configHome;
  // An injected env speaks for itself; otherwise xdg-basedir has already read process.env.
  const fromEnv = options.env?.XDG_CONFIG_HOME;
  if (fromEnv && isAbsolute(fromEnv)) return fromEnv;
  if (options.env?.HOME && isAbsolute(options.env.HOME)) return join(options.env.HOME, '.config');
  return xdgConfig ?? join(homedir(), '.config');
}

/** The file a secret lives in for the `file` source and store: `<configHome>/tracker/secrets/<name>`. */
export function secretFilePath(name: string, options: SecretOptions = {}): string {
  return join(resolveConfigHome(options), 'tracker', 'secrets', assertSecretName(name));
}
