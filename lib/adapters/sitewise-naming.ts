// How the autopilot names IoT SiteWise models (docs/sitewise.md, "Identity"): `<computationModelId>` or
// `<computationModelId>/<assetId>`, and the computation model's ARN, or `<computationModelArn>/asset/<assetId>`
// for a model per asset. Pure; no call to SiteWise.
import type { ModelNaming } from '../ports.js';

/** A SiteWise id (API model shape `ID`): a lower-case UUID, never the nil one. */
const ID =
  '(?!00000000-0000-0000-0000-000000000000)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MODEL_NAME = new RegExp(`^(${ID})(?:/(${ID}))?$`);
const MODEL_ARN = new RegExp(
  `^arn:aws(?:-cn|-us-gov)?:iotsitewise:[a-z0-9-]+:\\d{12}:computation-model/(${ID})(?:/asset/(${ID}))?$`,
);

export interface SiteWiseModelRef {
  computationModelId: string;
  assetId: string | null;
}

/** The computation model and asset a model name names; null when it is not a SiteWise model name. */
export function parseSiteWiseModelName(name: string): SiteWiseModelRef | null {
  const match = MODEL_NAME.exec(name);
  if (match?.[1] === undefined) return null;
  return { computationModelId: match[1], assetId: match[2] ?? null };
}

export const siteWiseModelNaming: ModelNaming = {
  isModelName: (name) => MODEL_NAME.test(name),
  modelNameOf: (arn) => {
    const match = MODEL_ARN.exec(arn);
    if (match?.[1] === undefined) return null;
    return match[2] === undefined ? match[1] : `${match[1]}/${match[2]}`;
  },
};
