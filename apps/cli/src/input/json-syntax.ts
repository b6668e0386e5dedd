/** Turns JSON.parse's "at position N" into a line and column a person can jump to. */
export function describeJsonSyntaxError(error: unknown, text: string, lineOffset = 0): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const detail = message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, ' (not valid JSON)');
  if (!position) return `not valid JSON: ${truncate(detail)}`;
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length + lineOffset;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: not valid JSON: ${truncate(detail)}`;
}

function truncate(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
