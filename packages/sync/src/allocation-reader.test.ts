import { describe, expect, it } from 'vitest';
import { createAllocationReader } from './allocation-reader.js';
import { makeAllocations } from './testing/fake-sink.js';

describe('createAllocationReader', () => {
  it('reads an array in chunks', async () => {
    const reader = createAllocationReader(makeAllocations(7));
    expect((await reader.read(3)).length).toBe(3);
    expect((await reader.read(3)).length).toBe(3);
    expect((await reader.read(3)).length).toBe(1);
    expect(reader.done).toBe(true);
    expect(await reader.read(3)).toEqual([]);
  });

  it('fills a chunk from an async iterable that has items ready', async () => {
    const allocations = makeAllocations(10);
    async function* ready() {
      yield* allocations;
    }
    const reader = createAllocationReader(ready());
    expect(await reader.read(500)).toEqual(allocations);
  });

  it('does not hold a slow stream back to fill a chunk, and loses nothing', async () => {
    const allocations = makeAllocations(4);
    async function* slow() {
      for (const allocation of allocations) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield allocation;
      }
    }
    const reader = createAllocationReader(slow());
    const chunks: number[] = [];
    const all = [];
    while (!reader.done) {
      const chunk = await reader.read(500);
      if (chunk.length > 0) chunks.push(chunk.length);
      all.push(...chunk);
    }
    expect(all).toEqual(allocations);
    expect(chunks.every((size) => size === 1)).toBe(true);
  });

  it('passes on an error from the input', async () => {
    async function* broken() {
      yield* makeAllocations(1);
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new Error('bad line 2');
    }
    const reader = createAllocationReader(broken());
    expect(await reader.read(500)).toHaveLength(1);
    await expect(reader.read(500)).rejects.toThrow('bad line 2');
  });

  it('closes a generator when the run stops early', async () => {
    let closed = false;
    function* endless() {
      try {
        for (;;) yield* makeAllocations(1);
      } finally {
        closed = true;
      }
    }
    const reader = createAllocationReader(endless());
    await reader.read(2);
    reader.close();
    expect(closed).toBe(true);
  });
});
