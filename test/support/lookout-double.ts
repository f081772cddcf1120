// A scriptable Amazon Lookout for Equipment double for tests that must control exactly what L4E answers
// and when: eventual consistency, late promotion results, promote-mode switches, slow activations.
//
// - Wire: the real awsJson1_0 protocol on loopback port 0 (POST /, `X-Amz-Target:
//   AWSLookoutEquipmentFrontendService.<Op>`, timestamps as epoch seconds, errors as `{ __type, Message }`
//   with the HTTP status the Smithy model gives each error), so the AWS SDK and the real handlers run
//   unmodified with `AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT = double.url`.
// - Operations: ListModels, DescribeModel, ListModelVersions, DescribeModelVersion,
//   DescribeRetrainingScheduler, ListRetrainingSchedulers, UpdateActiveModelVersion. Anything else is an
//   UnknownOperationException.
// - State: `double.models`, plain mutable objects named as service-2.json names the fields. Tests edit
//   them between calls. There is no simulation: nothing moves unless the test moves it. A model's
//   `LatestScheduledRetraining*` fields and `RetrainingSchedulerStatus`, when left undefined, are read from
//   its newest RETRAINING version and its scheduler, as L4E reports them.
// - Hooks: `notFoundNext(model, version, n)` answers ResourceNotFound to the next n DescribeModelVersion
//   reads of that version (a version ListModels already names but a read does not yet see);
//   `failNext(op, code, …)` for any scripted error; `delays[op]` (ms, or a function of the call) holds a
//   response back; `calls` logs every request in arrival order.
//
// Independent of the emulator on purpose: the double has no clock, no ledger and no simulation to agree
// or disagree with.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  DescribeModelResponse,
  DescribeModelVersionResponse,
  DescribeRetrainingSchedulerResponse,
} from '@aws-sdk/client-lookoutequipment';
import { z } from 'zod';

const TARGET_PREFIX = 'AWSLookoutEquipmentFrontendService.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const NAMESPACE = 'com.amazonaws.lookoutequipment';

/** HTTP status of each error, from the `smithy.api#httpError` traits of the service model. */
export const ERROR_STATUS = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
} as const;
export type DoubleErrorCode = keyof typeof ERROR_STATUS;

export const DOUBLE_OPERATIONS = [
  'ListModels',
  'DescribeModel',
  'ListModelVersions',
  'DescribeModelVersion',
  'DescribeRetrainingScheduler',
  'ListRetrainingSchedulers',
  'UpdateActiveModelVersion',
] as const;
export type DoubleOperation = (typeof DOUBLE_OPERATIONS)[number];

/** The SDK's shapes with enum fields widened to string, so a test can send values L4E has not invented yet. */
type Loose<T> = { -readonly [K in keyof T]: T[K] extends string | undefined ? string | undefined : T[K] };

export type DoubleVersion = Loose<
  Omit<DescribeModelVersionResponse, '$metadata' | 'ModelName' | 'ModelArn'>
> & {
  ModelVersion: number;
  Status: string;
};

export type DoubleScheduler = Loose<
  Omit<DescribeRetrainingSchedulerResponse, '$metadata' | 'ModelName' | 'ModelArn'>
> & { Status: string };

export type DoubleModel = Loose<Omit<DescribeModelResponse, '$metadata'>> & {
  ModelName: string;
  ModelArn: string;
  versions: DoubleVersion[];
  scheduler: DoubleScheduler | null;
};

export interface DoubleCall {
  op: string;
  input: Record<string, unknown>;
  /** Date.now() when the request arrived. */
  at: number;
  /** The error code answered, if any. */
  error?: string;
}

export type DoubleDelay = number | ((call: DoubleCall) => number);

interface ScriptedFailure {
  op: DoubleOperation;
  code: DoubleErrorCode;
  remaining: number;
  when: (input: Record<string, unknown>) => boolean;
  message: string;
}

export interface LookoutDouble {
  readonly url: string;
  /** The whole state; edit freely between calls. */
  readonly models: Map<string, DoubleModel>;
  readonly calls: DoubleCall[];
  readonly delays: Partial<Record<DoubleOperation, DoubleDelay>>;
  /** Time UpdateActiveModelVersion records as ModelVersionActivatedAt. */
  now: () => Date;
  /** Adds (or replaces) a model and returns the stored object. */
  addModel(model: DoubleModel): DoubleModel;
  model(name: string): DoubleModel;
  version(name: string, version: number): DoubleVersion;
  /** The next `times` DescribeModelVersion reads of this version answer ResourceNotFound. */
  notFoundNext(modelName: string, version: number, times: number): void;
  /** The next `times` calls of `op` (matching `when`, if given) answer `code`. */
  failNext(
    op: DoubleOperation,
    code: DoubleErrorCode,
    options?: { times?: number; when?: (input: Record<string, unknown>) => boolean; message?: string },
  ): void;
  /** Calls of one operation (optionally for one model). */
  callsOf(op: DoubleOperation, modelName?: string): DoubleCall[];
  close(): Promise<void>;
}

const ARN_PREFIX = 'arn:aws:lookoutequipment:us-east-1:123456789012';

/** A model with L4E-like defaults: ACTIVE, created now, no versions, no scheduler. */
export function doubleModel(name: string, fields: Partial<DoubleModel> = {}): DoubleModel {
  return {
    ModelName: name,
    ModelArn: `${ARN_PREFIX}:model/${name}/0a1b2c3d`,
    DatasetName: 'plant-data',
    DatasetArn: `${ARN_PREFIX}:dataset/plant-data/4e5f6a7b`,
    Status: 'SUCCESS',
    CreatedAt: new Date('2026-01-01T00:00:00Z'),
    versions: [],
    scheduler: null,
    ...fields,
  };
}

/** A version with L4E-like defaults: a SUCCESS retraining run created at the given time (default now). */
export function doubleVersion(version: number, fields: Partial<DoubleVersion> = {}): DoubleVersion {
  const created = fields.CreatedAt ?? new Date();
  return {
    ModelVersion: version,
    Status: 'SUCCESS',
    SourceType: 'RETRAINING',
    CreatedAt: created,
    TrainingExecutionStartTime: created,
    LastUpdatedTime: created,
    ...fields,
  };
}

export function doubleScheduler(fields: Partial<DoubleScheduler> = {}): DoubleScheduler {
  return {
    Status: 'RUNNING',
    PromoteMode: 'MANUAL',
    RetrainingFrequency: 'P30D',
    LookbackWindow: 'P180D',
    RetrainingStartDate: new Date('2026-01-02T00:00:00Z'),
    CreatedAt: new Date('2026-01-01T00:00:00Z'),
    UpdatedAt: new Date('2026-01-01T00:00:00Z'),
    ...fields,
  };
}

class DoubleError extends Error {
  constructor(
    readonly code: DoubleErrorCode | 'SerializationException' | 'UnknownOperationException',
    message: string,
  ) {
    super(message);
    this.name = 'DoubleError';
  }
  get status(): number {
    return this.code in ERROR_STATUS ? ERROR_STATUS[this.code as DoubleErrorCode] : 400;
  }
  get typeName(): string {
    const coral = this.code === 'SerializationException' || this.code === 'UnknownOperationException';
    return `${coral ? 'com.amazon.coral.service' : NAMESPACE}#${this.code}`;
  }
}

// Inputs: only the members the double reads; the SDK sends well-formed requests, a test's raw request
// may not, and a bad one is a ValidationException as on the service.
const modelInput = z.object({ ModelName: z.string() });
const versionInput = z.object({ ModelName: z.string(), ModelVersion: z.number().int() });
const pageInput = z.object({
  NextToken: z.string().optional(),
  MaxResults: z.number().int().min(1).max(500).optional(),
});
const listModelsInput = pageInput.extend({
  Status: z.string().optional(),
  ModelNameBeginsWith: z.string().optional(),
  DatasetNameBeginsWith: z.string().optional(),
});
const listVersionsInput = pageInput.extend({
  ModelName: z.string(),
  Status: z.string().optional(),
  SourceType: z.string().optional(),
  MinModelVersion: z.number().int().optional(),
  MaxModelVersion: z.number().int().optional(),
});
const listSchedulersInput = pageInput.extend({
  ModelNameBeginsWith: z.string().optional(),
  Status: z.string().optional(),
});

function parse<T>(schema: z.ZodType<T>, input: Record<string, unknown>): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new DoubleError('ValidationException', result.error.issues[0]?.message ?? '');
  return result.data;
}

/** Dates become epoch seconds, undefined members disappear: the awsJson1_0 serialization. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toWire(v)]),
    );
  }
  return value;
}

function page<T>(items: T[], input: { NextToken?: string; MaxResults?: number }, fallback: number) {
  const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
  if (!Number.isInteger(start) || start < 0) throw new DoubleError('ValidationException', 'bad NextToken');
  const size = input.MaxResults ?? fallback;
  const end = start + size;
  return { items: items.slice(start, end), NextToken: end < items.length ? String(end) : undefined };
}

function versionArn(model: DoubleModel, version: DoubleVersion): string {
  return version.ModelVersionArn ?? `${model.ModelArn}/model-version/${version.ModelVersion}`;
}

function latestRun(model: DoubleModel): DoubleVersion | undefined {
  return model.versions
    .filter((v) => v.SourceType === 'RETRAINING')
    .reduce<DoubleVersion | undefined>((a, b) => (a && a.ModelVersion > b.ModelVersion ? a : b), undefined);
}

/** DescribeModel's view: the stored fields, with the derived ones filled in when the test left them out. */
function modelView(model: DoubleModel): Record<string, unknown> {
  const { versions: _versions, scheduler, ...fields } = model;
  const run = latestRun(model);
  const active = model.versions.find((v) => v.ModelVersion === model.ActiveModelVersion);
  return {
    ...fields,
    ActiveModelVersionArn: fields.ActiveModelVersionArn ?? (active ? versionArn(model, active) : undefined),
    LatestScheduledRetrainingModelVersion: fields.LatestScheduledRetrainingModelVersion ?? run?.ModelVersion,
    LatestScheduledRetrainingStatus: fields.LatestScheduledRetrainingStatus ?? run?.Status,
    LatestScheduledRetrainingStartTime:
      fields.LatestScheduledRetrainingStartTime ?? run?.TrainingExecutionStartTime ?? run?.CreatedAt,
    LatestScheduledRetrainingFailedReason: fields.LatestScheduledRetrainingFailedReason ?? run?.FailedReason,
    LatestScheduledRetrainingAvailableDataInDays:
      fields.LatestScheduledRetrainingAvailableDataInDays ?? run?.RetrainingAvailableDataInDays,
    RetrainingSchedulerStatus: fields.RetrainingSchedulerStatus ?? scheduler?.Status,
  };
}

const SUMMARY_FIELDS = [
  'ModelName',
  'ModelArn',
  'DatasetName',
  'DatasetArn',
  'Status',
  'CreatedAt',
  'ActiveModelVersion',
  'ActiveModelVersionArn',
  'LatestScheduledRetrainingStatus',
  'LatestScheduledRetrainingModelVersion',
  'LatestScheduledRetrainingStartTime',
  'NextScheduledRetrainingStartDate',
  'RetrainingSchedulerStatus',
  'ModelDiagnosticsOutputConfiguration',
  'ModelQuality',
] as const;

function pick(view: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, view[f]]));
}

function byName<T extends { ModelName: string }>(a: T, b: T): number {
  return a.ModelName < b.ModelName ? -1 : a.ModelName > b.ModelName ? 1 : 0;
}

function isOperation(op: string): op is DoubleOperation {
  return (DOUBLE_OPERATIONS as readonly string[]).includes(op);
}

function parseBody(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new DoubleError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DoubleError('SerializationException', 'The request body must be a JSON object.');
  }
  // A JSON object; each operation parses the members it reads.
  return parsed as Record<string, unknown>;
}

function asDoubleError(error: unknown): DoubleError {
  return error instanceof DoubleError ? error : new DoubleError('InternalServerException', String(error));
}

export async function startLookoutDouble(): Promise<LookoutDouble> {
  const models = new Map<string, DoubleModel>();
  const calls: DoubleCall[] = [];
  const delays: Partial<Record<DoubleOperation, DoubleDelay>> = {};
  const failures: ScriptedFailure[] = [];

  const findModel = (name: string): DoubleModel => {
    const model = models.get(name);
    if (!model) throw new DoubleError('ResourceNotFoundException', `Model ${name} does not exist.`);
    return model;
  };
  const findVersion = (model: DoubleModel, version: number): DoubleVersion => {
    const found = model.versions.find((v) => v.ModelVersion === version);
    if (!found) {
      throw new DoubleError(
        'ResourceNotFoundException',
        `Model version ${version} of model ${model.ModelName} does not exist.`,
      );
    }
    return found;
  };

  const operations: Record<DoubleOperation, (input: Record<string, unknown>) => unknown> = {
    ListModels(raw) {
      const input = parse(listModelsInput, raw);
      const matching = [...models.values()]
        .filter((m) => input.Status === undefined || m.Status === input.Status)
        .filter((m) => m.ModelName.startsWith(input.ModelNameBeginsWith ?? ''))
        .filter((m) => (m.DatasetName ?? '').startsWith(input.DatasetNameBeginsWith ?? ''))
        .sort(byName);
      const { items, NextToken } = page(matching, input, 50);
      return { ModelSummaries: items.map((m) => pick(modelView(m), SUMMARY_FIELDS)), NextToken };
    },
    DescribeModel(raw) {
      return modelView(findModel(parse(modelInput, raw).ModelName));
    },
    ListModelVersions(raw) {
      const input = parse(listVersionsInput, raw);
      const model = findModel(input.ModelName);
      const matching = [...model.versions]
        .filter((v) => input.Status === undefined || v.Status === input.Status)
        .filter((v) => input.SourceType === undefined || v.SourceType === input.SourceType)
        .filter((v) => v.ModelVersion >= (input.MinModelVersion ?? 0))
        .filter((v) => v.ModelVersion <= (input.MaxModelVersion ?? Number.MAX_SAFE_INTEGER))
        .sort((a, b) => b.ModelVersion - a.ModelVersion);
      const { items, NextToken } = page(matching, input, 50);
      return {
        ModelVersionSummaries: items.map((v) => ({
          ModelName: model.ModelName,
          ModelArn: model.ModelArn,
          ModelVersion: v.ModelVersion,
          ModelVersionArn: versionArn(model, v),
          CreatedAt: v.CreatedAt,
          Status: v.Status,
          SourceType: v.SourceType,
          ModelQuality: v.ModelQuality,
        })),
        NextToken,
      };
    },
    DescribeModelVersion(raw) {
      const input = parse(versionInput, raw);
      const model = findModel(input.ModelName);
      const version = findVersion(model, input.ModelVersion);
      return {
        ...version,
        ModelName: model.ModelName,
        ModelArn: model.ModelArn,
        ModelVersionArn: versionArn(model, version),
      };
    },
    DescribeRetrainingScheduler(raw) {
      const model = findModel(parse(modelInput, raw).ModelName);
      if (!model.scheduler) {
        throw new DoubleError(
          'ResourceNotFoundException',
          `Retraining scheduler for model ${model.ModelName} does not exist.`,
        );
      }
      return { ...model.scheduler, ModelName: model.ModelName, ModelArn: model.ModelArn };
    },
    ListRetrainingSchedulers(raw) {
      const input = parse(listSchedulersInput, raw);
      const matching = [...models.values()]
        .filter((m) => m.scheduler !== null)
        .filter((m) => m.ModelName.startsWith(input.ModelNameBeginsWith ?? ''))
        .filter((m) => input.Status === undefined || m.scheduler?.Status === input.Status)
        .sort(byName);
      const { items, NextToken } = page(matching, input, 50);
      return {
        RetrainingSchedulerSummaries: items.map((m) => ({
          ModelName: m.ModelName,
          ModelArn: m.ModelArn,
          Status: m.scheduler?.Status,
          RetrainingStartDate: m.scheduler?.RetrainingStartDate,
          RetrainingFrequency: m.scheduler?.RetrainingFrequency,
          LookbackWindow: m.scheduler?.LookbackWindow,
        })),
        NextToken,
      };
    },
    UpdateActiveModelVersion(raw) {
      const input = parse(versionInput, raw);
      const model = findModel(input.ModelName);
      const version = findVersion(model, input.ModelVersion);
      if (version.Status !== 'SUCCESS') {
        throw new DoubleError(
          'ValidationException',
          `Model version ${version.ModelVersion} is ${version.Status}; only a SUCCESS version can be activated.`,
        );
      }
      const previous = model.versions.find((v) => v.ModelVersion === model.ActiveModelVersion);
      if (previous !== version) {
        model.PreviousActiveModelVersion = model.ActiveModelVersion;
        model.PreviousActiveModelVersionArn = previous ? versionArn(model, previous) : undefined;
        model.PreviousModelVersionActivatedAt = model.ModelVersionActivatedAt;
        model.ActiveModelVersion = version.ModelVersion;
        model.ActiveModelVersionArn = versionArn(model, version);
        model.ModelVersionActivatedAt = double.now();
      }
      return {
        ModelName: model.ModelName,
        ModelArn: model.ModelArn,
        CurrentActiveVersion: version.ModelVersion,
        PreviousActiveVersion: previous?.ModelVersion,
        CurrentActiveVersionArn: versionArn(model, version),
        PreviousActiveVersionArn: previous ? versionArn(model, previous) : undefined,
      };
    },
  };

  function scriptedFailure(op: DoubleOperation, input: Record<string, unknown>): DoubleError | null {
    const failure = failures.find((f) => f.op === op && f.remaining > 0 && f.when(input));
    if (!failure) return null;
    failure.remaining -= 1;
    return new DoubleError(failure.code, failure.message);
  }

  async function answer(request: IncomingMessage, body: string): Promise<{ status: number; body: unknown }> {
    const target = request.headers['x-amz-target'];
    const op =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : '';
    const call: DoubleCall = { op, input: {}, at: Date.now() };
    calls.push(call);
    try {
      call.input = parseBody(body);
      if (!isOperation(op)) {
        throw new DoubleError('UnknownOperationException', `Unknown operation ${String(target)}.`);
      }
      const delay = delays[op];
      const ms = typeof delay === 'function' ? delay(call) : (delay ?? 0);
      if (ms > 0) await sleep(ms);
      const failure = scriptedFailure(op, call.input);
      if (failure) throw failure;
      return { status: 200, body: toWire(operations[op](call.input)) };
    } catch (error) {
      const failure = asDoubleError(error);
      call.error = failure.code;
      return { status: failure.status, body: { __type: failure.typeName, Message: failure.message } };
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const result =
      request.method === 'POST'
        ? await answer(request, Buffer.concat(chunks).toString('utf8'))
        : { status: 404, body: { message: 'POST / only' } };
    const text = JSON.stringify(result.body);
    response.writeHead(result.status, {
      'Content-Type': CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': `double-${calls.length}`,
    });
    response.end(text);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const double: LookoutDouble = {
    url: `http://127.0.0.1:${port}`,
    models,
    calls,
    delays,
    now: () => new Date(),
    addModel(model) {
      models.set(model.ModelName, model);
      return model;
    },
    model(name) {
      const model = models.get(name);
      if (!model) throw new Error(`the double has no model ${name}`);
      return model;
    },
    version(name, version) {
      const found = double.model(name).versions.find((v) => v.ModelVersion === version);
      if (!found) throw new Error(`the double has no version ${version} of ${name}`);
      return found;
    },
    notFoundNext(modelName, version, times) {
      double.failNext('DescribeModelVersion', 'ResourceNotFoundException', {
        times,
        when: (input) => input.ModelName === modelName && input.ModelVersion === version,
        message: `Model version ${version} of model ${modelName} does not exist.`,
      });
    },
    failNext(op, code, options = {}) {
      failures.push({
        op,
        code,
        remaining: options.times ?? 1,
        when: options.when ?? (() => true),
        message: options.message ?? `${code} (scripted)`,
      });
    },
    callsOf(op, modelName) {
      return calls.filter((c) => c.op === op && (modelName === undefined || c.input.ModelName === modelName));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return double;
}
