import { join } from 'node:path';
import { readSecretFile } from './read-secret-file.js';
import { absent, found, type SecretSource } from './secret-source.js';

/** `<configHome>/tracker/secrets/<name>`, which must be private to its owner (mode 0600). */
export const configFileSource: SecretSource = async (context) => {
  const path = join(context.configHome, 'tracker', 'secrets', context.secretName);
  const value = await readSecretFile(path, { secretName: context.secretName, requirePrivate: true });
  if (value === undefined) return absent(`file:${path}`, 'missing');
  return found(`file:${path}`, value);
};
