// The poller people write first: list every model, then describe every model, its latest version and its
// retraining scheduler on every cycle, whether anything changed or not. It keeps no state, so it also
// diffs nothing and publishes nothing: its cost is a floor for that design, not a ceiling.
import {
  DescribeModelCommand,
  type DescribeModelResponse,
  DescribeModelVersionCommand,
  type DescribeModelVersionResponse,
  DescribeRetrainingSchedulerCommand,
  type DescribeRetrainingSchedulerResponse,
  ListModelsCommand,
  type LookoutEquipmentClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-lookoutequipment';
import { mapLimit } from './stats.js';

/** ListModels' largest page, as the product uses. */
export const NAIVE_PAGE_SIZE = 500;

export interface NaiveModelView {
  model: DescribeModelResponse;
  latestVersion: DescribeModelVersionResponse | null;
  scheduler: DescribeRetrainingSchedulerResponse | null;
}

export interface NaivePollResult {
  pages: number;
  models: NaiveModelView[];
}

async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
}

/** Newest version the model reports; a model that reports none is asked for version 1, as a naive poller would. */
function latestVersionOf(model: DescribeModelResponse): number {
  return Math.max(model.ActiveModelVersion ?? 0, model.LatestScheduledRetrainingModelVersion ?? 0) || 1;
}

/**
 * One naive cycle: ⌈N/500⌉ ListModels pages, then exactly three describes per model, `concurrency` models
 * in flight and one model's calls in sequence, as the watcher observes a model.
 */
export async function runNaivePoll(
  client: LookoutEquipmentClient,
  options: { concurrency: number },
): Promise<NaivePollResult> {
  const names: string[] = [];
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new ListModelsCommand({ MaxResults: NAIVE_PAGE_SIZE, NextToken: token }));
    pages++;
    for (const summary of page.ModelSummaries ?? []) if (summary.ModelName) names.push(summary.ModelName);
    token = page.NextToken || undefined;
  } while (token);

  const models: NaiveModelView[] = [];
  await mapLimit(names, options.concurrency, async (name) => {
    const model = await orNull(client.send(new DescribeModelCommand({ ModelName: name })));
    if (!model) return;
    const latestVersion = await orNull(
      client.send(new DescribeModelVersionCommand({ ModelName: name, ModelVersion: latestVersionOf(model) })),
    );
    const scheduler = await orNull(client.send(new DescribeRetrainingSchedulerCommand({ ModelName: name })));
    models.push({ model, latestVersion, scheduler });
  });
  return { pages, models };
}

/** L4E calls of one naive cycle over `models` models that all exist. */
export function naiveCallsPerCycle(models: number): number {
  return Math.ceil(models / NAIVE_PAGE_SIZE) + 3 * models;
}
