// The emulator in its own process for the benchmark: argv[2] is its options as JSON; answers IPC messages
// `reset` (forget entries, requests and rate windows) and `cpu` (its CPU time so far, in µs), and ends when
// the parent disconnects.
import { importBuilt } from './common.mjs';

const { startClockifyEmulator } = await importBuilt('packages/clockify-emulator');
const emulator = await startClockifyEmulator(JSON.parse(process.argv[2] ?? '{}'));

process.on('message', (message) => {
  if (message.type === 'reset') emulator.reset();
  const { user, system } = process.cpuUsage();
  process.send({ type: 'done', id: message.id, cpuMicros: user + system });
});
process.on('disconnect', () => {
  emulator.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.send({ type: 'ready', apiBaseUrl: emulator.apiBaseUrl });
