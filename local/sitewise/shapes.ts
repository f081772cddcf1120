// The emulated operations as the API model (iotsitewise 2019-12-02, rest-json) declares them: method, URI,
// success status, which members travel in the path or the query string, and the request shapes with their
// required members, lengths, patterns, enums and ranges. Written from the model, never copied from it; a
// test compares this table with the model.

import type { IntegerShape, Shape, StringShape, StructureShape } from './validation.js';

const ID_PATTERN =
  '^(?!00000000-0000-0000-0000-000000000000)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const EXTERNAL_ID_PATTERN = '[a-zA-Z0-9_][a-zA-Z_\\-0-9.:]*[a-zA-Z0-9_]+';
const NAME_PATTERN = '[^\\u0000-\\u001F\\u007F]+';
const RESTRICTED_PATTERN = '^[a-zA-Z0-9 _\\-#$*!@]+$';
const VARIABLE_PATTERN = '^[a-z][a-z0-9_]*$';

export const ID: StringShape = { kind: 'string', min: 36, max: 36, pattern: ID_PATTERN };
const customId: StringShape = {
  kind: 'string',
  min: 13,
  max: 139,
  pattern: `${ID_PATTERN}|^externalId:${EXTERNAL_ID_PATTERN}`,
};
const externalId: StringShape = { kind: 'string', min: 2, max: 128, pattern: EXTERNAL_ID_PATTERN };
const name: StringShape = { kind: 'string', min: 1, max: 256, pattern: NAME_PATTERN };
const description: StringShape = { kind: 'string', min: 1, max: 2048, pattern: NAME_PATTERN };
const restrictedName: StringShape = { kind: 'string', min: 1, max: 256, pattern: RESTRICTED_PATTERN };
const restrictedDescription: StringShape = { kind: 'string', min: 1, max: 2048, pattern: RESTRICTED_PATTERN };
const clientToken: StringShape = { kind: 'string', min: 36, max: 64, pattern: '\\S{36,64}' };
const nextToken: StringShape = { kind: 'string', min: 1, max: 4096, pattern: '[A-Za-z0-9+/=]+' };
const maxResults: IntegerShape = { kind: 'integer', min: 1, max: 250 };
const enumOf = (values: readonly string[]): StringShape => ({ kind: 'string', enum: values });
const struct = (members: () => Record<string, Shape>, required: readonly string[] = []): StructureShape => ({
  kind: 'structure',
  members,
  required,
});
const tags: Shape = {
  kind: 'map',
  min: 1,
  max: 50,
  key: { kind: 'string', min: 1, max: 128 },
  value: { kind: 'string', min: 0, max: 256 },
};

export const TARGET_RESOURCE_TYPES = ['ASSET', 'COMPUTATION_MODEL'] as const;
export const EXECUTION_STATES = ['RUNNING', 'COMPLETED', 'FAILED'] as const;
export const COMPUTATION_MODEL_STATES = ['CREATING', 'ACTIVE', 'UPDATING', 'DELETING', 'FAILED'] as const;
const targetResourceType = enumOf(TARGET_RESOURCE_TYPES);
const resolveToResourceType = enumOf(['ASSET']);
const actionType: StringShape = name;

const assetModelPropertyBinding = struct(
  () => ({ assetModelId: ID, propertyId: ID }),
  ['assetModelId', 'propertyId'],
);
const assetPropertyBinding = struct(() => ({ assetId: ID, propertyId: ID }), ['assetId', 'propertyId']);
const bindingValue: StructureShape = struct(() => ({
  assetModelProperty: assetModelPropertyBinding,
  assetProperty: assetPropertyBinding,
  list: { kind: 'list', member: bindingValue },
}));
const dataBinding: Shape = {
  kind: 'map',
  key: { kind: 'string', min: 1, max: 64, pattern: VARIABLE_PATTERN },
  value: bindingValue,
};
const variableReference: StringShape = {
  kind: 'string',
  min: 4,
  max: 67,
  pattern: '^\\$\\{[a-z][a-z0-9_]*\\}',
};
const configuration = struct(() => ({
  anomalyDetection: struct(
    () => ({ inputProperties: variableReference, resultProperty: variableReference }),
    ['inputProperties', 'resultProperty'],
  ),
}));
const computationModelMembers = (): Record<string, Shape> => ({
  computationModelName: restrictedName,
  computationModelDescription: restrictedDescription,
  computationModelConfiguration: configuration,
  computationModelDataBinding: dataBinding,
  clientToken,
});
const COMPUTATION_MODEL_REQUIRED = [
  'computationModelName',
  'computationModelConfiguration',
  'computationModelDataBinding',
];

const forwardingConfig = struct(() => ({ state: enumOf(['DISABLED', 'ENABLED']) }), ['state']);
const propertyType = struct(() => ({
  attribute: struct(() => ({ defaultValue: { kind: 'string', pattern: NAME_PATTERN } })),
  measurement: struct(() => ({
    processingConfig: struct(() => ({ forwardingConfig }), ['forwardingConfig']),
  })),
}));
const propertyDefinition = struct(
  () => ({
    id: ID,
    externalId,
    name,
    dataType: enumOf(['STRING', 'INTEGER', 'DOUBLE', 'BOOLEAN', 'STRUCT']),
    dataTypeSpec: name,
    unit: name,
    type: propertyType,
  }),
  ['name', 'dataType', 'type'],
);

export interface Route {
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The requestUri, with {member} labels. */
  uri: string;
  status: 200 | 202;
  /** Members bound to the query string (the model names each after its member). */
  query?: readonly string[];
  input: StructureShape;
}

const PAGE = ['nextToken', 'maxResults'] as const;
const RESOLVE_TO = ['resolveToResourceType', 'resolveToResourceId'] as const;
const TARGET = ['targetResourceType', 'targetResourceId'] as const;
const resolveTo = struct(() => ({ assetId: ID }), ['assetId']);
const targetResource = struct(() => ({ assetId: ID, computationModelId: ID }));

export const ROUTES: readonly Route[] = [
  {
    operation: 'CreateComputationModel',
    method: 'POST',
    uri: '/computation-models',
    status: 202,
    input: struct(() => ({ ...computationModelMembers(), tags }), COMPUTATION_MODEL_REQUIRED),
  },
  {
    operation: 'DescribeComputationModel',
    method: 'GET',
    uri: '/computation-models/{computationModelId}',
    status: 200,
    query: ['computationModelVersion'],
    input: struct(
      () => ({
        computationModelId: ID,
        computationModelVersion: { kind: 'string', pattern: '^(LATEST|ACTIVE|[1-9]{1}\\d{0,9})$' },
      }),
      ['computationModelId'],
    ),
  },
  {
    operation: 'ListComputationModels',
    method: 'GET',
    uri: '/computation-models',
    status: 200,
    query: ['computationModelType', ...PAGE],
    input: struct(() => ({ computationModelType: enumOf(['ANOMALY_DETECTION']), nextToken, maxResults })),
  },
  {
    operation: 'UpdateComputationModel',
    method: 'POST',
    uri: '/computation-models/{computationModelId}',
    status: 202,
    input: struct(
      () => ({ computationModelId: ID, ...computationModelMembers() }),
      ['computationModelId', ...COMPUTATION_MODEL_REQUIRED],
    ),
  },
  {
    operation: 'DeleteComputationModel',
    method: 'DELETE',
    uri: '/computation-models/{computationModelId}',
    status: 202,
    query: ['clientToken'],
    input: struct(() => ({ computationModelId: ID, clientToken }), ['computationModelId']),
  },
  {
    operation: 'ListComputationModelResolveToResources',
    method: 'GET',
    uri: '/computation-models/{computationModelId}/resolve-to-resources',
    status: 200,
    query: PAGE,
    input: struct(() => ({ computationModelId: ID, nextToken, maxResults }), ['computationModelId']),
  },
  {
    operation: 'DescribeComputationModelExecutionSummary',
    method: 'GET',
    uri: '/computation-models/{computationModelId}/execution-summary',
    status: 200,
    query: RESOLVE_TO,
    input: struct(
      () => ({ computationModelId: ID, resolveToResourceType, resolveToResourceId: ID }),
      ['computationModelId'],
    ),
  },
  {
    operation: 'ExecuteAction',
    method: 'POST',
    uri: '/actions',
    status: 202,
    input: struct(
      () => ({
        targetResource,
        actionDefinitionId: ID,
        actionPayload: struct(
          () => ({ stringValue: { kind: 'string', pattern: '[^\\u0000-\\u001F\\u007F]+' } }),
          ['stringValue'],
        ),
        clientToken,
        resolveTo,
      }),
      ['targetResource', 'actionDefinitionId', 'actionPayload'],
    ),
  },
  {
    operation: 'ListActions',
    method: 'GET',
    uri: '/actions',
    status: 200,
    query: [...TARGET, ...PAGE, ...RESOLVE_TO],
    input: struct(
      () => ({
        targetResourceType,
        targetResourceId: ID,
        nextToken,
        maxResults,
        resolveToResourceType,
        resolveToResourceId: ID,
      }),
      TARGET,
    ),
  },
  {
    operation: 'DescribeAction',
    method: 'GET',
    uri: '/actions/{actionId}',
    status: 200,
    input: struct(() => ({ actionId: ID }), ['actionId']),
  },
  {
    operation: 'ListExecutions',
    method: 'GET',
    uri: '/executions',
    status: 200,
    query: [...TARGET, ...RESOLVE_TO, ...PAGE, 'actionType'],
    input: struct(
      () => ({
        targetResourceType,
        targetResourceId: ID,
        resolveToResourceType,
        resolveToResourceId: ID,
        nextToken,
        maxResults,
        actionType,
      }),
      TARGET,
    ),
  },
  {
    operation: 'DescribeExecution',
    method: 'GET',
    uri: '/executions/{executionId}',
    status: 200,
    input: struct(() => ({ executionId: ID }), ['executionId']),
  },
  {
    operation: 'CreateAssetModel',
    method: 'POST',
    uri: '/asset-models',
    status: 202,
    input: struct(
      () => ({
        assetModelName: name,
        assetModelType: enumOf(['ASSET_MODEL', 'COMPONENT_MODEL', 'INTERFACE']),
        assetModelId: ID,
        assetModelExternalId: externalId,
        assetModelDescription: description,
        assetModelProperties: { kind: 'list', member: propertyDefinition },
        clientToken,
        tags,
      }),
      ['assetModelName'],
    ),
  },
  {
    operation: 'DescribeAssetModel',
    method: 'GET',
    uri: '/asset-models/{assetModelId}',
    status: 200,
    query: ['excludeProperties', 'assetModelVersion'],
    input: struct(
      () => ({
        assetModelId: customId,
        excludeProperties: { kind: 'boolean' },
        assetModelVersion: { kind: 'string', pattern: '^(LATEST|ACTIVE)$' },
      }),
      ['assetModelId'],
    ),
  },
  {
    operation: 'CreateAsset',
    method: 'POST',
    uri: '/assets',
    status: 202,
    input: struct(
      () => ({
        assetName: name,
        assetModelId: customId,
        assetId: ID,
        assetExternalId: externalId,
        clientToken,
        tags,
        assetDescription: description,
      }),
      ['assetName', 'assetModelId'],
    ),
  },
  {
    operation: 'DescribeAsset',
    method: 'GET',
    uri: '/assets/{assetId}',
    status: 200,
    query: ['excludeProperties'],
    input: struct(() => ({ assetId: customId, excludeProperties: { kind: 'boolean' } }), ['assetId']),
  },
  {
    operation: 'ListAssets',
    method: 'GET',
    uri: '/assets',
    status: 200,
    query: [...PAGE, 'assetModelId', 'filter'],
    input: struct(() => ({
      nextToken,
      maxResults,
      assetModelId: customId,
      filter: enumOf(['ALL', 'TOP_LEVEL']),
    })),
  },
];

export type OperationName = (typeof ROUTES)[number]['operation'];
