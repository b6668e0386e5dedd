import { Command, InvalidArgumentError, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import type { ExitCodeValue } from './exit-codes.js';

function integerIn(min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number > 1000)
    throw new InvalidArgumentError('expected a number above 0, at most 1000');
  return number;
}

function nonNegativeSeconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 86_400)
    throw new InvalidArgumentError('expected seconds from 0 to 86400');
  return number;
}

const configOption = () =>
  new Option(
    '-c, --config <file>',
    'config file (default: $TRACKER_CONFIG, ./tracker.config.json, $XDG_CONFIG_HOME/tracker/config.json)',
  );

/**
 * The command tree. Each action imports its module only when run, so `tracker --version` and `--help`
 * load nothing but commander.
 */
export function createProgram(setExitCode: (code: ExitCodeValue) => void): Command {
  const program = new Command('tracker')
    .description(
      'Record development time in time-tracking services (Clockify first): no typing, no duplicates, no leaked keys.',
    )
    .version(packageJson.version, '-v, --version', 'print the version')
    .showSuggestionAfterError()
    .configureHelp({ sortSubcommands: false })
    // Set before subcommands are added: they copy these settings when created.
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'tracker: ')) });

  program
    .command('sync')
    .description('create one time entry per allocation; safe to re-run, it skips what is already synced')
    .argument(
      '<file>',
      'allocations: a JSON array, NDJSON or CSV (projectId,start,end[,key]) file, or - for stdin',
    )
    .addOption(configOption())
    .addOption(
      new Option('--format <format>', 'input format (default: from the extension, or sniffed)').choices([
        'json',
        'ndjson',
        'csv',
      ]),
    )
    .option('-n, --dry-run', 'validate and show what would be created; send nothing, write nothing')
    .option('--json', 'print one JSON summary on stdout instead of text')
    .option('--concurrency <n>', 'requests in flight at once (default 4)', integerIn(1, 64))
    .option(
      '--rate <per-second>',
      'requests per second at most (default: the sink’s suggestion)',
      positiveNumber,
    )
    .option(
      '--max-wait <seconds>',
      'total time to wait on rate limits before stopping to resume later (default 120)',
      nonNegativeSeconds,
    )
    .action(async (file: string, flags) => {
      const { runSync } = await import('./commands/sync-command.js');
      setExitCode(await runSync(file, flags));
    });

  program
    .command('doctor')
    .description('check config, key, service access and ledger; prints ✓/✗ with the fix')
    .addOption(configOption())
    .option('--json', 'print the checks as JSON')
    .action(async (flags) => {
      const { runDoctor } = await import('./commands/doctor-command.js');
      setExitCode(await runDoctor(flags));
    });

  program
    .command('status')
    .description('show the ledger: counts by state, and the pending and failed allocations')
    .addOption(configOption())
    .option('--ledger <file>', 'read this ledger instead of the configured one')
    .option('--limit <n>', 'rows to list per target (default 50)', integerIn(1, 1_000_000))
    .option('--json', 'print as JSON')
    .action(async (flags) => {
      const { runStatus } = await import('./commands/status-command.js');
      setExitCode(await runStatus(flags));
    });

  const secrets = program
    .command('secrets')
    .description('store, delete or locate secrets such as clockify_api_key');
  const storeOption = () =>
    new Option(
      '--store <store>',
      'where: the OS keychain or a 0600 file (default: keychain, else file)',
    ).choices(['keychain', 'file']);
  secrets
    .command('set')
    .description(
      'store a secret; the value is read from a hidden prompt or stdin, never from the command line',
    )
    .argument('<name>', 'secret name, e.g. clockify_api_key')
    .addOption(storeOption())
    .action(async (name: string, flags) => {
      const { runSecretsSet } = await import('./commands/secrets-command.js');
      setExitCode(await runSecretsSet(name, flags));
    });
  secrets
    .command('delete')
    .description('delete a stored secret')
    .argument('<name>', 'secret name')
    .addOption(storeOption())
    .action(async (name: string, flags) => {
      const { runSecretsDelete } = await import('./commands/secrets-command.js');
      setExitCode(await runSecretsDelete(name, flags));
    });
  secrets
    .command('where')
    .description('say where a secret would be read from (never its value)')
    .argument('<name>', 'secret name')
    .addOption(configOption())
    .action(async (name: string, flags) => {
      const { runSecretsWhere } = await import('./commands/secrets-command.js');
      setExitCode(await runSecretsWhere(name, flags));
    });

  return program;
}
