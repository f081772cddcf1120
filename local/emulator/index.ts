// Public API of the L4E emulator.

export { type Emulator, type EmulatorOptions, startEmulator } from './emulator.js';
export type { EmulatorStats, FaultConfig } from './faults.js';
export { generateFleetScenario } from './fleet.js';
export {
  type KnobSettings,
  type Knobs,
  LENIENT_KNOBS,
  STRICT_KNOBS,
} from './knobs.js';
export type { LedgerEntry } from './ledger.js';
export type { RequestScope, ScopedLedgerEntry } from './runtime.js';
export type { RunSpec, Scenario } from './scenario.js';
export { loadScenarioFile } from './scenario-files.js';
