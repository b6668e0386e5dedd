import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, expect } from 'vitest';

/** A value that must never appear in anything this package throws. */
export const CANARY = 'canary-secret-7f3a9c2e51';

const temporaryDirectories: string[] = [];

afterEach(async () => {
  await Promise.all(temporaryDirectories.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

/** A fresh directory removed after the test: use as `configHome` so no test touches ~/.config. */
export async function temporaryDirectory(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'tracker-secrets-'));
  temporaryDirectories.push(path);
  return path;
}

/** argv that runs a snippet of JavaScript with this very Node (no PATH lookup, no shell). */
export function nodeCommand(script: string): string[] {
  return [process.execPath, '-e', script];
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Asserts `secret` appears nowhere in the error: message, stack, inspect, JSON, and each cause. */
export function expectNoSecretIn(error: unknown, secret: string = CANARY): void {
  expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(secret);
  expect(JSON.stringify(error) ?? '').not.toContain(secret);
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (
    let depth = 0;
    current !== undefined && current !== null && depth < 20 && !seen.has(current);
    depth++
  ) {
    seen.add(current);
    expect(String(current)).not.toContain(secret);
    if (current instanceof Error) {
      expect(current.message).not.toContain(secret);
      expect(current.stack ?? '').not.toContain(secret);
    }
    expect(JSON.stringify(current) ?? '').not.toContain(secret);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
}
