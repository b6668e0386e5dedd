/** What went wrong, as far as the engine needs to know to decide what to do next. */
export const sinkErrorKinds = [
  'auth',
  'forbidden',
  'rejected',
  'rate-limited',
  'unavailable',
  'network',
  'no-reply',
  'bad-response',
  'config',
] as const;

export type SinkErrorKind = (typeof sinkErrorKinds)[number];

export interface SinkErrorTraits {
  /** Trying the same call again later may succeed. */
  retryable: boolean;
  /** The entry may exist although the call failed: settle with `find` before pushing again. */
  maybeCreated: boolean;
}

/** The one table every sink shares: a sink chooses the kind, never these flags. */
export const sinkErrorTraits: Readonly<Record<SinkErrorKind, Readonly<SinkErrorTraits>>> = Object.freeze({
  auth: { retryable: false, maybeCreated: false },
  forbidden: { retryable: false, maybeCreated: false },
  rejected: { retryable: false, maybeCreated: false },
  'rate-limited': { retryable: true, maybeCreated: false },
  unavailable: { retryable: true, maybeCreated: true },
  network: { retryable: true, maybeCreated: false },
  'no-reply': { retryable: true, maybeCreated: true },
  'bad-response': { retryable: false, maybeCreated: true },
  config: { retryable: false, maybeCreated: false },
});

export interface SinkErrorOptions {
  /** The sink's name, e.g. `clockify`. */
  sink: string;
  /** HTTP status, when there was one. */
  status?: number;
  /** The service's own error code. */
  code?: number | string;
  /** For `rate-limited`: how long the service asked us to wait. */
  retryAfterMs?: number;
  /** A sanitised cause: plain data, never an HTTP library's error (those print request headers). */
  cause?: unknown;
}

// Symbol.for so that two copies of @tracker/core (a plugin bundling its own) still recognise each other.
const SINK_ERROR = Symbol.for('@tracker/core/sink-error');

/**
 * The one error a sink throws. Recognise it with `SinkError.is(x)`, not `instanceof`, and branch on `kind`,
 * `retryable` and `maybeCreated`, never on the message. Messages say what happened and what to do, and
 * never contain a secret.
 */
export class SinkError extends Error {
  declare readonly [SINK_ERROR]: true;
  readonly kind: SinkErrorKind;
  readonly sink: string;
  readonly status?: number;
  readonly code?: number | string;
  readonly retryable: boolean;
  readonly maybeCreated: boolean;
  readonly retryAfterMs?: number;

  constructor(kind: SinkErrorKind, message: string, options: SinkErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const traits = sinkErrorTraits[kind];
    if (!traits) throw new TypeError(`Unknown SinkError kind ${JSON.stringify(kind)}`);
    Object.defineProperty(this, SINK_ERROR, { value: true });
    this.name = 'SinkError';
    this.kind = kind;
    this.sink = options.sink;
    if (options.status !== undefined) this.status = options.status;
    if (options.code !== undefined) this.code = options.code;
    this.retryable = traits.retryable;
    this.maybeCreated = traits.maybeCreated;
    if (options.retryAfterMs !== undefined && kind === 'rate-limited')
      this.retryAfterMs = options.retryAfterMs;
  }

  /** True for a `SinkError` from any copy of @tracker/core; false for look-alikes. */
  static is(value: unknown): value is SinkError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[SINK_ERROR] === true &&
      typeof (value as { kind?: unknown }).kind === 'string' &&
      Object.hasOwn(sinkErrorTraits, (value as { kind: string }).kind)
    );
  }

  static auth(message: string, options: SinkErrorOptions): SinkError {
    return new SinkError('auth', message, options);
  }
  static forbidden(message: string, options: SinkErrorOptions): SinkError {
    return new SinkError('forbidden', message, options);
  }
  static rejected(message: string, options: SinkErrorOptions): SinkError {
    return new SinkError('rejected', message, options);
  }
  static rateLimited(message: string, options: SinkErrorOptions): SinkError {
    return new SinkError('rate-limited', message, options);
  }
  static unavailable(message: string, options: SinkErrorOptions): SinkError {
    return new SinkError('unavailable', message, options);
  }
  static network(message: string, options: SinkErrorOptions): SinkError {
    return new SinkError('network', message, options);
  }
  static noReply(message: string, options: SinkErrorOptions): SinkError {
    return new SinkError('no-reply', message, options);
  }
  static badResponse(message: string, options: SinkErrorOptions): SinkError {
    return new SinkError('bad-response', message, options);
  }
  static config(message: string, options: SinkErrorOptions): SinkError {
    return new SinkError('config', message, options);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      sink: this.sink,
      message: this.message,
      status: this.status,
      code: this.code,
      retryable: this.retryable,
      maybeCreated: this.maybeCreated,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
