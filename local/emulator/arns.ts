// ARN formats of the service's resources (checked against the model's patterns by the conformance test).

export interface AccountScope {
  accountId: string;
  region: string;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function base(scope: AccountScope): string {
  return `arn:${partitionOf(scope.region)}:lookoutequipment:${scope.region}:${scope.accountId}`;
}

export const modelArn = (scope: AccountScope, name: string, uuid: string): string =>
  `${base(scope)}:model/${name}/${uuid}`;
export const datasetArn = (scope: AccountScope, name: string, uuid: string): string =>
  `${base(scope)}:dataset/${name}/${uuid}`;
export const inferenceSchedulerArn = (scope: AccountScope, name: string, uuid: string): string =>
  `${base(scope)}:inference-scheduler/${name}/${uuid}`;
export const modelVersionArn = (modelArnValue: string, version: number): string =>
  `${modelArnValue}/model-version/${version}`;

const VERSION_ARN =
  /^(arn:aws(?:-[^:]+)?:lookoutequipment:[a-zA-Z0-9-]*:[0-9]{12}:model\/([0-9a-zA-Z_-]{1,200})\/.+)\/model-version\/([0-9]+)$/;

export function parseModelVersionArn(
  arn: string,
): { modelArn: string; modelName: string; version: number } | undefined {
  const match = VERSION_ARN.exec(arn);
  if (match === null) return undefined;
  return { modelArn: match[1] as string, modelName: match[2] as string, version: Number(match[3]) };
}

/** KMS keys may be given as an id, alias or ARN; responses always carry the ARN form. */
export function kmsKeyArn(scope: AccountScope, keyIdOrArn: string): string {
  if (keyIdOrArn.startsWith('arn:')) return keyIdOrArn;
  const resource = keyIdOrArn.startsWith('alias/') ? keyIdOrArn : `key/${keyIdOrArn}`;
  return `arn:${partitionOf(scope.region)}:kms:${scope.region}:${scope.accountId}:${resource}`;
}

export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]*:\d{12}:[\w\-/]+$/;
