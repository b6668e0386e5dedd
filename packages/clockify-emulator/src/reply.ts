/** What a handler answers; the server turns it into HTTP. Neither `body` nor `html`: an empty body. */
export interface Reply {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `text/html`, the way a proxy in front of the service answers a 502 or 503. */
  html?: string;
  headers?: Record<string, string>;
}

export function jsonReply(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/** Clockify's error body: `{"message": string, "code": number}`. */
export function errorReply(status: number, message: string, code: number): Reply {
  return { status, body: { message, code } };
}
