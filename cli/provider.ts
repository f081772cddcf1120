// Which provider a command works on: `--provider`, or the one its model argument names. An IoT SiteWise
// model is named by ids (`<computationModelId>` or `<computationModelId>/<assetId>`, both UUIDs) or by its
// ARN; anything else is a Lookout for Equipment model name or ARN. Pure.
import { lookoutModelNaming } from '../lib/adapters/lookout-naming.js';
import { siteWiseModelNaming } from '../lib/adapters/sitewise-naming.js';
import { PROVIDER_NAMES, type ProviderName } from '../lib/core/model.js';
import { UsageError } from './errors.js';
import { parseModelName } from './validate.js';

export const DEFAULT_PROVIDER: ProviderName = 'lookout-equipment';

export const PROVIDER_TITLES: Record<ProviderName, string> = {
  'lookout-equipment': 'Amazon Lookout for Equipment',
  'iot-sitewise': 'AWS IoT SiteWise anomaly detection',
};

export interface ModelArgument {
  provider: ProviderName;
  /** The model's name as its provider's adapter takes it. */
  name: string;
}

export function parseProvider(value: string): ProviderName {
  const found = PROVIDER_NAMES.find((name) => name === value.trim().toLowerCase());
  if (!found) {
    throw new UsageError(
      `--provider must be one of ${PROVIDER_NAMES.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return found;
}

/** The providers `PROVIDERS` enables (a comma list; default lookout-equipment), in the order given. */
export function enabledProviders(value: string | undefined): ProviderName[] {
  if (value === undefined || value.trim() === '') return [DEFAULT_PROVIDER];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(PROVIDER_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(
      `PROVIDERS must be a comma list of ${PROVIDER_NAMES.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return [...new Set(names as ProviderName[])];
}

/** The SiteWise model a SiteWise ARN or id names; null when the text names none. */
function siteWiseName(text: string): string | null {
  const lower = text.toLowerCase();
  if (siteWiseModelNaming.isModelName(lower)) return lower;
  return siteWiseModelNaming.modelNameOf(text);
}

function describeId(text: string): string {
  if (text.startsWith('arn:')) return 'an IoT SiteWise ARN';
  return text.includes('/') ? 'a computation model id and asset id' : 'a UUID';
}

/**
 * The provider and model a command's argument names. An explicit `--provider` wins where the argument can
 * name one of its models (an L4E model may be named like a UUID); where it cannot, the two contradict.
 */
export function parseModelArgument(text: string, explicit: ProviderName | undefined): ModelArgument {
  const value = text.trim();
  const sitewise = siteWiseName(value);
  const l4eFromArn = lookoutModelNaming.modelNameOf(value);
  if (explicit === 'iot-sitewise') {
    if (sitewise === null) {
      throw new UsageError(
        `--provider iot-sitewise contradicts ${JSON.stringify(value)}: an IoT SiteWise model is <computationModelId> or <computationModelId>/<assetId> (UUIDs), or its ARN`,
      );
    }
    return { provider: 'iot-sitewise', name: sitewise };
  }
  if (explicit === 'lookout-equipment') {
    if (l4eFromArn !== null) return { provider: explicit, name: l4eFromArn };
    if (lookoutModelNaming.isModelName(value)) return { provider: explicit, name: value };
    if (sitewise !== null) {
      throw new UsageError(
        `--provider lookout-equipment contradicts ${JSON.stringify(value)}, ${describeId(value)} of an IoT SiteWise model; drop --provider or pass --provider iot-sitewise`,
      );
    }
  }
  if (sitewise !== null) return { provider: 'iot-sitewise', name: sitewise };
  if (l4eFromArn !== null) return { provider: 'lookout-equipment', name: l4eFromArn };
  return { provider: 'lookout-equipment', name: parseModelName(value) };
}
