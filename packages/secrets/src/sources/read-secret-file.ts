import { readFile, stat } from 'node:fs/promises';
import { errorCode } from '../foreign-text.js';
import { broken } from './secret-source.js';

// A key is a few hundred bytes at most; anything bigger is the wrong file.
const MAX_SECRET_FILE_BYTES = 64 * 1024;

export interface ReadSecretFileOptions {
  secretName: string;
  /** Refuse the file when group or others have any access to it (as ssh does for a private key). */
  requirePrivate: boolean;
}

/**
 * The trimmed content of a secret file, or undefined when the file does not exist. Anything else that
 * stops it being used (a directory, loose permissions, unreadable, empty) throws `broken`.
 */
export async function readSecretFile(
  path: string,
  options: ReadSecretFileOptions,
): Promise<string | undefined> {
  const source = `file:${path}`;
  const fail = (message: string, code?: string) =>
    broken(options, source, message, code === undefined ? undefined : { code });

  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw fail(`Cannot use the secret file ${path}: ${describeFsCode(code)}.`, code);
  }
  if (!stats.isFile()) throw fail(`Cannot use the secret file ${path}: it is not a regular file.`);
  // Windows has no POSIX mode bits to check; its ACLs are out of scope here.
  if (options.requirePrivate && process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
    throw fail(
      `Refusing to use the secret file ${path}: other users can access it (mode ${mode}). Make it private with: chmod 600 ${shellQuote(path)}`,
    );
  }
  if (stats.size > MAX_SECRET_FILE_BYTES) {
    throw fail(`Cannot use the secret file ${path}: it is ${stats.size} bytes, too big to be a key.`);
  }

  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    throw fail(`Cannot read the secret file ${path}: ${describeFsCode(code)}.`, code);
  }
  const value = text.trim();
  if (value === '') throw fail(`The secret file ${path} is empty. Write the key into it, or delete it.`);
  return value;
}

function describeFsCode(code: string | undefined): string {
  if (code === 'EACCES' || code === 'EPERM') return `this user may not read it (${code})`;
  if (code === 'EISDIR') return 'it is a directory';
  return code ? `error ${code}` : 'unknown error';
}

/** Quotes a path for a copy-pasteable shell command. */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./~-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
