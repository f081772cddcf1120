// Dataset operations. Datasets are treated as already ingested: an API-created dataset holds the
// configured number of days of data up to its creation.

import { DAY_MS } from '../durations.js';
import { conflictError, notFoundError } from '../errors.js';
import { paginate } from '../pagination.js';
import type { Simulation } from '../simulation.js';
import type { DatasetState, Tag, TimeRange } from '../state.js';
import { datasetSummary, describeDataset } from '../views.js';
import {
  beginsWith,
  byName,
  checkInlineSchema,
  checkTags,
  type Handler,
  idempotent,
  integer,
  resolveKmsKey,
  structure,
  text,
} from './common.js';

export function addDataset(
  sim: Simulation,
  fields: {
    name: string;
    data: TimeRange;
    createdAt: number;
    schema?: string;
    kmsKeyArn?: string;
    tags: Tag[];
  },
  cause: string,
): DatasetState {
  const dataset: DatasetState = {
    name: fields.name,
    arn: sim.newDatasetArn(fields.name),
    createdAt: fields.createdAt,
    updatedAt: fields.createdAt,
    data: fields.data,
    fileCount: Math.max(1, Math.ceil((fields.data.end - fields.data.start) / DAY_MS)),
    tags: fields.tags,
    ...(fields.schema === undefined ? {} : { schema: fields.schema }),
    ...(fields.kmsKeyArn === undefined ? {} : { kmsKeyArn: fields.kmsKeyArn }),
  };
  sim.store.datasets.set(dataset.name, dataset);
  sim.record(
    {
      resource: 'dataset',
      modelName: null,
      modelVersion: null,
      name: dataset.name,
      field: 'Status',
      from: null,
      to: 'ACTIVE',
      cause,
    },
    fields.createdAt,
  );
  return dataset;
}

function requireDataset(sim: Simulation, name: string): DatasetState {
  const dataset = sim.store.datasets.get(name);
  if (dataset === undefined) throw notFoundError(`Dataset '${name}' does not exist.`);
  return dataset;
}

const createDataset: Handler = (sim, input) =>
  idempotent(sim, 'CreateDataset', input, () => {
    const name = text(input, 'DatasetName') as string;
    if (sim.store.datasets.has(name)) throw conflictError(`Dataset '${name}' already exists.`);
    const schema = checkInlineSchema(
      structure<{ InlineDataSchema?: string }>(input, 'DatasetSchema')?.InlineDataSchema,
    );
    const kmsKeyArn = resolveKmsKey(sim.settings, text(input, 'ServerSideKmsKeyId'));
    const tags = checkTags(structure<Tag[]>(input, 'Tags'));
    const history = sim.settings.defaults.datasetHistoryDays * DAY_MS;
    const dataset = addDataset(
      sim,
      {
        name,
        data: { start: sim.now - history, end: sim.now },
        createdAt: sim.now,
        tags,
        ...(schema === undefined ? {} : { schema }),
        ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
      },
      'API',
    );
    return { DatasetName: dataset.name, DatasetArn: dataset.arn, Status: 'ACTIVE' };
  });

const describe: Handler = (sim, input) =>
  describeDataset(sim, requireDataset(sim, text(input, 'DatasetName') as string));

const list: Handler = (sim, input) => {
  const prefix = text(input, 'DatasetNameBeginsWith');
  const items = [...sim.store.datasets.values()]
    .filter((dataset) => beginsWith(dataset.name, prefix))
    .sort(byName((dataset) => dataset.name));
  const page = paginate(
    sim.tokens,
    {
      operation: 'ListDatasets',
      nextToken: text(input, 'NextToken'),
      maxResults: integer(input, 'MaxResults'),
      filters: { prefix },
    },
    items,
    { keyOf: (dataset) => dataset.name, order: 'asc' },
  );
  return { DatasetSummaries: page.items.map(datasetSummary), NextToken: page.nextToken };
};

const remove: Handler = (sim, input) => {
  const dataset = requireDataset(sim, text(input, 'DatasetName') as string);
  sim.store.datasets.delete(dataset.name);
  sim.record({
    resource: 'dataset',
    modelName: null,
    modelVersion: null,
    name: dataset.name,
    field: 'Status',
    from: 'ACTIVE',
    to: 'DELETED',
    cause: 'API',
  });
  return {};
};

export const datasetOperations: Record<string, Handler> = {
  CreateDataset: createDataset,
  DescribeDataset: describe,
  ListDatasets: list,
  DeleteDataset: remove,
};
