// The building blocks every detail type shares: the base fields (DESIGN §3) and the field kinds.
import * as z from 'zod/mini';
import { PROVIDER_NAMES, SCHEMA_VERSION } from './names.js';

/** A field a reader is told about; the words land in the published JSON Schema. */
export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  return schema.check(z.describe(description));
}

/**
 * A provider enum: known values are listed for readers, any other string passes through unchanged
 * (a new value from L4E must never crash a consumer).
 */
export function openEnum(known: readonly string[], description: string) {
  return described(z.string(), `${description} Known values: ${known.join(', ')}; others pass through.`);
}

/** An ISO-8601 instant with its zone (`Z` or an offset), as JSON Schema's `date-time`. */
export const instant = () => z.iso.datetime({ offset: true });

export const version = () => z.int().check(z.minimum(1));

export const nullable = z.nullable;

const uuid = () =>
  z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/));

export const detailBaseShape = {
  schemaVersion: described(z.literal(SCHEMA_VERSION), 'Version of this contract.'),
  eventId: described(
    uuid(),
    'Deterministic: the same transition always has the same id, across retries and pollers.',
  ),
  provider: described(
    z.enum(PROVIDER_NAMES),
    'The service the model lives in: Amazon Lookout for Equipment or AWS IoT SiteWise anomaly detection.',
  ),
  modelName: described(
    z.string().check(z.minLength(1), z.maxLength(200)),
    'The model. For IoT SiteWise, the computation model id, or `<computationModelId>/<assetId>` for a model per asset.',
  ),
  modelArn: described(
    z.string().check(z.regex(/^arn:aws[a-z-]*:(lookoutequipment|iotsitewise):/)),
    "The model's ARN. For an IoT SiteWise model per asset, `<computationModelArn>/asset/<assetId>`.",
  ),
  computationModelId: described(
    z.optional(uuid()),
    'IoT SiteWise only: the anomaly-detection computation model.',
  ),
  assetId: described(
    z.optional(uuid()),
    'IoT SiteWise only, for a model bound at asset-model level (one model per asset): the asset.',
  ),
  account: described(z.string().check(z.regex(/^[0-9]{12}$/)), 'The account the model lives in.'),
  region: described(z.string().check(z.minLength(1)), 'The region the model lives in.'),
  observedAt: described(instant(), 'When the change was observed (UTC).'),
  trimmed: described(
    z.optional(z.array(z.string())),
    "Fields shortened to fit EventBridge's size limit; absent when nothing was trimmed.",
  ),
};
