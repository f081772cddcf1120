// Ambiguity knobs: the points where the L4E documentation is silent, each with a strict value (the less
// optimistic answer a client must survive) and a lenient one (the answer that makes clients look good).
// A scenario may fix any knob for the whole account or for one model; a knob it leaves open comes from
// L4E_EMULATOR_KNOBS (`strict`, `lenient` or `random:<seed>`), read once when this module loads.

import { z } from 'zod';
import { parseDuration } from './durations.js';
import { noise } from './random.js';

function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}
const duration = z.string().refine(isDuration, 'must be an ISO-8601 duration such as PT0S or PT1H');

export const KnobsSchema = z.strictObject({
  /** AutoPromotionResult, its reason and a MANAGED activation follow the version's SUCCESS by this long. */
  promotionResultLag: duration.optional(),
  /** A version created by a retraining run is NotFound to DescribeModelVersion for this long. */
  readAfterWriteLag: duration.optional(),
  /** StartRetrainingScheduler answers PENDING; the scheduler turns RUNNING this long later. */
  startSettle: duration.optional(),
  /** A Stop while a run is in progress cancels the run (CANCELED, RETRAINING_CANCELLED). */
  cancelOnStop: z.boolean().optional(),
  /** A start date of today: run on the day the scheduler starts (`today`) or one period later. */
  startDateToday: z.enum(['today', 'nextPeriod']).optional(),
  /** List filter bounds (CreatedAt*, Min/MaxModelVersion, DataStartTimeAfter/DataEndTimeBefore). */
  listFilterBounds: z.enum(['inclusive', 'exclusive']).optional(),
});
export type KnobSettings = z.input<typeof KnobsSchema>;
export type KnobName = keyof KnobSettings;

export interface Knobs {
  promotionResultLag: string;
  readAfterWriteLag: string;
  startSettle: string;
  cancelOnStop: boolean;
  startDateToday: 'today' | 'nextPeriod';
  listFilterBounds: 'inclusive' | 'exclusive';
}

/** The less optimistic answers: what the product must survive. The defaults. */
export const STRICT_KNOBS: Readonly<Knobs> = Object.freeze({
  promotionResultLag: 'PT2H',
  readAfterWriteLag: 'PT10M',
  startSettle: 'PT15M',
  cancelOnStop: true,
  startDateToday: 'today',
  listFilterBounds: 'exclusive',
});

/** The optimistic answers the emulator used to give. */
export const LENIENT_KNOBS: Readonly<Knobs> = Object.freeze({
  promotionResultLag: 'PT0S',
  readAfterWriteLag: 'PT0S',
  startSettle: 'PT0S',
  cancelOnStop: false,
  startDateToday: 'nextPeriod',
  listFilterBounds: 'inclusive',
});

export const KNOB_NAMES = Object.keys(STRICT_KNOBS) as Array<keyof Knobs>;

export type KnobMode = { kind: 'strict' } | { kind: 'lenient' } | { kind: 'random'; seed: number };

export class KnobModeError extends Error {
  constructor(text: string) {
    super(`L4E_EMULATOR_KNOBS must be strict, lenient or random:<integer seed>, not '${text}'`);
    this.name = 'KnobModeError';
  }
}

export function parseKnobMode(text: string | undefined): KnobMode {
  const value = (text ?? '').trim();
  if (value === '' || value === 'strict') return { kind: 'strict' };
  if (value === 'lenient') return { kind: 'lenient' };
  const match = /^random:(-?\d+)$/.exec(value);
  if (match?.[1] !== undefined) return { kind: 'random', seed: Number(match[1]) };
  throw new KnobModeError(value);
}

/** Each knob of one model drawn at random between its strict and lenient value, from the seed and name. */
export function drawKnobs(seed: number, modelName: string): Knobs {
  const pick = <K extends keyof Knobs>(knob: K): Knobs[K] =>
    noise('knobs', seed, modelName, knob) < 0.5 ? STRICT_KNOBS[knob] : LENIENT_KNOBS[knob];
  return {
    promotionResultLag: pick('promotionResultLag'),
    readAfterWriteLag: pick('readAfterWriteLag'),
    startSettle: pick('startSettle'),
    cancelOnStop: pick('cancelOnStop'),
    startDateToday: pick('startDateToday'),
    listFilterBounds: pick('listFilterBounds'),
  };
}

export function knobsOfMode(mode: KnobMode, modelName: string): Knobs {
  if (mode.kind === 'strict') return { ...STRICT_KNOBS };
  if (mode.kind === 'lenient') return { ...LENIENT_KNOBS };
  return drawKnobs(mode.seed, modelName);
}

const ENV_MODE = parseKnobMode(process.env.L4E_EMULATOR_KNOBS);

/** The mode L4E_EMULATOR_KNOBS asked for (strict when unset). */
export function environmentKnobMode(): KnobMode {
  return ENV_MODE;
}

export function formatKnobMode(mode: KnobMode): string {
  return mode.kind === 'random' ? `random:${mode.seed}` : mode.kind;
}
const printed = new Set<string>();

/** A draw in lines that fit 80 columns (runners check their output's width). */
export function formatDraw(seed: number, modelName: string, knobs: Knobs): string {
  const pairs = KNOB_NAMES.map((knob) => `${knob} ${String(knobs[knob])}`);
  return [
    `l4e-emulator knobs (L4E_EMULATOR_KNOBS=random:${seed}) for ${modelName}:`,
    `  ${pairs.slice(0, 3).join(' · ')}`,
    `  ${pairs.slice(3).join(' · ')}`,
    '',
  ].join('\n');
}

/** The process-wide mode; a random draw is printed once per model name so a failing run can be replayed. */
export function environmentKnobs(modelName: string): Knobs {
  const knobs = knobsOfMode(ENV_MODE, modelName);
  if (ENV_MODE.kind === 'random' && !printed.has(modelName)) {
    printed.add(modelName);
    process.stderr.write(formatDraw(ENV_MODE.seed, modelName, knobs));
  }
  return knobs;
}

/** Layers: the model's own settings, then the scenario's, then the environment's mode. */
export function resolveKnobs(
  modelName: string,
  scenario: KnobSettings | undefined,
  model: KnobSettings | undefined,
  fallback: (modelName: string) => Knobs = environmentKnobs,
): Knobs {
  const fixed = { ...(scenario ?? {}), ...(model ?? {}) };
  const open = KNOB_NAMES.some((knob) => fixed[knob] === undefined);
  const base = open ? fallback(modelName) : STRICT_KNOBS;
  return {
    promotionResultLag: fixed.promotionResultLag ?? base.promotionResultLag,
    readAfterWriteLag: fixed.readAfterWriteLag ?? base.readAfterWriteLag,
    startSettle: fixed.startSettle ?? base.startSettle,
    cancelOnStop: fixed.cancelOnStop ?? base.cancelOnStop,
    startDateToday: fixed.startDateToday ?? base.startDateToday,
    listFilterBounds: fixed.listFilterBounds ?? base.listFilterBounds,
  };
}
