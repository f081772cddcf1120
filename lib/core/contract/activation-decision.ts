// Model Version Activation Decision (DESIGN §3.5): what apply-policy decided, with every check.
import * as z from 'zod/mini';
import { METRIC_NAMES } from '../metrics.js';
import { described, detailBaseShape, nullable, version } from './fields.js';
import { CHECK_RULES, DECISION_OUTCOMES } from './names.js';

export const activationDecisionDescription =
  'What apply-policy decided for a retrained version, with every check.';

export const checkSchema = z.strictObject({
  metric: z.enum([...METRIC_NAMES, 'modelQuality']),
  rule: z.enum(CHECK_RULES),
  threshold: described(
    z.union([z.number(), z.array(z.string())]),
    'A number, or for modelQuality the accepted values.',
  ),
  actual: described(nullable(z.union([z.number(), z.string()])), 'null when the metric is absent.'),
  passed: z.boolean(),
  note: described(
    z.optional(z.string()),
    'Why the check passed or failed when the numbers alone do not say (e.g. a metric is absent).',
  ),
});

export const policyRefSchema = z.strictObject({
  parameterName: described(nullable(z.string()), 'The SSM parameter the policy came from.'),
  version: described(nullable(z.int()), "The parameter's version."),
  mode: described(nullable(z.string()), 'enforce, dry-run or off.'),
});

export const activationDecisionDetail = z.strictObject({
  ...detailBaseShape,
  modelVersion: described(version(), 'The version decided on.'),
  modelVersionArn: nullable(z.string()),
  outcome: z.enum(DECISION_OUTCOMES),
  reasons: described(z.array(z.string()), 'Human sentences.'),
  checks: z.array(checkSchema),
  policy: policyRefSchema,
  previousActiveVersion: described(nullable(z.int()), 'The version active before the decision.'),
  activeVersion: described(nullable(z.int()), 'The version active after it.'),
  triggerEventId: described(
    nullable(z.string()),
    'The event that triggered the decision, when there was one.',
  ),
});
