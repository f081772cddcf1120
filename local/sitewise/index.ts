// Public API of the IoT SiteWise anomaly-detection emulator.

export { type SiteWiseEmulator, type SiteWiseEmulatorOptions, startSiteWiseEmulator } from './emulator.js';
export {
  knobsOfMode,
  LENIENT_SITEWISE_KNOBS,
  type SiteWiseKnobSettings,
  type SiteWiseKnobs,
  STRICT_SITEWISE_KNOBS,
} from './knobs.js';
export type { SiteWiseLedgerEntry } from './ledger.js';
export { ROUTES } from './shapes.js';
