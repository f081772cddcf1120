// Errors as the service returns them: validation messages, pagination tokens, ClientToken idempotency,
// the model quota, missing resources and protocol errors, with their HTTP status codes.

import {
  CreateModelCommand,
  CreateRetrainingSchedulerCommand,
  DescribeModelCommand,
  ListDatasetsCommand,
  ListModelsCommand,
  type LookoutEquipmentClient,
  UpdateRetrainingSchedulerCommand,
} from '@aws-sdk/client-lookoutequipment';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, generateFleetScenario, startEmulator } from '../../../local/emulator/index.js';
import { trainedModel } from './support/fixtures.js';
import { lookoutClient } from './support/sdk.js';
import { callWire, errorType } from './support/wire.js';

let emulator: Emulator;
let client: LookoutEquipmentClient;

beforeAll(async () => {
  emulator = await startEmulator();
  client = lookoutClient(emulator.url, { maxAttempts: 1 });
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

beforeEach(() => {
  emulator.loadScenario({ name: 'empty', startTime: '2025-01-01T00:00:00Z' });
  emulator.reset();
});

describe('RetrainingFrequency and LookbackWindow', () => {
  it('accepts P30D to P1Y (a month is 30 days, a year 365) and rejects the rest in the service style', async () => {
    // Prepare
    await trainedModel(client, emulator, 'freq-1');
    await client.send(
      new CreateRetrainingSchedulerCommand({
        ModelName: 'freq-1',
        RetrainingFrequency: 'P30D',
        LookbackWindow: 'P180D',
      }),
    );
    const update = (RetrainingFrequency: string) =>
      callWire(emulator.url, 'UpdateRetrainingScheduler', { ModelName: 'freq-1', RetrainingFrequency });

    // Act
    const accepted = await Promise.all(['P1M', 'P1Y', 'P12M', 'P2M15D', 'P365D'].map(update));
    const rejected = await Promise.all(['P20D', 'P1Y1D', 'P29D', 'P366D', 'P13M'].map(update));
    const malformed = await update('P30');

    // Assess
    expect(accepted.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(rejected.map((r) => [r.status, errorType(r)])).toEqual(
      Array(5).fill([400, 'ValidationException']),
    );
    expect(rejected[0]?.body.Message).toMatch(
      /^1 validation error detected: Value 'P20D' at 'retrainingFrequency' failed to satisfy constraint: Member must be a duration between P30D and P1Y/,
    );
    expect(malformed.body.Message).toContain(
      "Value 'P30' at 'retrainingFrequency' failed to satisfy constraint: Member must satisfy regular expression pattern",
    );
  });

  it('accepts only the four lookback windows', async () => {
    // Prepare
    await trainedModel(client, emulator, 'look-1');

    // Act
    const bad = client.send(
      new CreateRetrainingSchedulerCommand({
        ModelName: 'look-1',
        RetrainingFrequency: 'P30D',
        LookbackWindow: 'P90D',
      }),
    );
    await expect(bad).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(bad).rejects.toThrow("Value 'P90D' at 'lookbackWindow' failed to satisfy constraint");
    await client.send(
      new CreateRetrainingSchedulerCommand({
        ModelName: 'look-1',
        RetrainingFrequency: 'P30D',
        LookbackWindow: 'P540D',
      }),
    );
    await client.send(new UpdateRetrainingSchedulerCommand({ ModelName: 'look-1', LookbackWindow: 'P720D' }));

    // Assess
    const counted = await callWire(emulator.url, 'UpdateRetrainingScheduler', {
      ModelName: 'x!',
      LookbackWindow: 'P1D',
      PromoteMode: 'AUTO',
    });
    expect(counted.body.Message).toMatch(/^3 validation errors detected: /);
  });
});

describe('pagination', () => {
  it('validates MaxResults as 1–500', async () => {
    // Act
    const answers = await Promise.all(
      [0, 501, 500, 1].map((MaxResults) => callWire(emulator.url, 'ListModels', { MaxResults })),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual([400, 400, 200, 200]);
    expect(answers[0]?.body.Message).toContain(
      "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(answers[1]?.body.Message).toContain('Member must have value less than or equal to 500');
  });

  it('pages with opaque tokens and refuses tampered, foreign and re-filtered ones', async () => {
    // Prepare
    for (const name of ['a', 'b', 'c'])
      await trainedModel(client, emulator, `page-${name}`, { dataset: `ds-${name}` });
    const first = await client.send(new ListModelsCommand({ MaxResults: 2 }));
    const datasets = await client.send(new ListDatasetsCommand({ MaxResults: 1 }));
    const token = first.NextToken as string;
    const tampered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;

    // Act
    const second = await client.send(new ListModelsCommand({ MaxResults: 2, NextToken: token }));
    const refusals = await Promise.all([
      callWire(emulator.url, 'ListModels', { NextToken: 'not-a-token' }),
      callWire(emulator.url, 'ListModels', { NextToken: tampered }),
      callWire(emulator.url, 'ListModels', { NextToken: datasets.NextToken }),
      callWire(emulator.url, 'ListModels', { NextToken: token, ModelNameBeginsWith: 'page-' }),
    ]);

    // Assess
    expect(first.ModelSummaries?.map((m) => m.ModelName)).toEqual(['page-a', 'page-b']);
    expect(second.ModelSummaries?.map((m) => m.ModelName)).toEqual(['page-c']);
    expect(second.NextToken).toBeUndefined();
    expect(refusals.map((r) => [r.status, errorType(r)])).toEqual(
      Array(4).fill([400, 'ValidationException']),
    );
    expect(String(refusals[2]?.body.Message)).toContain('ListDatasets');
  });
});

describe('ClientToken idempotency', () => {
  it('answers a retry with the same result and refuses the token with other parameters', async () => {
    // Prepare
    await trainedModel(client, emulator, 'idem-1', { dataset: 'idem-data' });
    const request = { ModelName: 'idem-2', DatasetName: 'idem-data', ClientToken: 'token-123' };

    // Act
    const first = await client.send(new CreateModelCommand(request));
    const retry = await client.send(new CreateModelCommand(request));
    const conflict = client.send(new CreateModelCommand({ ...request, ModelName: 'idem-3' }));

    // Assess
    expect(retry.ModelArn).toBe(first.ModelArn);
    await expect(conflict).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 },
    });
    const created = emulator
      .ledger()
      .filter((e) => e.resource === 'model' && e.field === 'Status' && e.from === null);
    expect(created.map((e) => e.name)).toEqual(['idem-1', 'idem-2']);
  });
});

describe('quotas and missing resources', () => {
  it('allows 15 models by default and refuses the 16th with ServiceQuotaExceededException (402)', async () => {
    // Prepare
    await trainedModel(client, emulator, 'quota-00', { dataset: 'quota-data' });
    for (let i = 1; i < 15; i++) {
      await client.send(
        new CreateModelCommand({
          ModelName: `quota-${String(i).padStart(2, '0')}`,
          DatasetName: 'quota-data',
        }),
      );
    }

    // Act
    const refused = await callWire(emulator.url, 'CreateModel', {
      ModelName: 'quota-15',
      DatasetName: 'quota-data',
      ClientToken: 't',
    });

    // Assess
    expect(refused.status).toBe(402);
    expect(errorType(refused)).toBe('ServiceQuotaExceededException');
    expect(refused.body.__type).toBe('com.amazonaws.lookoutequipment#ServiceQuotaExceededException');
  });

  it('lets a scenario raise the model quota', async () => {
    // Prepare
    const scenario = { ...generateFleetScenario({ models: 20, seed: 2, days: 30 }), quotas: { models: 25 } };

    // Act
    emulator.loadScenario(scenario);
    const listed = await client.send(new ListModelsCommand({ MaxResults: 500 }));
    const created = await callWire(emulator.url, 'CreateModel', {
      ModelName: 'extra',
      DatasetName: 'fleet-dataset-0001',
      ClientToken: 'x',
    });

    // Assess
    expect(listed.ModelSummaries).toHaveLength(20);
    expect(created.status).toBe(200);
  });

  it('answers an unknown model with ResourceNotFoundException and HTTP 404', async () => {
    // Act
    const wire = await callWire(emulator.url, 'DescribeModel', { ModelName: 'nope' });

    // Assess
    expect(wire.status).toBe(404);
    expect(wire.body).toEqual({
      __type: 'com.amazonaws.lookoutequipment#ResourceNotFoundException',
      Message: "Model 'nope' does not exist.",
    });
    await expect(client.send(new DescribeModelCommand({ ModelName: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('protocol errors', () => {
  it('answers malformed JSON, wrong types and unknown targets as the service does', async () => {
    // Act
    const malformed = await callWire(emulator.url, 'ListModels', undefined, '{"MaxResults":');
    const wrongType = await callWire(emulator.url, 'ListModels', { MaxResults: 'ten' });
    const unknown = await callWire(emulator.url, 'ListWidgets', {});
    const ok = await callWire(emulator.url, 'ListModels', undefined, '');

    // Assess
    expect([malformed.status, errorType(malformed)]).toEqual([400, 'SerializationException']);
    expect([wrongType.status, errorType(wrongType)]).toEqual([400, 'SerializationException']);
    expect([unknown.status, errorType(unknown)]).toEqual([400, 'UnknownOperationException']);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(ok.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
