import { readCliArguments, USAGE } from './cli-arguments.js';
import { type Emulator, startClockifyEmulator } from './emulator.js';

const NAME = 'clockify-emulator';
/** Errors that mean "could not bind", not "you asked for something wrong". */
const LISTEN_ERRORS = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']);

function describe(emulator: Emulator, dataFile: string | undefined): string {
  const lines = [`Clockify emulator running at ${emulator.url}`, `  API base URL  ${emulator.apiBaseUrl}`];
  for (const user of emulator.seed.users) {
    lines.push(
      `  API key       ${user.apiKey}  (${user.name} <${user.email}>, user ${user.id}, ${user.timeZone})`,
    );
  }
  for (const workspace of emulator.seed.workspaces) {
    lines.push(`  Workspace     ${workspace.id}  ${workspace.name}`);
    for (const project of emulator.seed.projects) {
      if (project.workspaceId !== workspace.id) continue;
      lines.push(`  Project       ${project.id}  ${project.name}${project.archived ? ' (archived)' : ''}`);
    }
  }
  if (dataFile) lines.push(`  Data file     ${dataFile}`);
  lines.push('Press Ctrl+C to stop.');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const parsed = await readCliArguments(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`${NAME}: ${parsed.message} (see --help)\n`);
    process.exitCode = 2;
    return;
  }
  let emulator: Emulator;
  try {
    emulator = await startClockifyEmulator(parsed.options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(`${NAME}: cannot start: ${(error as Error).message}\n`);
    process.exitCode = code && LISTEN_ERRORS.has(code) ? 1 : 2;
    return;
  }
  process.stdout.write(describe(emulator, parsed.options.dataFile));

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl+C while stopping means "now".
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`${NAME}: ${signal}, stopping\n`);
    emulator.stop().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`${NAME}: ${(error as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

await main();
