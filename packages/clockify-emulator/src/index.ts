export {
  DEMO_API_KEY,
  DEMO_PROJECT_IDS,
  DEMO_USER_ID,
  DEMO_WORKSPACE_ID,
  defaultSeed,
} from './default-seed.js';
export { type Emulator, type EmulatorOptions, startClockifyEmulator } from './emulator.js';
export type { CreateFault, EmulatorFaults } from './fault-plan.js';
export type { RateLimit } from './rate-limiter.js';
export type { RecordedRequest } from './request-log.js';
export { type EmulatorSeed, parseSeed, type SeedProject, type SeedUser, type SeedWorkspace } from './seed.js';
export type { TimeEntry } from './time-entry.js';
