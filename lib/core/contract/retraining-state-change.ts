// Scheduled Retraining State Change (DESIGN §3.2): one retraining run, identified by its version.
import * as z from 'zod/mini';
import { described, detailBaseShape, instant, nullable, openEnum, version } from './fields.js';
import { PROMOTE_MODES, RUN_STATUSES } from './names.js';

export const retrainingStateChangeDescription =
  'One retraining run (identified by its model version) changed status.';

export const retrainingStateChangeDetail = z.strictObject({
  ...detailBaseShape,
  modelVersion: described(version(), 'The version the run produces; it identifies the run.'),
  modelVersionArn: nullable(z.string()),
  previousStatus: nullable(
    openEnum(RUN_STATUSES, 'The status before; null when the run was not seen before.'),
  ),
  status: openEnum(RUN_STATUSES, 'The status now.').check(z.minLength(1)),
  startTime: described(nullable(instant()), 'When the run started.'),
  failedReason: described(nullable(z.string()), "L4E's reason when the run failed."),
  availableDataInDays: described(nullable(z.int()), 'Days of data the run had to train on.'),
  promoteMode: nullable(openEnum(PROMOTE_MODES, 'How a retrained version goes live.')),
});
