import type { IncomingHttpHeaders } from 'node:http';
import { clockifyErrors } from './clockify-errors.js';
import type { Reply } from './reply.js';
import type { SeedIndex, SeedUser } from './seed.js';

/**
 * Clockify takes exactly one token: `X-Api-Key` or `X-Addon-Token`. None, both, or any `Authorization`
 * header (a Bearer token is not an API key) is code 1000.
 */
export function authenticate(headers: IncomingHttpHeaders, index: SeedIndex): SeedUser | Reply {
  const apiKey = headers['x-api-key'];
  const addonToken = headers['x-addon-token'];
  if (headers.authorization !== undefined) return clockifyErrors.authTokens();
  if (apiKey && addonToken) return clockifyErrors.authTokens();
  if (addonToken) return clockifyErrors.invalidAddonToken();
  if (!apiKey) return clockifyErrors.authTokens();
  // Node joins repeated headers into one string, which then matches no key, as on Clockify.
  return (typeof apiKey === 'string' && index.usersByKey.get(apiKey)) || clockifyErrors.unknownKey();
}
