const DEFAULT_LIMIT = 300;

/**
 * Makes text we did not write (a command's stderr, a keychain library's message) safe to quote: one
 * paragraph, capped, and with any known secret value cut out.
 */
export function quoteForeignText(
  text: string,
  knownValues: readonly string[] = [],
  limit = DEFAULT_LIMIT,
): string {
  let quoted = text;
  for (const value of knownValues) {
    if (value.length > 0) quoted = quoted.split(value).join('[redacted]');
  }
  quoted = quoted.replace(/\s+/g, ' ').trim();
  return quoted.length > limit ? `${quoted.slice(0, limit)}…` : quoted;
}

/** The message of anything thrown, without its stack, cause chain or extra properties. */
export function foreignErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return Object.prototype.toString.call(error);
}

/** An errno-style code (`ENOENT`), when the thrown value has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
