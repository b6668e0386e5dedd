import { inspect } from 'node:util';

/**
 * Where `secret` shows up when `value` is printed the ways errors get printed: `util.inspect` (deep, and with
 * hidden properties), `JSON.stringify`, and `String`. Empty when it shows up nowhere.
 */
export function findSecretIn(value: unknown, secret: string): string[] {
  if (secret === '') throw new TypeError('findSecretIn: the secret must not be empty');
  const renderings: Array<[how: string, render: () => string]> = [
    ['util.inspect(value, { depth: Infinity })', () => inspect(value, { depth: Number.POSITIVE_INFINITY })],
    [
      'util.inspect(value, { depth: Infinity, showHidden: true })',
      () => inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    ],
    ['JSON.stringify(value)', () => JSON.stringify(value) ?? ''],
    ['String(value)', () => String(value)],
  ];
  const places: string[] = [];
  for (const [how, render] of renderings) {
    let text: string;
    try {
      text = render();
    } catch {
      continue; // e.g. JSON.stringify of a cycle: that rendering cannot leak anything
    }
    if (text.includes(secret)) places.push(`the secret appears in ${how}`);
  }
  return places;
}

/** A short, secret-free description of a thrown value for failure messages. */
export function describeThrown(value: unknown, secret: string): string {
  const text =
    value instanceof Error
      ? `${value.name}: ${value.message}`
      : typeof value === 'string'
        ? JSON.stringify(value)
        : inspect(value, { depth: 1 });
  const redacted = text.split(secret).join('[secret]');
  return redacted.length > 200 ? `${redacted.slice(0, 200)}…` : redacted;
}
