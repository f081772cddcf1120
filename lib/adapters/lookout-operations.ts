// Amazon Lookout for Equipment as the operations CLI's ModelOperations: the provider calls plus
// retraining schedulers (the 2023-09 API), version pages, inference executions and imports. Errors
// propagate unchanged so the caller can say what to do about each one.
import {
  CreateRetrainingSchedulerCommand,
  DeleteRetrainingSchedulerCommand,
  ImportModelVersionCommand,
  type InferenceDataImportStrategy,
  ListInferenceExecutionsCommand,
  ListModelVersionsCommand,
  ListRetrainingSchedulersCommand,
  type LookoutEquipmentClient,
  type ModelPromoteMode,
  type RetrainingSchedulerStatus,
  StartRetrainingSchedulerCommand,
  StopRetrainingSchedulerCommand,
  UpdateRetrainingSchedulerCommand,
} from '@aws-sdk/client-lookoutequipment';
import type { ModelOperations, RetrainingScheduleSettings } from '../ports.js';
import { createLookoutProvider, type LookoutProviderOptions } from './lookout.js';
import {
  MAX_PAGE_SIZE,
  num,
  toInferenceExecution,
  toRetrainingScheduleSummary,
  toVersionSummary,
} from './lookout-shapes.js';

export { MAX_PAGE_SIZE } from './lookout-shapes.js';

// L4E validates the enum values itself and answers a clear ValidationException: unknown values pass
// through to it rather than being second-guessed here.
const promoteMode = (value: string | undefined) => value as ModelPromoteMode | undefined;
const schedulerStatus = (value: string | undefined) => value as RetrainingSchedulerStatus | undefined;
const importStrategy = (value: string | undefined) => value as InferenceDataImportStrategy | undefined;

function schedulerSettings(settings: RetrainingScheduleSettings) {
  return {
    RetrainingStartDate: settings.startDate,
    RetrainingFrequency: settings.frequency,
    LookbackWindow: settings.lookbackWindow,
    PromoteMode: promoteMode(settings.promoteMode),
  };
}

/**
 * `options.writer`: the client activation goes through (see createLookoutProvider); every other call,
 * scheduler changes and imports included, goes through `client`.
 */
export function createLookoutOperations(
  client: LookoutEquipmentClient,
  options: LookoutProviderOptions = {},
): ModelOperations {
  const provider = createLookoutProvider(client, options);
  return {
    ...provider,
    async *listVersionPages(modelName) {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListModelVersionsCommand({ ModelName: modelName, MaxResults: MAX_PAGE_SIZE, NextToken: token }),
        );
        yield (page.ModelVersionSummaries ?? []).map(toVersionSummary);
        token = page.NextToken || undefined;
      } while (token);
    },
    async listRetrainingSchedules(filter) {
      const page = await client.send(
        new ListRetrainingSchedulersCommand({
          ModelNameBeginsWith: filter.namePrefix,
          Status: schedulerStatus(filter.status),
          MaxResults: filter.maxResults,
          NextToken: filter.nextToken,
        }),
      );
      return {
        schedules: (page.RetrainingSchedulerSummaries ?? []).map(toRetrainingScheduleSummary),
        nextToken: page.NextToken || null,
      };
    },
    async createRetrainingSchedule(modelName, settings, clientToken) {
      const created = await client.send(
        new CreateRetrainingSchedulerCommand({
          ModelName: modelName,
          ...schedulerSettings(settings),
          RetrainingFrequency: settings.frequency,
          LookbackWindow: settings.lookbackWindow,
          ClientToken: clientToken,
        }),
      );
      return { status: created.Status ?? 'UNKNOWN' };
    },
    async updateRetrainingSchedule(modelName, settings) {
      await client.send(
        new UpdateRetrainingSchedulerCommand({ ModelName: modelName, ...schedulerSettings(settings) }),
      );
    },
    async startRetrainingSchedule(modelName) {
      const started = await client.send(new StartRetrainingSchedulerCommand({ ModelName: modelName }));
      return { status: started.Status ?? 'UNKNOWN' };
    },
    async stopRetrainingSchedule(modelName) {
      const stopped = await client.send(new StopRetrainingSchedulerCommand({ ModelName: modelName }));
      return { status: stopped.Status ?? 'UNKNOWN' };
    },
    async deleteRetrainingSchedule(modelName) {
      await client.send(new DeleteRetrainingSchedulerCommand({ ModelName: modelName }));
    },
    async *listExecutionPages(schedulerName, options = {}) {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListInferenceExecutionsCommand({
            InferenceSchedulerName: schedulerName,
            DataStartTimeAfter: options.dataStartAfter,
            MaxResults: options.pageSize ?? MAX_PAGE_SIZE,
            NextToken: token,
          }),
        );
        yield (page.InferenceExecutionSummaries ?? []).map(toInferenceExecution);
        token = page.NextToken || undefined;
      } while (token);
    },
    async importVersion(input) {
      const imported = await client.send(
        new ImportModelVersionCommand({
          SourceModelVersionArn: input.sourceVersionArn,
          DatasetName: input.datasetName,
          ModelName: input.modelName,
          InferenceDataImportStrategy: importStrategy(input.inferenceDataImportStrategy),
          RoleArn: input.roleArn,
          ServerSideKmsKeyId: input.kmsKeyId,
          LabelsInputConfiguration: input.labelGroupName
            ? { LabelGroupName: input.labelGroupName }
            : undefined,
          ClientToken: input.clientToken,
        }),
      );
      return {
        modelName: imported.ModelName ?? input.modelName ?? '',
        modelArn: imported.ModelArn ?? null,
        version: num(imported.ModelVersion),
        versionArn: imported.ModelVersionArn ?? null,
        status: imported.Status ?? 'UNKNOWN',
      };
    },
  };
}
