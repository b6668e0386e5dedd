import { defaultKeychain } from '../default-keychain.js';
import { foreignErrorMessage, quoteForeignText } from '../foreign-text.js';
import { keychainUnavailableNote } from '../keychain-unavailable.js';
import { KEYCHAIN_SERVICE } from '../secret-options.js';
import { absent, broken, found, type SecretSource } from './secret-source.js';

/** The OS keychain entry `tracker` / `<name>`. No keychain here is absent (with a note), not a crash. */
export const keychainSource: SecretSource = async (context) => {
  const source = `keychain:${KEYCHAIN_SERVICE}/${context.secretName}`;
  if (context.keychain === null) return absent(source, 'switched off');
  const keychain = context.keychain ?? defaultKeychain();
  let stored: string | undefined;
  try {
    stored = await keychain.get(KEYCHAIN_SERVICE, context.secretName);
  } catch (error) {
    const note = keychainUnavailableNote(error);
    if (note !== undefined) return absent(source, `unavailable (${note})`);
    throw broken(
      context,
      source,
      `Reading the keychain entry ${source} failed: ${quoteForeignText(foreignErrorMessage(error))}`,
    );
  }
  if (stored === undefined || stored === null) return absent(source, 'no entry');
  const value = stored.trim();
  if (value === '') {
    throw broken(
      context,
      source,
      `The keychain entry ${source} is empty. Store the key again with: tracker secrets set ${context.secretName}`,
    );
  }
  return found(source, value);
};
