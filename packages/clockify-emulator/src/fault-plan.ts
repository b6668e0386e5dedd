/** What a create can be made to suffer, for reliability tests. */
export type CreateFault = 'status5xx' | 'dropBeforeCommit' | 'dropAfterCommit' | 'hang';

export interface EmulatorFaults {
  /** Milliseconds added before every answer (every request, not only creates). */
  latencyMs?: number;
  /** Probability 0..1 that a create answers 500, 502 or 503 without storing. */
  status5xx?: number;
  /** Probability that a create's socket is destroyed before anything is stored. */
  dropBeforeCommit?: number;
  /** Probability that a create is stored, then its socket destroyed before any answer. */
  dropAfterCommit?: number;
  /** Probability that a create never answers (nothing stored; `stop()` still ends it). */
  hang?: number;
  /** The Nth create (1-based, counted since start, `setFaults` or `reset`) suffers this fault, whatever the probabilities. */
  script?: Record<number, CreateFault>;
  /** Seeds the PRNG behind the probabilities (and the choice among 500/502/503), for repeatable runs. */
  randomSeed?: number;
}

export interface FaultDecision {
  fault: CreateFault | undefined;
  /** For `status5xx`: which one. */
  status: 500 | 502 | 503;
}

export interface FaultPlan {
  readonly latencyMs: number;
  /** Counts one create and says what happens to it. */
  nextCreate(): FaultDecision;
}

const PROBABILITY_FAULTS: readonly CreateFault[] = [
  'status5xx',
  'dropBeforeCommit',
  'dropAfterCommit',
  'hang',
];
const SERVER_ERRORS = [500, 502, 503] as const;

/** mulberry32: tiny, fast, and the same sequence for the same seed on every machine. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function probabilitiesOf(faults: EmulatorFaults): Record<CreateFault, number> {
  const probabilities = {
    status5xx: faults.status5xx ?? 0,
    dropBeforeCommit: faults.dropBeforeCommit ?? 0,
    dropAfterCommit: faults.dropAfterCommit ?? 0,
    hang: faults.hang ?? 0,
  };
  for (const [name, probability] of Object.entries(probabilities)) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
      throw new RangeError(
        `faults.${name} must be a probability between 0 and 1, got ${String(probability)}`,
      );
    }
  }
  return probabilities;
}

function checkFaults(faults: EmulatorFaults): void {
  if (faults.latencyMs !== undefined && !(faults.latencyMs >= 0 && Number.isFinite(faults.latencyMs))) {
    throw new RangeError(`faults.latencyMs must be a non-negative number, got ${faults.latencyMs}`);
  }
  for (const [nth, fault] of Object.entries(faults.script ?? {})) {
    if (!Number.isInteger(Number(nth)) || Number(nth) < 1) {
      throw new RangeError(`faults.script keys are 1-based create numbers, got ${JSON.stringify(nth)}`);
    }
    if (!PROBABILITY_FAULTS.includes(fault)) {
      throw new RangeError(
        `faults.script[${nth}] must be one of ${PROBABILITY_FAULTS.join(', ')}, got ${JSON.stringify(fault)}`,
      );
    }
  }
}

/**
 * One random draw per create, read against the probabilities stacked in a fixed order (status5xx,
 * dropBeforeCommit, dropAfterCommit, hang): their sum is the chance of any fault, capped at 1.
 */
export function createFaultPlan(faults: EmulatorFaults | undefined): FaultPlan {
  const settings = faults ?? {};
  checkFaults(settings);
  const probabilities = probabilitiesOf(settings);
  const random = createRandom(settings.randomSeed ?? Math.floor(Math.random() * 2 ** 32));
  const anyProbability = PROBABILITY_FAULTS.some((name) => probabilities[name] > 0);
  let creates = 0;

  return {
    latencyMs: settings.latencyMs ?? 0,
    nextCreate() {
      creates += 1;
      const scripted = settings.script?.[creates];
      let fault: CreateFault | undefined = scripted;
      if (fault === undefined && anyProbability) {
        const draw = random();
        let threshold = 0;
        for (const name of PROBABILITY_FAULTS) {
          threshold += probabilities[name];
          if (draw < threshold) {
            fault = name;
            break;
          }
        }
      }
      const status = fault === 'status5xx' ? (SERVER_ERRORS[Math.floor(random() * 3)] ?? 500) : 500;
      return { fault, status };
    },
  };
}
