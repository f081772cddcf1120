// AWS IoT SiteWise anomaly detection as a ModelProvider: anomaly-detection computation models (one model per
// asset when bound at asset-model level), their training runs, model versions, retraining scheduler and
// active version, rebuilt from ListActions, ListExecutions and the objects runs leave in S3
// (docs/sitewise.md). The listing fills every change-relevant field, and the describe calls of the same
// cycle reuse what it read; anything else reads SiteWise afresh.
import {
  type ComputationModelSummary,
  type IoTSiteWiseClient,
  ListComputationModelsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-iotsitewise';
import type { S3Client } from '@aws-sdk/client-s3';
import { mapLimit } from '../concurrency.js';
import type { ModelSummary } from '../core/model.js';
import type { ModelProvider } from '../ports.js';
import { SITEWISE_PAGE_SIZE } from './sitewise-assumptions.js';
import { isSiteWiseRetryable } from './sitewise-errors.js';
import { siteWiseModelNaming } from './sitewise-naming.js';
import { createSiteWiseReader, type SiteWiseReader } from './sitewise-reads.js';
import { activate, freshView } from './sitewise-refresh.js';
import { readTrained, type TrainedView } from './sitewise-trained.js';
import { identityOf, toRetrainingSchedule, toVersionDetail, toVersionSummary } from './sitewise-views.js';

/** The status of a model listed although its actions, executions or objects could not be read. */
export const UNREADABLE_STATUS = 'UNREADABLE';

/**
 * SDK calls one listing makes when nothing changed (the per-model call budget): one ListComputationModels
 * per 250 computation models; per computation model, ListActions and ListExecutions (for one bound at
 * asset-model level, ListComputationModelResolveToResources too: one unfiltered ListActions and
 * ListExecutions cover every asset); one ListObjectsV2 per metrics destination. Each count is one page: 250
 * actions or executions, 1,000 objects. A model per asset none of whose assets has had an action yet lists
 * each asset on its own (2 more calls an asset) until one has. A changed model adds only what changed:
 * DescribeAction per new action, GetObject per new result or metrics object, DescribeExecution per failed
 * run, DescribeComputationModel per new definition version.
 */
export function siteWiseIdleCalls(models: ReadonlyArray<{ assets?: number; destinations: number }>): number {
  const pages = Math.max(1, Math.ceil(models.length / SITEWISE_PAGE_SIZE));
  const perModel = models.map((m) => (m.assets === undefined ? 2 : 3) + m.destinations);
  return perModel.reduce((sum, calls) => sum + calls, pages);
}

export interface SiteWiseProviderOptions {
  /** Computation models read at once while listing (default 8). */
  concurrency?: number;
  /**
   * The client activation's ExecuteAction is sent with, e.g. one with a role that may only act; every read
   * (the activation's own included) goes through `sitewise`. Default: `sitewise`.
   */
  writer?: IoTSiteWiseClient;
}

/** The facts of a listed computation model the reads need. */
export function factsOf(summary: ComputationModelSummary) {
  return {
    id: summary.id ?? '',
    arn: summary.arn ?? '',
    status: summary.status?.state ?? 'UNKNOWN',
    createdAt: summary.creationDate instanceof Date ? summary.creationDate.getTime() : null,
    version: summary.version ?? '',
  };
}

type Listed = { summary: ModelSummary; view: TrainedView } | { summary: ModelSummary; error: unknown };

/**
 * One computation model's models as listed. One that could not be read is listed as unreadable, so the
 * watcher's describe of it fails and the cycle reports it; one deleted since ListComputationModels is left
 * out, so the watcher confirms it gone.
 */
async function listOne(reader: SiteWiseReader, model: ReturnType<typeof factsOf>): Promise<Listed[]> {
  try {
    return (await readTrained(reader, model, null)).map((view) => ({ summary: view.detail, view }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return [];
    const identity = identityOf(model, null);
    const summary: ModelSummary = {
      ...identity,
      status: UNREADABLE_STATUS,
      createdAt: null,
      activeVersion: null,
      activeVersionArn: null,
      latestRunVersion: null,
      latestRunStatus: null,
      latestRunStartTime: null,
      nextRetrainingDate: null,
      schedulerStatus: null,
      modelQuality: null,
    };
    return [{ summary, error }];
  }
}

export function createSiteWiseProvider(
  sitewise: IoTSiteWiseClient,
  s3: S3Client,
  options: SiteWiseProviderOptions = {},
): ModelProvider {
  const reader = createSiteWiseReader(sitewise, s3);
  const concurrency = options.concurrency ?? 8;
  /** What the latest listing read, by model name; each kind of describe takes an entry once. */
  let listed = new Map<string, Listed & { taken: Set<string> }>();

  async function viewOf(name: string, use: string): Promise<TrainedView | null> {
    const memo = listed.get(name);
    if (memo !== undefined && !memo.taken.has(use)) {
      memo.taken.add(use);
      if ('error' in memo) throw memo.error;
      return memo.view;
    }
    return freshView(sitewise, reader, name);
  }

  return {
    ...siteWiseModelNaming,
    isRetryable: isSiteWiseRetryable,
    async *listModelPages() {
      listed = new Map();
      let token: string | undefined;
      do {
        const page = await sitewise.send(
          new ListComputationModelsCommand({
            computationModelType: 'ANOMALY_DETECTION',
            maxResults: SITEWISE_PAGE_SIZE,
            nextToken: token,
          }),
        );
        const models = (page.computationModelSummaries ?? []).map(factsOf);
        const read = (await mapLimit(models, concurrency, (m) => listOne(reader, m))).flat();
        for (const entry of read) listed.set(entry.summary.name, { ...entry, taken: new Set() });
        yield read.map((entry) => entry.summary);
        token = page.nextToken || undefined;
      } while (token);
    },
    async describeModel(name) {
      return (await viewOf(name, 'model'))?.detail ?? null;
    },
    async describeVersion(name, version) {
      const view = await viewOf(name, `version:${version}`);
      const run = view?.timeline.runs.find((r) => r.number === version);
      if (view === undefined || view === null || run === undefined) return null;
      const objects = run.objects;
      const body = (key: string | null | undefined) =>
        objects && key ? reader.body(objects.bucket, key, objects.etags[key] ?? '') : Promise.resolve(null);
      const failedReason =
        run.status === 'FAILED' &&
        run.executionId !== null &&
        view.reads.executions.some((e) => e.id === run.executionId)
          ? await reader.failure(run.executionId)
          : null;
      return toVersionDetail(name, run, {
        metricsJson: await body(objects?.metricsKey),
        priorMetricsJson: await body(objects?.priorKey),
        failedReason,
      });
    },
    async describeRetrainingSchedule(name) {
      const view = await viewOf(name, 'schedule');
      return view === null ? null : toRetrainingSchedule(name, view.timeline);
    },
    activateVersion: (name, version) =>
      activate({ sitewise, reader, writer: options.writer ?? sitewise }, name, version),
    async listVersions(name) {
      const view = await freshView(sitewise, reader, name);
      return view === null ? [] : view.timeline.runs.map((run) => toVersionSummary(name, run));
    },
  };
}
