import { SecretError } from '../secret-error.js';
import type { KeychainBackend } from '../secret-options.js';

/** Everything a source needs, with defaults already applied. */
export interface SourceContext {
  secretName: string;
  env: NodeJS.ProcessEnv;
  configHome: string;
  commands: Readonly<Record<string, readonly string[]>>;
  commandTimeoutMs: number;
  /** Undefined means "the default keychain", created only if this source is reached. */
  keychain: KeychainBackend | null | undefined;
}

/** Found, or absent with a reason. "Present but broken" is not an outcome: the source throws instead. */
export type SourceOutcome =
  | { found: true; value: string; source: string }
  | { found: false; source: string; reason: string };

export type SecretSource = (context: SourceContext) => Promise<SourceOutcome>;

export function found(source: string, value: string): SourceOutcome {
  return { found: true, value, source };
}

export function absent(source: string, reason: string): SourceOutcome {
  return { found: false, source, reason };
}

/** "Present but broken": stops the lookup with this reason. */
export function broken(
  context: Pick<SourceContext, 'secretName'>,
  source: string,
  message: string,
  cause?: unknown,
) {
  return new SecretError('broken', message, { secretName: context.secretName, source, cause });
}
