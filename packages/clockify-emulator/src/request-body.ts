/** A request body, parsed once: the handlers and the request log share the result. */
export type RequestBody =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid'; text: string; problem: string };

export function parseRequestBody(text: string): RequestBody {
  if (text.length === 0) return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    return { kind: 'invalid', text, problem: (error as Error).message };
  }
}
