import { CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { createProgram } from './program.js';

/** Runs the CLI; user mistakes print one clear message (no stack) and set the documented exit code. */
async function main(argv: string[]): Promise<void> {
  let exitCode: ExitCodeValue = ExitCode.ok;
  const program = createProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    process.exitCode = exitCode;
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

function reportError(error: unknown): ExitCodeValue {
  if (error instanceof CommanderError) {
    // --help and --version end through here too, with code 0.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`tracker: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tracker: unexpected error: ${message}\n`);
  if (process.env.TRACKER_DEBUG && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('Set TRACKER_DEBUG=1 for details, and please report it.\n');
  return ExitCode.someFailed;
}

// A reader that stops early (`tracker status | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

await main(process.argv);
