/**
 * The sentence that tells the caller a write may have happened without an answer saying so, e.g. for
 * `created`: " The time entry may or may not have been created: settle it with find before trying again."
 * Empty for reads (no `effect`).
 */
export function unknownOutcome(effect: string | undefined): string {
  return effect
    ? ` The time entry may or may not have been ${effect}: settle it with find before trying again.`
    : '';
}
