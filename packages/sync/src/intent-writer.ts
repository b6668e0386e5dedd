import type { Allocation } from '@tracker/core';
import type { Ledger } from './ledger.js';

export interface IntentWriter {
  /** Resolves once `pending` for this allocation is committed: only then may its request be sent. */
  announce(key: string, allocation: Allocation): Promise<void>;
}

interface Waiting {
  key: string;
  allocation: Allocation;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for `pending` rows: the workers that want to send within one turn of the event loop share
 * one transaction (with any settling writes still waiting). A commit costs far more than a row, so this
 * keeps the ledger's share of a sync small; each request still waits for its own row to be on disk.
 */
export function createIntentWriter(ledger: Ledger, target: string): IntentWriter {
  let waiting: Waiting[] = [];
  const commit = () => {
    const batch = waiting;
    waiting = [];
    try {
      ledger.transaction(() => {
        for (const entry of batch) ledger.markPending(target, entry.key, entry.allocation);
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const entry of batch) entry.resolve();
  };
  return {
    announce(key, allocation) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ key, allocation, resolve, reject });
        if (waiting.length === 1) setImmediate(commit);
      });
    },
  };
}
