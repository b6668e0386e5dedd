import { clockifyErrors } from './clockify-errors.js';
import { jsonReply, type Reply } from './reply.js';

const DEFAULT_PAGE_SIZE = 50;
/** Clockify has been seen serving 5000 per page; larger asks get 5000. */
const MAX_PAGE_SIZE = 5000;

export type PageRequest = { ok: true; page: number; pageSize: number } | { ok: false; reply: Reply };

function readPositiveInteger(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** `page` (from 1) and `page-size` (default 50) from a query string. */
export function readPageRequest(query: URLSearchParams): PageRequest {
  const page = readPositiveInteger(query, 'page', 1);
  if (page === undefined)
    return { ok: false, reply: clockifyErrors.invalidField('page must be a positive integer') };
  const pageSize = readPositiveInteger(query, 'page-size', DEFAULT_PAGE_SIZE);
  if (pageSize === undefined) {
    return { ok: false, reply: clockifyErrors.invalidField('page-size must be a positive integer') };
  }
  return { ok: true, page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) };
}

/** One page of `items` with the `Last-Page: true|false` header Clockify sends. */
export function pageReply<T>(
  items: readonly T[],
  page: number,
  pageSize: number,
  view: (item: T) => unknown,
): Reply {
  const from = (page - 1) * pageSize;
  const slice = items.slice(from, from + pageSize).map(view);
  return jsonReply(200, slice, { 'Last-Page': String(from + pageSize >= items.length) });
}
