// Active Model Version Change (DESIGN §3.4): the version a model uses for inference changed.
import * as z from 'zod/mini';
import { described, detailBaseShape, instant, nullable } from './fields.js';
import { ACTIVATION_CAUSES } from './names.js';

export const activeVersionChangeDescription =
  'The version a model uses for inference changed (activeVersion null: the model was deleted).';

export const activeVersionChangeDetail = z.strictObject({
  ...detailBaseShape,
  previousActiveVersion: described(nullable(z.int()), 'The version active before; null when none was.'),
  activeVersion: described(nullable(z.int()), 'The version active now; null when the model disappeared.'),
  activeVersionArn: nullable(z.string()),
  activatedAt: described(nullable(instant()), 'When the version became active.'),
  cause: described(
    z.enum(ACTIVATION_CAUSES),
    'Who made it active: L4E (MANAGED_PROMOTION), apply-policy (AUTOPILOT_POLICY) or anyone else (EXTERNAL).',
  ),
});
