import type { Allocation } from '@tracker/core';

export interface AllocationReader {
  /** Up to `max` allocations: fewer when the input ends, or (for an async input) when no more are ready yet. */
  read(max: number): Promise<Allocation[]>;
  readonly done: boolean;
  /** Lets a generator clean up when the run stops before the input ends. */
  close(): void;
}

const NOT_READY = Symbol('not-ready');

/** Reads arrays, iterables and async iterables in chunks, so ledger look-ups can be batched. */
export function createAllocationReader(
  source: Iterable<Allocation> | AsyncIterable<Allocation>,
): AllocationReader {
  let done = false;
  if (Symbol.iterator in source) {
    const iterator = source[Symbol.iterator]();
    return {
      get done() {
        return done;
      },
      async read(max) {
        const items: Allocation[] = [];
        while (!done && items.length < max) {
          const result = iterator.next();
          if (result.done) done = true;
          else items.push(result.value);
        }
        return items;
      },
      close() {
        if (!done) iterator.return?.();
        done = true;
      },
    };
  }

  const iterator = source[Symbol.asyncIterator]();
  let waiting: Promise<IteratorResult<Allocation>> | undefined;
  return {
    get done() {
      return done;
    },
    async read(max) {
      const items: Allocation[] = [];
      // A chunk takes what arrives within one turn of the event loop: a slow stream is not held back for 500.
      let deadline: Promise<typeof NOT_READY> | undefined;
      while (!done && items.length < max) {
        const next = waiting ?? iterator.next();
        waiting = undefined;
        let result: IteratorResult<Allocation>;
        if (items.length === 0) {
          result = await next;
        } else {
          deadline ??= new Promise((resolve) => setImmediate(() => resolve(NOT_READY)));
          const raced = await Promise.race([next, deadline]);
          if (raced === NOT_READY) {
            waiting = next;
            next.catch(() => {}); // rethrown by the read that awaits it
            break;
          }
          result = raced;
        }
        if (result.done) done = true;
        else items.push(result.value);
      }
      return items;
    },
    close() {
      if (!done) iterator.return?.().catch(() => {});
      done = true;
    },
  };
}
