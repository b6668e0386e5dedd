import { inspect } from 'node:util';
import { type SecretAttempt, SecretNotFoundError } from './secret-error.js';
import { assertSecretName } from './secret-name.js';
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  type ResolvedSecret,
  resolveConfigHome,
  type SecretOptions,
  type SecretSourceKind,
  secretSourceKinds,
} from './secret-options.js';
import { commandSource } from './sources/command-source.js';
import { configFileSource } from './sources/config-file-source.js';
import { envFileSource } from './sources/env-file-source.js';
import { envSource } from './sources/env-source.js';
import { keychainSource } from './sources/keychain-source.js';
import type { SecretSource, SourceContext } from './sources/secret-source.js';

const sourcesByKind: Readonly<Record<SecretSourceKind, SecretSource>> = {
  env: envSource,
  'env-file': envFileSource,
  file: configFileSource,
  keychain: keychainSource,
  command: commandSource,
};

/**
 * Finds a secret: tries each source in order and returns the first hit with where it came from.
 * Absent moves on; present but broken throws `SecretError` (`broken`); nothing anywhere throws
 * `SecretNotFoundError` listing every source tried.
 */
export async function resolveSecret(name: string, options: SecretOptions = {}): Promise<ResolvedSecret> {
  const secretName = assertSecretName(name);
  const context = createSourceContext(secretName, options);
  const tried: SecretAttempt[] = [];
  for (const kind of sourceOrder(options.sources)) {
    const outcome = await sourcesByKind[kind](context);
    if (outcome.found) return resolvedSecret(outcome.value, outcome.source);
    tried.push({ source: outcome.source, reason: outcome.reason });
  }
  throw new SecretNotFoundError(secretName, tried);
}

/** The value alone; see `resolveSecret`. */
export async function getSecret(name: string, options: SecretOptions = {}): Promise<string> {
  return (await resolveSecret(name, options)).value;
}

function createSourceContext(secretName: string, options: SecretOptions): SourceContext {
  const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  if (!Number.isFinite(commandTimeoutMs) || commandTimeoutMs <= 0) {
    throw new TypeError(
      `commandTimeoutMs must be a positive number of milliseconds, got ${commandTimeoutMs}`,
    );
  }
  return {
    secretName,
    env: options.env ?? process.env,
    configHome: resolveConfigHome(options),
    commands: options.commands ?? {},
    commandTimeoutMs,
    keychain: options.keychain,
  };
}

function sourceOrder(sources: readonly SecretSourceKind[] | undefined): SecretSourceKind[] {
  if (sources === undefined) return [...secretSourceKinds];
  for (const kind of sources) {
    if (!Object.hasOwn(sourcesByKind, kind)) {
      throw new TypeError(
        `Unknown secret source ${JSON.stringify(kind)}; use ${secretSourceKinds.join(', ')}`,
      );
    }
  }
  return [...new Set(sources)];
}

// The value stays a plain enumerable field (destructuring works), but printing or serialising the
// object by accident shows only where it came from.
function resolvedSecret(value: string, source: string): ResolvedSecret {
  const resolved = { value, source };
  const redacted = () => ({ source, value: '[redacted]' });
  Object.defineProperty(resolved, 'toJSON', { value: redacted });
  Object.defineProperty(resolved, inspect.custom, { value: redacted });
  return resolved;
}
