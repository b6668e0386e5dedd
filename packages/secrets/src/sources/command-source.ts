import { runSecretCommand } from './run-secret-command.js';
import { absent, broken, found, type SecretSource } from './secret-source.js';

/** `options.commands[name]`: a password manager's CLI, run without a shell; its trimmed stdout is the value. */
export const commandSource: SecretSource = async (context) => {
  if (!Object.hasOwn(context.commands, context.secretName)) {
    return absent('command', `none configured for ${context.secretName}`);
  }
  const argv = context.commands[context.secretName];
  if (
    !Array.isArray(argv) ||
    argv.length === 0 ||
    !argv.every((part) => typeof part === 'string') ||
    argv[0] === ''
  ) {
    throw broken(
      context,
      'command',
      `The command for ${context.secretName} must be a non-empty array of strings (argv, no shell), e.g. ["pass", "show", "clockify"].`,
    );
  }
  const source = `command:${argv.join(' ')}`;
  const result = await runSecretCommand(argv, { timeoutMs: context.commandTimeoutMs, env: context.env });
  if (!result.ok) {
    throw broken(
      context,
      source,
      `The command for ${context.secretName} (${argv.join(' ')}) failed: ${result.problem}.`,
      result.cause,
    );
  }
  if (result.stdout === '') {
    throw broken(
      context,
      source,
      `The command for ${context.secretName} (${argv.join(' ')}) succeeded but printed nothing.`,
    );
  }
  return found(source, result.stdout);
};
