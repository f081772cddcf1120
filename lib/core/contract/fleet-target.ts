// Fleet Target Unreachable and Fleet Target Recovered: a watched account and region whose cycles keep
// failing (role assumption refused, throttling, a region outage), and its first good cycle after that.
// They speak of a target, not of a model, so they carry no model or provider fields: every provider of
// the target is watched by the same cycle, and the same outage stops all of them.
import * as z from 'zod/mini';
import { described, detailBaseShape, instant } from './fields.js';

/** The longest `lastError` an event carries: the first words of the error, with secrets removed. */
export const MAX_TARGET_ERROR_LENGTH = 300;

export const targetUnreachableDescription =
  'A watched account and region failed its watch cycles alarmAfter times in a row (once per outage).';
export const targetRecoveredDescription =
  'The first successful watch cycle of a target after its Fleet Target Unreachable.';

const targetShape = {
  schemaVersion: detailBaseShape.schemaVersion,
  eventId: described(
    detailBaseShape.eventId,
    'Deterministic: the target and the start of the outage, so every replay of it has the same id.',
  ),
  target: described(
    z.string().check(z.regex(/^[0-9]{12}\/[a-z0-9-]+$/)),
    'The target, as `<account>/<region>`.',
  ),
  account: described(z.string().check(z.regex(/^[0-9]{12}$/)), "The target's account."),
  region: described(z.string().check(z.minLength(1)), "The target's region."),
  observedAt: detailBaseShape.observedAt,
  since: described(instant(), 'When the first failed cycle of this outage ran (UTC).'),
  consecutiveFailures: described(
    z.int().check(z.minimum(1)),
    'Failed cycles in a row, up to this event (Recovered: the whole outage).',
  ),
  lastError: described(
    z.nullable(z.string().check(z.maxLength(MAX_TARGET_ERROR_LENGTH))),
    `The last failure, shortened to at most ${MAX_TARGET_ERROR_LENGTH} characters, with anything that looks like a credential, an external id or a URL query removed.`,
  ),
  trimmed: detailBaseShape.trimmed,
};

export const targetUnreachableDetail = z.strictObject({ ...targetShape });

export const targetRecoveredDetail = z.strictObject({
  ...targetShape,
  unreachableForMinutes: described(
    z.int().check(z.minimum(0)),
    'Whole minutes from `since` to the successful cycle (`observedAt`).',
  ),
});
