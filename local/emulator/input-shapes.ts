// Request shapes of the emulated operations, written from the service model (service-2.json,
// API version 2020-12-15): members, required lists, lengths, patterns, enums and ranges.

import type {
  ListShape,
  NumberShape,
  Shape,
  StringShape,
  StructureShape,
  TimestampShape,
} from './validation.js';

const NAME_PATTERN = '^[0-9a-zA-Z_-]{1,200}$';
const name: StringShape = { kind: 'string', min: 1, max: 200, pattern: NAME_PATTERN };
const timestamp: TimestampShape = { kind: 'timestamp' };
const modelVersion: NumberShape = { kind: 'long', min: 1 };
const maxResults: NumberShape = { kind: 'integer', min: 1, max: 500 };
const nextToken: StringShape = { kind: 'string', max: 8192, pattern: '\\p{ASCII}{0,8192}' };
const clientToken: StringShape = { kind: 'string', min: 1, max: 256, pattern: '\\p{ASCII}{1,256}' };
const nameOrArn: StringShape = {
  kind: 'string',
  min: 1,
  max: 2048,
  pattern: '^[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,2048}$',
};
const roleArn: StringShape = {
  kind: 'string',
  min: 20,
  max: 2048,
  pattern: 'arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+',
};
const s3Bucket: StringShape = {
  kind: 'string',
  min: 3,
  max: 63,
  pattern: '^[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9]$',
};
const s3Prefix: StringShape = {
  kind: 'string',
  min: 0,
  max: 1024,
  pattern: '(^$)|([\\u0009\\u000A\\u000D\\u0020-\\u00FF]{1,1023}/$)',
};
export const MODEL_VERSION_STATUSES = [
  'IN_PROGRESS',
  'SUCCESS',
  'FAILED',
  'IMPORT_IN_PROGRESS',
  'CANCELED',
] as const;
export const MODEL_STATUSES = ['IN_PROGRESS', 'SUCCESS', 'FAILED', 'IMPORT_IN_PROGRESS'] as const;
export const SCHEDULER_STATUSES = ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED'] as const;
export const PROMOTE_MODES = ['MANAGED', 'MANUAL'] as const;
export const SOURCE_TYPES = ['TRAINING', 'RETRAINING', 'IMPORT'] as const;
export const DATA_UPLOAD_FREQUENCIES = ['PT5M', 'PT10M', 'PT15M', 'PT30M', 'PT1H'] as const;
export const INFERENCE_EXECUTION_STATUSES = ['IN_PROGRESS', 'SUCCESS', 'FAILED'] as const;
export const IMPORT_STRATEGIES = ['NO_IMPORT', 'ADD_WHEN_EMPTY', 'OVERWRITE'] as const;
export const TARGET_SAMPLING_RATES = [
  'PT1S',
  'PT5S',
  'PT10S',
  'PT15S',
  'PT30S',
  'PT1M',
  'PT5M',
  'PT10M',
  'PT15M',
  'PT30M',
  'PT1H',
] as const;
export const LOOKBACK_PATTERN = '^P180D$|^P360D$|^P540D$|^P720D$';
export const RETRAINING_FREQUENCY_PATTERN = '^P(\\dY)?(\\d{1,2}M)?(\\d{1,3}D)?$';

const enumOf = (values: readonly string[]): StringShape => ({ kind: 'string', enum: values });
const struct = (members: Record<string, Shape>, required: readonly string[] = []): StructureShape => ({
  kind: 'structure',
  members,
  required,
});

export const TAG_KEY: StringShape = {
  kind: 'string',
  min: 1,
  max: 128,
  pattern: '^(?!aws:)[a-zA-Z+-=._:/]+$',
};
const tagValue: StringShape = { kind: 'string', min: 0, max: 256, pattern: '[\\s\\w+-=\\.:/@]*' };
const tagList: ListShape = {
  kind: 'list',
  min: 0,
  max: 200,
  member: struct({ Key: TAG_KEY, Value: tagValue }, ['Key', 'Value']),
};
const datasetSchema = struct({ InlineDataSchema: { kind: 'string', min: 1, max: 1_000_000 } });
const labelsInput = struct({
  S3InputConfiguration: struct({ Bucket: s3Bucket, Prefix: s3Prefix }, ['Bucket']),
  LabelGroupName: name,
});
const diagnosticsOutput = struct(
  { S3OutputConfiguration: struct({ Bucket: s3Bucket, Prefix: s3Prefix }, ['Bucket']), KmsKeyId: nameOrArn },
  ['S3OutputConfiguration'],
);
const retrainingFrequency: StringShape = {
  kind: 'string',
  min: 1,
  max: 10,
  pattern: RETRAINING_FREQUENCY_PATTERN,
};
const lookbackWindow: StringShape = { kind: 'string', pattern: LOOKBACK_PATTERN };
const inferenceInput = struct({
  S3InputConfiguration: struct({ Bucket: s3Bucket, Prefix: s3Prefix }, ['Bucket']),
  InputTimeZoneOffset: { kind: 'string', pattern: '^(\\+|\\-)[0-9]{2}\\:[0-9]{2}$' },
  InferenceInputNameConfiguration: struct({
    TimestampFormat: { kind: 'string', pattern: '^EPOCH|yyyy-MM-dd-HH-mm-ss|yyyyMMddHHmmss$' },
    ComponentTimestampDelimiter: { kind: 'string', min: 0, max: 1, pattern: '^(\\-|\\_|\\s)?$' },
  }),
});
const inferenceOutput = struct(
  { S3OutputConfiguration: struct({ Bucket: s3Bucket, Prefix: s3Prefix }, ['Bucket']), KmsKeyId: nameOrArn },
  ['S3OutputConfiguration'],
);
const dataDelayOffset: NumberShape = { kind: 'long', min: 0, max: 60 };
const modelNameOnly = struct({ ModelName: name }, ['ModelName']);
const schedulerNameOnly = struct({ InferenceSchedulerName: name }, ['InferenceSchedulerName']);
const resourceArn: StringShape = { kind: 'string', min: 1, max: 1011 };
const modelVersionArn: StringShape = {
  kind: 'string',
  min: 20,
  max: 2048,
  pattern:
    '^arn:aws(-[^:]+)?:lookoutequipment:[a-zA-Z0-9\\-]*:[0-9]{12}:model\\/[0-9a-zA-Z_-]{1,200}\\/.+\\/model-version\\/[0-9]{1,}$',
};

export const INPUT_SHAPES: Readonly<Record<string, StructureShape>> = {
  CreateDataset: struct(
    {
      DatasetName: name,
      DatasetSchema: datasetSchema,
      ServerSideKmsKeyId: nameOrArn,
      ClientToken: clientToken,
      Tags: tagList,
    },
    ['DatasetName', 'ClientToken'],
  ),
  DescribeDataset: struct({ DatasetName: name }, ['DatasetName']),
  DeleteDataset: struct({ DatasetName: name }, ['DatasetName']),
  ListDatasets: struct({ NextToken: nextToken, MaxResults: maxResults, DatasetNameBeginsWith: name }),
  CreateModel: struct(
    {
      ModelName: name,
      DatasetName: name,
      DatasetSchema: datasetSchema,
      LabelsInputConfiguration: labelsInput,
      ClientToken: clientToken,
      TrainingDataStartTime: timestamp,
      TrainingDataEndTime: timestamp,
      EvaluationDataStartTime: timestamp,
      EvaluationDataEndTime: timestamp,
      RoleArn: roleArn,
      DataPreProcessingConfiguration: struct({ TargetSamplingRate: enumOf(TARGET_SAMPLING_RATES) }),
      ServerSideKmsKeyId: nameOrArn,
      Tags: tagList,
      OffCondition: { kind: 'string', min: 1, max: 2048 },
      ModelDiagnosticsOutputConfiguration: diagnosticsOutput,
    },
    ['ModelName', 'DatasetName', 'ClientToken'],
  ),
  DescribeModel: modelNameOnly,
  DeleteModel: modelNameOnly,
  UpdateModel: struct(
    {
      ModelName: name,
      LabelsInputConfiguration: labelsInput,
      RoleArn: roleArn,
      ModelDiagnosticsOutputConfiguration: diagnosticsOutput,
    },
    ['ModelName'],
  ),
  ListModels: struct({
    NextToken: nextToken,
    MaxResults: maxResults,
    Status: enumOf(MODEL_STATUSES),
    ModelNameBeginsWith: name,
    DatasetNameBeginsWith: name,
  }),
  ListModelVersions: struct(
    {
      ModelName: name,
      NextToken: nextToken,
      MaxResults: maxResults,
      Status: enumOf(MODEL_VERSION_STATUSES),
      SourceType: enumOf(SOURCE_TYPES),
      CreatedAtEndTime: timestamp,
      CreatedAtStartTime: timestamp,
      MaxModelVersion: modelVersion,
      MinModelVersion: modelVersion,
    },
    ['ModelName'],
  ),
  DescribeModelVersion: struct({ ModelName: name, ModelVersion: modelVersion }, [
    'ModelName',
    'ModelVersion',
  ]),
  UpdateActiveModelVersion: struct({ ModelName: name, ModelVersion: modelVersion }, [
    'ModelName',
    'ModelVersion',
  ]),
  ImportModelVersion: struct(
    {
      SourceModelVersionArn: modelVersionArn,
      ModelName: name,
      DatasetName: name,
      LabelsInputConfiguration: labelsInput,
      ClientToken: clientToken,
      RoleArn: roleArn,
      ServerSideKmsKeyId: nameOrArn,
      Tags: tagList,
      InferenceDataImportStrategy: enumOf(IMPORT_STRATEGIES),
    },
    ['SourceModelVersionArn', 'DatasetName', 'ClientToken'],
  ),
  CreateRetrainingScheduler: struct(
    {
      ModelName: name,
      RetrainingStartDate: timestamp,
      RetrainingFrequency: retrainingFrequency,
      LookbackWindow: lookbackWindow,
      PromoteMode: enumOf(PROMOTE_MODES),
      ClientToken: clientToken,
    },
    ['ModelName', 'RetrainingFrequency', 'LookbackWindow', 'ClientToken'],
  ),
  DescribeRetrainingScheduler: modelNameOnly,
  UpdateRetrainingScheduler: struct(
    {
      ModelName: name,
      RetrainingStartDate: timestamp,
      RetrainingFrequency: retrainingFrequency,
      LookbackWindow: lookbackWindow,
      PromoteMode: enumOf(PROMOTE_MODES),
    },
    ['ModelName'],
  ),
  StartRetrainingScheduler: modelNameOnly,
  StopRetrainingScheduler: modelNameOnly,
  DeleteRetrainingScheduler: modelNameOnly,
  ListRetrainingSchedulers: struct({
    ModelNameBeginsWith: name,
    Status: enumOf(SCHEDULER_STATUSES),
    NextToken: nextToken,
    MaxResults: maxResults,
  }),
  CreateInferenceScheduler: struct(
    {
      ModelName: name,
      InferenceSchedulerName: name,
      DataDelayOffsetInMinutes: dataDelayOffset,
      DataUploadFrequency: enumOf(DATA_UPLOAD_FREQUENCIES),
      DataInputConfiguration: inferenceInput,
      DataOutputConfiguration: inferenceOutput,
      RoleArn: roleArn,
      ServerSideKmsKeyId: nameOrArn,
      ClientToken: clientToken,
      Tags: tagList,
    },
    [
      'ModelName',
      'InferenceSchedulerName',
      'DataUploadFrequency',
      'DataInputConfiguration',
      'DataOutputConfiguration',
      'RoleArn',
      'ClientToken',
    ],
  ),
  UpdateInferenceScheduler: struct(
    {
      InferenceSchedulerName: name,
      DataDelayOffsetInMinutes: dataDelayOffset,
      DataUploadFrequency: enumOf(DATA_UPLOAD_FREQUENCIES),
      DataInputConfiguration: inferenceInput,
      DataOutputConfiguration: inferenceOutput,
      RoleArn: roleArn,
    },
    ['InferenceSchedulerName'],
  ),
  DeleteInferenceScheduler: schedulerNameOnly,
  StartInferenceScheduler: schedulerNameOnly,
  StopInferenceScheduler: schedulerNameOnly,
  DescribeInferenceScheduler: schedulerNameOnly,
  ListInferenceSchedulers: struct({
    NextToken: nextToken,
    MaxResults: maxResults,
    InferenceSchedulerNameBeginsWith: name,
    ModelName: name,
    Status: enumOf(SCHEDULER_STATUSES),
  }),
  ListInferenceExecutions: struct(
    {
      NextToken: nextToken,
      MaxResults: maxResults,
      InferenceSchedulerName: name,
      DataStartTimeAfter: timestamp,
      DataEndTimeBefore: timestamp,
      Status: enumOf(INFERENCE_EXECUTION_STATUSES),
    },
    ['InferenceSchedulerName'],
  ),
  TagResource: struct({ ResourceArn: resourceArn, Tags: tagList }, ['ResourceArn', 'Tags']),
  UntagResource: struct(
    { ResourceArn: resourceArn, TagKeys: { kind: 'list', min: 0, max: 200, member: TAG_KEY } },
    ['ResourceArn', 'TagKeys'],
  ),
  ListTagsForResource: struct({ ResourceArn: resourceArn }, ['ResourceArn']),
};

/** Operations of the service model that this emulator does not implement. */
export const NOT_EMULATED_OPERATIONS = [
  'CreateLabel',
  'CreateLabelGroup',
  'DeleteLabel',
  'DeleteLabelGroup',
  'DeleteResourcePolicy',
  'DescribeDataIngestionJob',
  'DescribeLabel',
  'DescribeLabelGroup',
  'DescribeResourcePolicy',
  'ImportDataset',
  'ListDataIngestionJobs',
  'ListInferenceEvents',
  'ListLabelGroups',
  'ListLabels',
  'ListSensorStatistics',
  'PutResourcePolicy',
  'StartDataIngestionJob',
  'UpdateLabelGroup',
] as const;
