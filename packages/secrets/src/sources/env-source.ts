import { secretEnvVariable } from '../secret-name.js';
import { absent, found, type SecretSource } from './secret-source.js';

/** `CLOCKIFY_API_KEY` in the environment. Unset or blank counts as absent. */
export const envSource: SecretSource = async (context) => {
  const variable = secretEnvVariable(context.secretName);
  const source = `env:${variable}`;
  const raw = context.env[variable];
  if (raw === undefined) return absent(source, 'unset');
  const value = raw.trim();
  if (value === '') return absent(source, 'set but empty');
  return found(source, value);
};
