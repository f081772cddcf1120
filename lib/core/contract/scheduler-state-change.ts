// Retraining Scheduler State Change (DESIGN §3.1).
import * as z from 'zod/mini';
import { described, detailBaseShape, instant, nullable, openEnum } from './fields.js';
import { PROMOTE_MODES, SCHEDULER_STATUSES } from './names.js';

export const schedulerStateChangeDescription =
  'A retraining scheduler changed status (DELETED when it was removed).';

export const schedulerStateChangeDetail = z.strictObject({
  ...detailBaseShape,
  previousStatus: nullable(openEnum(SCHEDULER_STATUSES, 'The status before; null when first observed.')),
  status: openEnum(SCHEDULER_STATUSES, 'The status now.').check(z.minLength(1)),
  promoteMode: nullable(openEnum(PROMOTE_MODES, 'How a retrained version goes live.')),
  retrainingFrequency: described(nullable(z.string()), 'ISO-8601 duration between runs, e.g. P1M.'),
  lookbackWindow: described(nullable(z.string()), 'ISO-8601 duration of data each run trains on.'),
  retrainingStartDate: described(nullable(instant()), 'When the scheduler starts retraining.'),
  nextScheduledRetrainingStartDate: described(nullable(instant()), 'When the next run is due.'),
});
