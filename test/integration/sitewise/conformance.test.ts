// Conformance of the SiteWise emulator with the API model: one session calls every emulated operation
// over rest-json built from the model's own bindings; each answer must carry the operation's status
// code and fit its output shape, each error its error shape; every request shape is probed with omitted
// required members and invalid values, which must be refused; and the emulator's route table must say
// what the model says.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type SiteWiseEmulator, startSiteWiseEmulator } from '../../../local/sitewise/index.js';
import { checkAgainstShape, invalidInputs } from '../emulator/support/service-model.js';
import { routeTableProblems } from './support/route-check.js';
import {
  callRest,
  locateSiteWiseModel,
  type RestServiceModel,
  uriMembers,
} from './support/sitewise-model.js';

/** A reference to a data-binding variable, `${name}` in the model's syntax. */
const variable = (name: string): string => `$${'{'}${name}}`;

const located = locateSiteWiseModel();
if ('reason' in located) console.log(`Skipping the SiteWise conformance suite: ${located.reason}`);
const model = 'model' in located ? located.model : undefined;

interface Call {
  operation: string;
  input: Record<string, unknown>;
  status: number;
  output: Record<string, unknown>;
}

/**
 * The model marks ListActionsResponse.nextToken required, yet paginates ListActions on it: a last page
 * carrying a token would never end a paginator, so the emulator leaves it out there.
 */
const KNOWN_MODEL_QUIRKS = ['ListActions $: required member nextToken is missing'];

describe.skipIf(model === undefined)('SiteWise emulator conformance with the API model', () => {
  const service = model as RestServiceModel;
  let emulator: SiteWiseEmulator;
  const calls: Call[] = [];
  const errors: Call[] = [];
  const baselines = new Map<string, Record<string, unknown>>();

  async function call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await callRest(emulator.url, service, operation, input);
    if (response.status >= 300)
      throw new Error(`${operation} failed with ${response.status}: ${JSON.stringify(response.body)}`);
    calls.push({ operation, input, status: response.status, output: response.body });
    if (!baselines.has(operation)) baselines.set(operation, input);
    return response.body;
  }

  async function failing(operation: string, input: Record<string, unknown>): Promise<string> {
    const response = await callRest(emulator.url, service, operation, input);
    errors.push({ operation, input, status: response.status, output: response.body });
    return response.errorType;
  }

  const str = (value: unknown): string => String(value);

  beforeAll(async () => {
    emulator = await startSiteWiseEmulator({ seed: 5 });
    const assetModel = await call('CreateAssetModel', {
      assetModelName: 'conf pump model',
      assetModelDescription: 'pumps',
      clientToken: randomUUID(),
      assetModelProperties: [
        { name: 'vibration', dataType: 'DOUBLE', unit: 'mm/s', type: { measurement: {} } },
        { name: 'temperature', dataType: 'DOUBLE', type: { measurement: {} } },
        { name: 'anomaly', dataType: 'STRING', type: { measurement: {} } },
        { name: 'site', dataType: 'STRING', type: { attribute: { defaultValue: 'north' } } },
      ],
      tags: { team: 'reliability' },
    });
    const assetModelId = str(assetModel.assetModelId);
    const described = await call('DescribeAssetModel', { assetModelId, excludeProperties: false });
    const properties = described.assetModelProperties as Array<{ id: string; name: string }>;
    const propertyId = (name: string): string => properties.find((p) => p.name === name)?.id ?? '';
    const assets: string[] = [];
    for (const name of ['pump-1', 'pump-2']) {
      const asset = await call('CreateAsset', {
        assetName: name,
        assetModelId,
        assetDescription: `the ${name}`,
        clientToken: randomUUID(),
      });
      assets.push(str(asset.assetId));
    }
    const [assetOne] = assets as [string, string];
    await call('DescribeAsset', { assetId: assetOne });
    await call('ListAssets', { assetModelId, maxResults: 1 });
    const page = await call('ListAssets', { assetModelId, maxResults: 1 });
    await call('ListAssets', { assetModelId, maxResults: 1, nextToken: page.nextToken });
    const configuration = {
      anomalyDetection: { inputProperties: variable('inputs'), resultProperty: variable('result') },
    };
    const assetBound = await call('CreateComputationModel', {
      computationModelName: 'conf asset model',
      computationModelDescription: 'one pump',
      computationModelConfiguration: configuration,
      computationModelDataBinding: {
        inputs: { list: [{ assetProperty: { assetId: assetOne, propertyId: propertyId('vibration') } }] },
        result: { assetProperty: { assetId: assetOne, propertyId: propertyId('anomaly') } },
      },
      clientToken: randomUUID(),
      tags: { team: 'reliability' },
    });
    const modelBound = await call('CreateComputationModel', {
      computationModelName: 'conf fleet model',
      computationModelConfiguration: configuration,
      computationModelDataBinding: {
        inputs: {
          list: [
            { assetModelProperty: { assetModelId, propertyId: propertyId('vibration') } },
            { assetModelProperty: { assetModelId, propertyId: propertyId('temperature') } },
          ],
        },
        result: { assetModelProperty: { assetModelId, propertyId: propertyId('anomaly') } },
      },
    });
    const single = str(assetBound.computationModelId);
    const fleet = str(modelBound.computationModelId);
    expect(
      await failing('ExecuteAction', {
        targetResource: { computationModelId: single },
        actionDefinitionId: randomUUID(),
        actionPayload: { stringValue: '{}' },
      }),
    ).toBe('ResourceNotFoundException');
    emulator.advance('PT10M');
    const definition = await call('DescribeComputationModel', { computationModelId: single });
    const actionId = (model: Record<string, unknown>, type: string): string =>
      (model.actionDefinitions as Array<{ actionDefinitionId: string; actionType: string }>).find(
        (a) => a.actionType === type,
      )?.actionDefinitionId ?? '';
    const training = actionId(definition, 'AWS/ANOMALY_DETECTION_TRAINING');
    const inference = actionId(definition, 'AWS/ANOMALY_DETECTION_INFERENCE');
    await call('UpdateComputationModel', {
      computationModelId: single,
      computationModelName: 'conf asset model',
      computationModelDescription: 'one pump with two sensors',
      computationModelConfiguration: configuration,
      computationModelDataBinding: {
        inputs: {
          list: [
            { assetProperty: { assetId: assetOne, propertyId: propertyId('vibration') } },
            { assetProperty: { assetId: assetOne, propertyId: propertyId('temperature') } },
          ],
        },
        result: { assetProperty: { assetId: assetOne, propertyId: propertyId('anomaly') } },
      },
      clientToken: randomUUID(),
    });
    expect(
      await failing('ExecuteAction', {
        targetResource: { computationModelId: single },
        actionDefinitionId: training,
        actionPayload: { stringValue: '{"trainingMode":"STOP_RETRAINING_SCHEDULER"}' },
      }),
    ).toBe('ConflictingOperationException');
    emulator.advance('PT10M');
    await call('DescribeComputationModel', { computationModelId: single, computationModelVersion: 'LATEST' });
    await call('ListComputationModels', { computationModelType: 'ANOMALY_DETECTION', maxResults: 1 });
    await call('ListComputationModels', {});
    await call('ListComputationModelResolveToResources', { computationModelId: fleet, maxResults: 1 });
    const destination = { bucketName: 'conf-metrics', prefix: 'anomaly/' };
    const trainPayload = {
      trainingMode: 'TRAIN_MODEL',
      exportDataStartTime: 1_704_067_200,
      exportDataEndTime: 1_735_603_200,
      targetSamplingRate: 'PT5M',
      labelInputConfiguration: { bucketName: 'conf-labels', prefix: 'labels/' },
      modelMetricsDestination: destination,
    };
    const trained = await call('ExecuteAction', {
      targetResource: { computationModelId: single },
      actionDefinitionId: training,
      actionPayload: { stringValue: JSON.stringify(trainPayload) },
      clientToken: randomUUID(),
    });
    await call('ExecuteAction', {
      targetResource: { computationModelId: fleet },
      actionDefinitionId: actionId(
        await call('DescribeComputationModel', { computationModelId: fleet }),
        'AWS/ANOMALY_DETECTION_TRAINING',
      ),
      actionPayload: { stringValue: JSON.stringify(trainPayload) },
      resolveTo: { assetId: assetOne },
    });
    await call('ListExecutions', { targetResourceType: 'COMPUTATION_MODEL', targetResourceId: single });
    emulator.advance('PT3H');
    await call('ExecuteAction', {
      targetResource: { computationModelId: single },
      actionDefinitionId: training,
      actionPayload: {
        stringValue: JSON.stringify({
          trainingMode: 'START_RETRAINING_SCHEDULER',
          modelMetricsDestination: destination,
          retrainingConfiguration: {
            lookbackWindow: 'P180D',
            retrainingFrequency: 'P30D',
            promotion: 'SERVICE_MANAGED',
          },
        }),
      },
    });
    await call('ExecuteAction', {
      targetResource: { computationModelId: single },
      actionDefinitionId: inference,
      actionPayload: {
        stringValue: JSON.stringify({
          inferenceMode: 'START',
          dataUploadFrequency: 'PT15M',
          dataDelayOffsetInMinutes: '5',
          targetModelVersion: 1,
        }),
      },
    });
    emulator.advance('P65D');
    await call('DescribeAction', { actionId: str(trained.actionId) });
    await call('ListActions', {
      targetResourceType: 'COMPUTATION_MODEL',
      targetResourceId: single,
      maxResults: 1,
    });
    await call('ListActions', {
      targetResourceType: 'COMPUTATION_MODEL',
      targetResourceId: fleet,
      resolveToResourceType: 'ASSET',
      resolveToResourceId: assetOne,
    });
    const executions = await call('ListExecutions', {
      targetResourceType: 'COMPUTATION_MODEL',
      targetResourceId: single,
      maxResults: 1,
    });
    await call('ListExecutions', {
      targetResourceType: 'COMPUTATION_MODEL',
      targetResourceId: single,
      maxResults: 1,
      nextToken: executions.nextToken,
    });
    await call('ListExecutions', {
      targetResourceType: 'COMPUTATION_MODEL',
      targetResourceId: fleet,
      resolveToResourceType: 'ASSET',
      resolveToResourceId: assetOne,
      actionType: 'AWS/ANOMALY_DETECTION_TRAINING',
    });
    const summaries = executions.executionSummaries as Array<{ executionId: string }>;
    await call('DescribeExecution', { executionId: summaries[0]?.executionId });
    const all = await call('ListExecutions', {
      targetResourceType: 'COMPUTATION_MODEL',
      targetResourceId: single,
      actionType: 'AWS/ANOMALY_DETECTION_TRAINING',
    });
    for (const summary of all.executionSummaries as Array<{ executionId: string }>)
      await call('DescribeExecution', { executionId: summary.executionId });
    await call('DescribeComputationModelExecutionSummary', { computationModelId: single });
    await call('DescribeComputationModelExecutionSummary', {
      computationModelId: fleet,
      resolveToResourceType: 'ASSET',
      resolveToResourceId: assetOne,
    });
    expect(await failing('DescribeExecution', { executionId: randomUUID() })).toBe(
      'ResourceNotFoundException',
    );
    expect(
      await failing('CreateComputationModel', {
        computationModelName: 'conf fleet model',
        computationModelConfiguration: configuration,
        computationModelDataBinding: { inputs: { list: [] }, result: { list: [] } },
      }),
    ).toBe('ResourceAlreadyExistsException');
    expect(
      await failing('ListExecutions', {
        targetResourceType: 'COMPUTATION_MODEL',
        targetResourceId: single,
        maxResults: 0,
      }),
    ).toBe('InvalidRequestException');
    await call('DeleteComputationModel', { computationModelId: fleet, clientToken: randomUUID() });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('answers every emulated operation with the model status code and output shape, no extra members', () => {
    // Prepare
    const problems: string[] = [];

    // Act
    for (const { operation, status, output } of calls) {
      const op = service.operations[operation];
      if ((op?.http.responseCode ?? 200) !== status)
        problems.push(`${operation}: status ${status}, the model says ${op?.http.responseCode ?? 200}`);
      const shape = op?.output?.shape;
      if (shape !== undefined)
        problems.push(...checkAgainstShape(service, shape, output).map((p) => `${operation} ${p}`));
    }

    // Assess
    expect(new Set(calls.map((c) => c.operation))).toEqual(new Set(ROUTES.map((r) => r.operation)));
    expect(problems.filter((p) => !KNOWN_MODEL_QUIRKS.includes(p))).toEqual([]);
  });

  it('answers errors with a status, x-amzn-ErrorType and body of an error the operation declares', () => {
    // Prepare
    const problems: string[] = [];

    // Act
    for (const { operation, status, output } of errors) {
      const declared = (service.operations[operation]?.errors ?? []).map((e) => e.shape);
      const match = declared.find(
        (name) =>
          service.shapes[name]?.error?.httpStatusCode === status &&
          checkAgainstShape(service, name, output).length === 0,
      );
      if (match === undefined)
        problems.push(
          `${operation}: ${status} ${JSON.stringify(output)} fits none of ${declared.join(', ')}`,
        );
    }

    // Assess
    expect(errors.length).toBeGreaterThanOrEqual(5);
    expect(problems).toEqual([]);
  });

  it('has a shape checker that notices extra members, missing required ones and pattern violations', () => {
    // Prepare
    const good = calls.find((c) => c.operation === 'DescribeExecution')?.output ?? {};
    const { executionStatus: _dropped, ...rest } = good;
    const bad = { ...rest, executionId: 'not-an-id', extra: 1 };

    // Act
    const problems = checkAgainstShape(service, 'DescribeExecutionResponse', bad).join('\n');

    // Assess
    expect(checkAgainstShape(service, 'DescribeExecutionResponse', good)).toEqual([]);
    expect(problems).toMatch(/extra is not in the shape/);
    expect(problems).toMatch(/required member executionStatus is missing/);
    expect(problems).toMatch(/executionId: 'not-an-id' does not match/);
  });

  it('refuses, for every emulated operation, each omitted required member and each invalid enum, pattern, length or range', async () => {
    // Prepare
    const probes = [...baselines].flatMap(([operation, valid]) => {
      const labels = uriMembers(service, operation);
      const shape = service.operations[operation]?.input?.shape ?? '';
      return (
        invalidInputs(service, shape, valid)
          // Without a path label there is no request to send: the SDK refuses it before any call.
          .filter(
            (probe) => !labels.some((label) => probe.input[label] === undefined || probe.input[label] === ''),
          )
          .map((probe) => ({ operation, ...probe }))
      );
    });

    // Act
    const answers = await Promise.all(
      probes.map((probe) => callRest(emulator.url, service, probe.operation, probe.input)),
    );

    // Assess
    expect(probes.length).toBeGreaterThan(80);
    const accepted = probes
      .map((probe, index) => ({ probe, answer: answers[index] }))
      .filter(({ answer }) => answer?.status !== 400 || answer.errorType !== 'InvalidRequestException')
      .map(
        ({ probe, answer }) =>
          `${probe.operation} ${probe.description}: ${answer?.status} ${JSON.stringify(answer?.body).slice(0, 160)}`,
      );
    expect(accepted).toEqual([]);
  });

  it('routes and validates each operation as the model declares it: method, URI, status, query members, constraints', () => {
    // Prepare
    const drifted = ROUTES.map((route) =>
      route.operation === 'ListExecutions' ? { ...route, uri: '/execution', query: ['nextToken'] } : route,
    );

    // Act
    const problems = routeTableProblems(service, ROUTES);

    // Assess
    expect(ROUTES.length).toBeGreaterThanOrEqual(17);
    expect(problems).toEqual([]);
    expect(routeTableProblems(service, drifted).join('\n')).toMatch(
      /ListExecutions: GET \/execution vs GET \/executions/,
    );
  });
});
