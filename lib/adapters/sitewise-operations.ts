// IoT SiteWise anomaly detection as the operations CLI's ModelOperations, on top of the read-side
// provider. SiteWise has no retraining-scheduler resource: a scheduler is the latest START_ or
// STOP_RETRAINING_SCHEDULER training action, so creating or changing one sends a START with the whole
// configuration, starting re-sends the last START's configuration, and stopping sends a STOP. Every
// ExecuteAction carries a client token, so a retried request does not act twice. Errors propagate unchanged.
import { randomUUID } from 'node:crypto';
import { type IoTSiteWiseClient, ListExecutionsCommand } from '@aws-sdk/client-iotsitewise';
import type { RetrainingSchedule } from '../core/model.js';
import type {
  InferenceExecution,
  ModelOperations,
  ModelProvider,
  RetrainingScheduleFilter,
  RetrainingScheduleSettings,
  RetrainingScheduleSummary,
} from '../ports.js';
import {
  createSiteWiseActions,
  INFERENCE_ACTION,
  listTarget,
  type SiteWiseActions,
  siteWiseTarget,
  UnsupportedOperationError,
} from './sitewise-actions.js';
import {
  parseMetricsDestination,
  parseStartSchedulerPayload,
  promotionOf,
  type RetrainingConfiguration,
  type S3Destination,
  STOP_SCHEDULER_PAYLOAD,
  type StartSchedulerPayload,
  startSchedulerPayload,
  utcDaySeconds,
} from './sitewise-training.js';

export { UnsupportedOperationError } from './sitewise-actions.js';

export interface SiteWiseOperationsOptions {
  /** Where runs write their metrics when no earlier training action of the model says. */
  metricsDestination?: S3Destination;
  /** Client tokens for the actions that take none from the caller (tests pin them). */
  clientToken?: () => string;
}

export interface SiteWiseOperationsDependencies {
  sitewise: IoTSiteWiseClient;
  /** The read side: models, versions, schedules and activation. */
  provider: ModelProvider;
}

const PAGE_SIZE = 250;

function configurationWith(
  base: RetrainingConfiguration | null,
  settings: RetrainingScheduleSettings,
): RetrainingConfiguration {
  const lookbackWindow = settings.lookbackWindow ?? base?.lookbackWindow;
  const retrainingFrequency = settings.frequency ?? base?.retrainingFrequency;
  if (lookbackWindow === undefined || retrainingFrequency === undefined) {
    throw new UnsupportedOperationError(
      'IoT SiteWise needs a lookback window and a retraining frequency to start a retraining scheduler, and this model has never had one: give both',
    );
  }
  const promotion =
    settings.promoteMode === undefined
      ? (base?.promotion ?? 'SERVICE_MANAGED')
      : promotionOf(settings.promoteMode);
  if (promotion === null) {
    throw new UnsupportedOperationError(
      `promote mode must be MANAGED or MANUAL, got ${settings.promoteMode}`,
    );
  }
  const start =
    settings.startDate === undefined
      ? base?.retrainingStartDate
      : utcDaySeconds(settings.startDate.getTime());
  return {
    lookbackWindow,
    retrainingFrequency,
    promotion,
    ...(start === undefined ? {} : { retrainingStartDate: start }),
  };
}

function toExecution(modelName: string) {
  return (summary: {
    executionEntityVersion?: string;
    executionStatus?: { state?: string };
    executionStartTime?: Date;
  }): InferenceExecution => {
    const version = Number(summary.executionEntityVersion);
    return {
      schedulerName: modelName,
      modelName,
      modelVersion: Number.isSafeInteger(version) && version > 0 ? version : null,
      modelVersionArn: null,
      status: summary.executionStatus?.state ?? 'UNKNOWN',
      scheduledStartTime: summary.executionStartTime?.toISOString() ?? null,
      dataStartTime: null,
      dataEndTime: null,
      failedReason: null,
    };
  };
}

function toScheduleSummary(modelArn: string | null, schedule: RetrainingSchedule): RetrainingScheduleSummary {
  return {
    modelName: schedule.modelName,
    modelArn,
    status: schedule.status,
    startDate: schedule.startDate,
    frequency: schedule.frequency,
    lookbackWindow: schedule.lookbackWindow,
  };
}

/** The schedules the filter asks for, in the order the provider lists its models. */
async function matchingSchedules(
  provider: ModelProvider,
  filter: RetrainingScheduleFilter,
): Promise<RetrainingScheduleSummary[]> {
  const schedules: RetrainingScheduleSummary[] = [];
  const wanted = (name: string) => filter.namePrefix === undefined || name.startsWith(filter.namePrefix);
  for await (const page of provider.listModelPages()) {
    for (const model of page.filter((m) => m.schedulerStatus !== null && wanted(m.name))) {
      const schedule = await provider.describeRetrainingSchedule(model.name);
      if (schedule !== null && (filter.status === undefined || schedule.status === filter.status)) {
        schedules.push(toScheduleSummary(model.arn, schedule));
      }
    }
  }
  return schedules;
}

/** The model's last START payload and the metrics destination of its last training action. */
async function lastTraining(
  actions: SiteWiseActions,
  modelName: string,
): Promise<{ start: StartSchedulerPayload | null; destination: S3Destination | null }> {
  let destination: S3Destination | null = null;
  for await (const text of actions.trainingPayloads(siteWiseTarget(modelName))) {
    destination ??= parseMetricsDestination(text);
    const start = parseStartSchedulerPayload(text);
    if (start !== null) return { start, destination: destination ?? start.modelMetricsDestination };
  }
  return { start: null, destination };
}

export function createSiteWiseOperations(
  dependencies: SiteWiseOperationsDependencies,
  options: SiteWiseOperationsOptions = {},
): ModelOperations {
  const { sitewise, provider } = dependencies;
  const actions = createSiteWiseActions(sitewise);
  const token = options.clientToken ?? randomUUID;

  async function startWith(modelName: string, settings: RetrainingScheduleSettings, clientToken: string) {
    const last = await lastTraining(actions, modelName);
    const destination = last.destination ?? options.metricsDestination;
    if (destination === undefined) {
      throw new UnsupportedOperationError(
        `IoT SiteWise writes each run's metrics to S3, and no training action of ${modelName} names a bucket: train it once with a modelMetricsDestination, or configure the metrics destination`,
      );
    }
    const configuration = configurationWith(last.start?.retrainingConfiguration ?? null, settings);
    await actions.executeTraining(
      siteWiseTarget(modelName),
      startSchedulerPayload(configuration, destination),
      clientToken,
    );
    return { status: (await provider.describeRetrainingSchedule(modelName))?.status ?? 'PENDING' };
  }

  return {
    ...provider,
    async *listVersionPages(modelName) {
      yield await provider.listVersions(modelName);
    },
    async listRetrainingSchedules(filter) {
      const schedules = await matchingSchedules(provider, filter);
      const from = Number(filter.nextToken ?? 0) || 0;
      const to = filter.maxResults === undefined ? schedules.length : from + filter.maxResults;
      return { schedules: schedules.slice(from, to), nextToken: to < schedules.length ? String(to) : null };
    },
    createRetrainingSchedule: (modelName, settings, clientToken) =>
      startWith(modelName, settings, clientToken),
    async updateRetrainingSchedule(modelName, settings) {
      // SiteWise refuses a START while a scheduler runs: the new configuration replaces it after a STOP.
      const status = (await provider.describeRetrainingSchedule(modelName))?.status;
      if (status === 'RUNNING' || status === 'PENDING') {
        await actions.executeTraining(siteWiseTarget(modelName), STOP_SCHEDULER_PAYLOAD, token());
      }
      await startWith(modelName, settings, token());
    },
    async startRetrainingSchedule(modelName) {
      const last = await lastTraining(actions, modelName);
      if (last.start === null) {
        throw new UnsupportedOperationError(
          `${modelName} has never had a retraining scheduler in IoT SiteWise, so there is no configuration to start again: start one with a START_RETRAINING_SCHEDULER training action`,
        );
      }
      await actions.executeTraining(siteWiseTarget(modelName), last.start, token());
      return { status: (await provider.describeRetrainingSchedule(modelName))?.status ?? 'PENDING' };
    },
    async stopRetrainingSchedule(modelName) {
      await actions.executeTraining(siteWiseTarget(modelName), STOP_SCHEDULER_PAYLOAD, token());
      return { status: (await provider.describeRetrainingSchedule(modelName))?.status ?? 'STOPPING' };
    },
    async deleteRetrainingSchedule(modelName) {
      // A refusal rather than a stop: a delete promises the scheduler is gone, and in SiteWise its START
      // action stays in the model's history, where `start` finds it again.
      throw new UnsupportedOperationError(
        `IoT SiteWise has no retraining scheduler to delete: ${modelName}'s scheduler is its latest START_RETRAINING_SCHEDULER action, which stays in the action history; stop it instead (l4e-autopilot scheduler stop ${modelName})`,
      );
    },
    async *listExecutionPages(schedulerName, pageOptions = {}) {
      const target = listTarget(siteWiseTarget(schedulerName));
      const after = pageOptions.dataStartAfter?.getTime();
      let nextToken: string | undefined;
      do {
        const page = await sitewise.send(
          new ListExecutionsCommand({
            ...target,
            actionType: INFERENCE_ACTION,
            maxResults: Math.min(pageOptions.pageSize ?? PAGE_SIZE, PAGE_SIZE),
            nextToken,
          }),
        );
        const summaries = (page.executionSummaries ?? []).filter(
          (s) => after === undefined || (s.executionStartTime?.getTime() ?? 0) > after,
        );
        yield summaries.map(toExecution(schedulerName));
        nextToken = page.nextToken || undefined;
      } while (nextToken);
    },
    async importVersion() {
      throw new UnsupportedOperationError(
        'IoT SiteWise has no model import: train the model in SiteWise (a TRAIN_MODEL training action) on the data of its asset instead',
      );
    },
  };
}
