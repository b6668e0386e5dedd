import { type SinkErrorKind, sinkErrorKinds } from '@tracker/core';

/**
 * Ways a push can fail; each is named after the `SinkError` kind the sink must throw for it. Derived from core's
 * kinds (all but `config`, which construction raises, not a push), so a kind added there is covered here too.
 */
export const sinkFailureScenarios: readonly Exclude<SinkErrorKind, 'config'>[] = sinkErrorKinds.filter(
  (kind): kind is Exclude<SinkErrorKind, 'config'> => kind !== 'config',
);

export type SinkFailureScenario = (typeof sinkFailureScenarios)[number];

/**
 * What the harness makes the service do until the next `arrange`:
 * - `created`: work normally (creates, and lists/deletes for find/remove/check), starting empty;
 * - `auth`: refuse the key; `forbidden`: accept the key but not for this place; `rejected`: refuse the entry;
 * - `rate-limited`: ask to slow down; `unavailable`: fail on its side (5xx);
 * - `network`: be unreachable, so nothing is sent (e.g. a closed port);
 * - `no-reply`: accept the request and never answer (the sink must give up on its own timeout);
 * - `bad-response`: answer success with a body that holds no id.
 */
export type SinkScenario = 'created' | SinkFailureScenario;
