// Run by ledger-lock.test.ts in a child process (tsx): opens a ledger, takes its lock, announces one
// allocation as pending, says "ready" and waits to be killed, as a sync dies between intent and request.
import { openLedger } from '../index.js';

const [path, target, key] = process.argv.slice(2);
if (!path || !target || !key) throw new Error('usage: ledger-child <ledger path> <target> <key>');
const ledger = openLedger(path);
ledger.acquireLock({ command: 'ledger-child' });
ledger.markPending(target, key, {
  projectId: 'project-1',
  start: new Date('2026-02-02T08:00:00Z'),
  end: new Date('2026-02-02T09:00:00Z'),
  key,
});
// Our own pid: tsx runs this file in a child of its own, so the spawned pid is not the lock holder's.
process.stdout.write(`ready ${process.pid}\n`);
setInterval(() => {}, 60_000);
