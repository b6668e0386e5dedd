import { CliError } from '../cli-error.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';

export type SecretStoreFlag = 'keychain' | 'file';

const SECRET_NAME = /^[a-z0-9_]+$/;

function checkName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    // Not echoed: a key pasted in the wrong place must not be printed back.
    throw new CliError(
      'Secret names use a-z, 0-9 and _ only, e.g. clockify_api_key. The value itself is never given on the ' +
        'command line: it is read from a hidden prompt or stdin.',
    );
  }
}

/** Reads the value from a hidden prompt on a terminal, else from stdin; never from argv. */
async function readValue(name: string): Promise<string> {
  let value: string;
  if (process.stdin.isTTY) {
    const { default: password } = await import('@inquirer/password');
    value = await password({ message: `Value for ${name}:`, mask: '*' });
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    value = Buffer.concat(chunks).toString('utf8');
  }
  value = value.trim();
  if (!value) throw new CliError(`No value given for ${name}: type it at the prompt or pipe it on stdin.`);
  return value;
}

export async function runSecretsSet(
  name: string,
  flags: { store?: SecretStoreFlag },
): Promise<ExitCodeValue> {
  checkName(name);
  const value = await readValue(name);
  const { setSecret } = await import('@tracker/secrets');
  if (flags.store) {
    const { source } = await setSecret(name, value, { store: flags.store });
    process.stdout.write(`Stored ${name} in ${source}.\n`);
    return ExitCode.ok;
  }
  try {
    const { source } = await setSecret(name, value, { store: 'keychain' });
    process.stdout.write(`Stored ${name} in ${source}.\n`);
  } catch {
    // No keychain on this machine (headless Linux, CI): the 0600 file is the next best place.
    const { source } = await setSecret(name, value, { store: 'file' });
    process.stdout.write(`No OS keychain is available here; stored ${name} in ${source} (mode 600).\n`);
  }
  return ExitCode.ok;
}

export async function runSecretsDelete(
  name: string,
  flags: { store?: SecretStoreFlag },
): Promise<ExitCodeValue> {
  checkName(name);
  const { deleteSecret } = await import('@tracker/secrets');
  const stores: SecretStoreFlag[] = flags.store ? [flags.store] : ['keychain', 'file'];
  const removed: string[] = [];
  for (const store of stores) {
    try {
      if (await deleteSecret(name, { store })) removed.push(store);
    } catch (error) {
      if (flags.store) throw new CliError((error as Error).message);
    }
  }
  process.stdout.write(
    removed.length > 0 ? `Deleted ${name} from ${removed.join(' and ')}.\n` : `No stored ${name} found.\n`,
  );
  return ExitCode.ok;
}

export async function runSecretsWhere(name: string, flags: { config?: string }): Promise<ExitCodeValue> {
  checkName(name);
  const { resolveSecret } = await import('@tracker/secrets');
  let lookup = {};
  if (flags.config || process.env.TRACKER_CONFIG) {
    const { loadConfig } = await import('../config/load-config.js');
    const { secretLookupOptions } = await import('../sinks/build-sink.js');
    lookup = secretLookupOptions((await loadConfig({ explicit: flags.config })).config);
  }
  try {
    const found = await resolveSecret(name, lookup);
    process.stdout.write(`${name}: ${found.source}\n`);
    return ExitCode.ok;
  } catch (error) {
    throw new CliError((error as Error).message, ExitCode.auth);
  }
}
