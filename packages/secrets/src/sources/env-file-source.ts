import { stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { secretEnvVariable } from '../secret-name.js';
import { readSecretFile } from './read-secret-file.js';
import { absent, broken, found, type SecretSource, type SourceContext } from './secret-source.js';

/**
 * `CLOCKIFY_API_KEY_FILE` → that file's content (Docker and Kubernetes secrets). Its permissions are not
 * checked: mounted secrets are often 0444. Setting the variable is a promise that the file exists, so a
 * missing file is broken, not absent.
 */
export const envFileSource: SecretSource = async (context) => {
  const variable = `${secretEnvVariable(context.secretName)}_FILE`;
  const raw = context.env[variable]?.trim();
  if (raw === undefined) return absent(`env:${variable}`, 'unset');
  if (raw === '') return absent(`env:${variable}`, 'set but empty');
  const path = resolve(raw);
  if (!(await exists(path))) throw await missingFile(context, variable, raw, path);
  const value = await readSecretFile(path, { secretName: context.secretName, requirePrivate: false });
  if (value === undefined) throw await missingFile(context, variable, raw, path);
  return found(`file:${path}`, value);
};

// People put the key itself into the _FILE variable by mistake: only echo what is clearly a path.
async function missingFile(context: SourceContext, variable: string, raw: string, path: string) {
  const looksLikePath = (raw.includes('/') || raw.includes(sep)) && (await isDirectory(dirname(path)));
  if (looksLikePath) {
    return broken(context, `file:${path}`, `${variable} points to ${path}, which does not exist.`, {
      code: 'ENOENT',
    });
  }
  return broken(
    context,
    `env:${variable}`,
    `${variable} does not name an existing file. It must hold the path of a file that contains the key, not the key itself (the value is not shown in case it is the key).`,
    { code: 'ENOENT' },
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
