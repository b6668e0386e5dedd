/** Why a secret could not be used, as far as a caller needs to branch on it. */
export const secretErrorCodes = ['invalid-name', 'broken', 'not-found', 'store-failed'] as const;

export type SecretErrorCode = (typeof secretErrorCodes)[number];

export interface SecretErrorOptions {
  /** The secret's name, e.g. `clockify_api_key` (never its value). */
  secretName?: string;
  /** Where it was looked for or stored, e.g. `file:/home/me/.config/tracker/secrets/clockify_api_key`. */
  source?: string;
  /** Plain data only (an errno code, an exit status): never a foreign error that might carry a value. */
  cause?: unknown;
}

// Symbol.for so that two copies of @tracker/secrets (a CLI and a plugin each bundling one) agree.
const SECRET_ERROR = Symbol.for('@tracker/secrets/secret-error');

/**
 * The one error family this package throws. Recognise it with `SecretError.is(x)` and branch on `code`.
 * Messages say what happened and how to fix it; they name sources, never a secret's value.
 */
export class SecretError extends Error {
  declare readonly [SECRET_ERROR]: true;
  readonly code: SecretErrorCode;
  readonly secretName?: string;
  readonly source?: string;

  constructor(code: SecretErrorCode, message: string, options: SecretErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (!secretErrorCodes.includes(code))
      throw new TypeError(`Unknown SecretError code ${JSON.stringify(code)}`);
    Object.defineProperty(this, SECRET_ERROR, { value: true });
    this.name = 'SecretError';
    this.code = code;
    if (options.secretName !== undefined) this.secretName = options.secretName;
    if (options.source !== undefined) this.source = options.source;
  }

  /** True for a `SecretError` (or subclass) from any copy of @tracker/secrets; false for look-alikes. */
  static is(value: unknown): value is SecretError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[SECRET_ERROR] === true &&
      secretErrorCodes.includes((value as { code?: unknown }).code as SecretErrorCode)
    );
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      secretName: this.secretName,
      source: this.source,
    };
  }
}

/** One place the lookup tried, and why it did not find the secret there. */
export interface SecretAttempt {
  source: string;
  reason: string;
}

/** Thrown when every source was absent: `tried` lists each, in order, with its reason. */
export class SecretNotFoundError extends SecretError {
  declare readonly secretName: string;
  readonly tried: readonly SecretAttempt[];

  constructor(secretName: string, tried: readonly SecretAttempt[]) {
    super('not-found', formatNotFound(secretName, tried), { secretName });
    this.name = 'SecretNotFoundError';
    this.tried = Object.freeze(tried.map((attempt) => Object.freeze({ ...attempt })));
  }

  /** True for a not-found `SecretError` from any copy of @tracker/secrets. */
  static override is(value: unknown): value is SecretNotFoundError {
    return (
      SecretError.is(value) &&
      value.code === 'not-found' &&
      Array.isArray((value as { tried?: unknown }).tried)
    );
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), tried: this.tried };
  }
}

function formatNotFound(secretName: string, tried: readonly SecretAttempt[]): string {
  const lines = [`No value for secret "${secretName}".`];
  if (tried.length === 0) lines.push('No source was enabled (options.sources is empty).');
  else lines.push('Tried:', ...tried.map((attempt) => `  - ${attempt.source}: ${attempt.reason}`));
  lines.push(
    `Store one with: tracker secrets set ${secretName}  (or: export ${secretName.toUpperCase()}=...)`,
  );
  return lines.join('\n');
}
