// Ambiguity knobs: where the SiteWise documentation is silent, each point has a strict answer (the less
// optimistic one a client must survive, the default) and a lenient one. An emulator may fix any knob; the
// others come from SITEWISE_EMULATOR_KNOBS (`strict`, `lenient` or `random:<seed>`), read once at load.

import { z } from 'zod';
import { parseDuration } from '../emulator/durations.js';
import { noise } from '../emulator/random.js';

const duration = z.string().refine((text) => {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}, 'must be an ISO-8601 duration such as PT0S or PT5M');

export const SiteWiseKnobsSchema = z.strictObject({
  /** How long a computation model stays CREATING/UPDATING/DELETING, and a scheduler or inference action's execution RUNNING. */
  settle: duration.optional(),
  /** Whether a run the retraining scheduler starts is an execution ListExecutions shows (`listed`) or only leaves S3 objects (`hidden`). */
  scheduledRunExecutions: z.enum(['listed', 'hidden']).optional(),
  /** How long after a run ends its metrics and result objects appear in S3. */
  metricsLag: duration.optional(),
  /** An inference START naming another targetModelVersion while inference runs: switches (`direct`) or is refused until STOP (`stopFirst`). */
  inferenceRestart: z.enum(['direct', 'stopFirst']).optional(),
  /** The folder of a run's objects under modelMetricsDestination: the execution id or `v<model version>`. */
  metricsKeyLayout: z.enum(['execution', 'version']).optional(),
  /** A training execution's executionEntityVersion: the trained model version, or absent (the version only in S3). */
  entityVersion: z.enum(['modelVersion', 'absent']).optional(),
  /** The order ListActions and ListExecutions list in: newest first, or oldest first. */
  listingOrder: z.enum(['newestFirst', 'oldestFirst']).optional(),
});
export type SiteWiseKnobSettings = z.input<typeof SiteWiseKnobsSchema>;
export type SiteWiseKnobs = Required<z.output<typeof SiteWiseKnobsSchema>>;

export const STRICT_SITEWISE_KNOBS: Readonly<SiteWiseKnobs> = Object.freeze({
  settle: 'PT5M',
  scheduledRunExecutions: 'hidden',
  metricsLag: 'PT30M',
  inferenceRestart: 'stopFirst',
  metricsKeyLayout: 'execution',
  entityVersion: 'absent',
  listingOrder: 'oldestFirst',
});

export const LENIENT_SITEWISE_KNOBS: Readonly<SiteWiseKnobs> = Object.freeze({
  settle: 'PT0S',
  scheduledRunExecutions: 'listed',
  metricsLag: 'PT0S',
  inferenceRestart: 'direct',
  metricsKeyLayout: 'version',
  entityVersion: 'modelVersion',
  listingOrder: 'newestFirst',
});

export const SITEWISE_KNOB_NAMES = Object.keys(STRICT_SITEWISE_KNOBS) as Array<keyof SiteWiseKnobs>;

export class SiteWiseKnobModeError extends Error {
  constructor(text: string) {
    super(`SITEWISE_EMULATOR_KNOBS must be strict, lenient or random:<integer seed>, not '${text}'`);
    this.name = 'SiteWiseKnobModeError';
  }
}

/** The knobs of a mode: every knob strict, every knob lenient, or each drawn from the seed. */
export function knobsOfMode(text: string | undefined): SiteWiseKnobs {
  const mode = (text ?? '').trim();
  if (mode === '' || mode === 'strict') return { ...STRICT_SITEWISE_KNOBS };
  if (mode === 'lenient') return { ...LENIENT_SITEWISE_KNOBS };
  const match = /^random:(-?\d+)$/.exec(mode);
  if (match?.[1] === undefined) throw new SiteWiseKnobModeError(mode);
  const seed = Number(match[1]);
  const pick = <K extends keyof SiteWiseKnobs>(knob: K): SiteWiseKnobs[K] =>
    noise('sitewise-knobs', seed, knob) < 0.5 ? STRICT_SITEWISE_KNOBS[knob] : LENIENT_SITEWISE_KNOBS[knob];
  return {
    settle: pick('settle'),
    scheduledRunExecutions: pick('scheduledRunExecutions'),
    metricsLag: pick('metricsLag'),
    inferenceRestart: pick('inferenceRestart'),
    metricsKeyLayout: pick('metricsKeyLayout'),
    entityVersion: pick('entityVersion'),
    listingOrder: pick('listingOrder'),
  };
}

const ENV_KNOBS = knobsOfMode(process.env.SITEWISE_EMULATOR_KNOBS);

/** Fixed knobs over the environment's mode. */
export function resolveSiteWiseKnobs(fixed: SiteWiseKnobSettings = {}): SiteWiseKnobs {
  const parsed = SiteWiseKnobsSchema.parse(fixed);
  return {
    ...ENV_KNOBS,
    ...Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)),
  };
}
