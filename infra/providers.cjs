'use strict';
// Which model services the stack watches (the `providers` stage parameter) and where IoT SiteWise writes
// model metrics (`sitewiseMetricsBuckets`), checked at package time, and what follows from them here: the
// PROVIDERS variable of every function and the state-table partitions poll-models keeps its snapshots in
// (each role's provider statements are infra/provider-policies.cjs's).
// Used from serverless.yml as `${file(./infra/providers.cjs):<setting>}`.
const { PackagingError, reportingPackagingErrors } = require('./packaging-error.cjs');

/** Provider names, in the order PROVIDERS lists them. */
const PROVIDERS = ['lookout-equipment', 'iot-sitewise'];
const PROVIDERS_RULE = `${PROVIDERS.join(', ')} or both, comma separated`;

/** Each provider's watch partition of the state table (L4E keeps the one it always had). */
const WATCH_PARTITIONS = { 'lookout-equipment': 'WATCH', 'iot-sitewise': 'WATCH#iot-sitewise' };

// S3 bucket names: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a
// letter or digit. A prefix keeps to S3's safe key characters, so it cannot widen the grant (no `*` or
// `?`) nor be read as a CloudFormation placeholder (no `${`).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9!_.'()=/-]+$/;
const BUCKETS_RULE =
  'one or more bucket/prefix, comma separated, as in the modelMetricsDestination of the training action';

/** `lookout-equipment`, `iot-sitewise` or both (comma separated, any order) → the names, in PROVIDERS order. */
function parseProviders(value) {
  const text = typeof value === 'string' ? value : '';
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !PROVIDERS.includes(name));
  if (text.trim() === '' || unknown.length > 0) {
    throw new PackagingError(`providers must be ${PROVIDERS_RULE}, got ${JSON.stringify(value)}`);
  }
  return PROVIDERS.filter((name) => names.includes(name));
}

function parseBucket(entry) {
  const slash = entry.indexOf('/');
  const bucket = slash < 0 ? entry : entry.slice(0, slash);
  const prefix = slash < 0 ? '' : entry.slice(slash + 1);
  if (!BUCKET.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    return { problem: `${JSON.stringify(bucket)} is not an S3 bucket name` };
  }
  // A whole bucket would let every reader fetch everything in it.
  if (prefix === '') return { problem: `${JSON.stringify(entry)} names no prefix in ${bucket}` };
  if (!PREFIX.test(prefix)) {
    return {
      problem: `the prefix ${JSON.stringify(prefix)} may hold only letters, digits and ! _ . ' ( ) = / -`,
    };
  }
  return { bucket, prefix };
}

/**
 * Where SiteWise writes model metrics: required with iot-sitewise, refused without it (a setting that
 * would do nothing is a mistake in the other one).
 */
function parseMetricsBuckets(value, providers) {
  const text = typeof value === 'string' ? value.trim() : '';
  const sitewise = providers.includes('iot-sitewise');
  if (!sitewise) {
    if (text === '') return [];
    throw new PackagingError(
      `sitewiseMetricsBuckets is for iot-sitewise, which providers (${providers.join(',')}) does not include; add iot-sitewise to providers or leave sitewiseMetricsBuckets out`,
    );
  }
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new PackagingError(
      `sitewiseMetricsBuckets is required with iot-sitewise: ${BUCKETS_RULE}, got ${JSON.stringify(value ?? '')}`,
    );
  }
  const parsed = entries.map(parseBucket);
  const problem = parsed.find((entry) => entry.problem !== undefined)?.problem;
  if (problem !== undefined) {
    throw new PackagingError(`sitewiseMetricsBuckets must be ${BUCKETS_RULE}: ${problem}`);
  }
  const unique = new Map(parsed.map((entry) => [`${entry.bucket}/${entry.prefix}`, entry]));
  return [...unique.values()];
}

/** Both stage parameters, checked together. */
function providerSettings(providersValue, bucketsValue) {
  const providers = parseProviders(providersValue);
  return { providers, buckets: parseMetricsBuckets(bucketsValue, providers) };
}

/** The stage parameters as serverless.yml reads them. */
async function readProviderSettings({ resolveVariable }) {
  return providerSettings(
    await resolveVariable('param:providers'),
    await resolveVariable('param:sitewiseMetricsBuckets'),
  );
}

async function resolveProviders(context) {
  const { providers } = await readProviderSettings(context);
  return {
    /** The PROVIDERS variable of every function. */
    providers: providers.join(','),
    /** The partition keys poll-models may use for its snapshots and outbox. */
    watchPartitions: providers.map((name) => WATCH_PARTITIONS[name]),
  };
}

module.exports = reportingPackagingErrors(resolveProviders);
Object.assign(module.exports, {
  PROVIDERS,
  WATCH_PARTITIONS,
  parseProviders,
  parseMetricsBuckets,
  providerSettings,
  readProviderSettings,
});
