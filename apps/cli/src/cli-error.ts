import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** A user-facing failure: printed as its message alone (no stack) with its exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCodeValue;

  constructor(message: string, exitCode: ExitCodeValue = ExitCode.usage) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
