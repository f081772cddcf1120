// Amazon Lookout for Equipment as a ModelProvider: the calls the watcher, the decider and the report make.
import {
  DescribeModelCommand,
  DescribeModelVersionCommand,
  DescribeRetrainingSchedulerCommand,
  ListModelsCommand,
  ListModelVersionsCommand,
  type LookoutEquipmentClient,
  ResourceNotFoundException,
  UpdateActiveModelVersionCommand,
} from '@aws-sdk/client-lookoutequipment';
import type { VersionSummary } from '../core/model.js';
import type { ModelProvider } from '../ports.js';
import { isLookoutRetryable } from './lookout-errors.js';
import { lookoutModelNaming } from './lookout-naming.js';
import {
  LIST_PAGE_SIZE,
  MAX_PAGE_SIZE,
  num,
  toModelDetail,
  toModelSummary,
  toRetrainingSchedule,
  toVersionDetail,
  toVersionSummary,
} from './lookout-shapes.js';

async function orNull<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
}

export interface LookoutProviderOptions {
  /**
   * The client activation is sent with (UpdateActiveModelVersion), e.g. one with a role that may only
   * activate; every other call goes through `client`. Default: `client`.
   */
  writer?: LookoutEquipmentClient;
}

export function createLookoutProvider(
  client: LookoutEquipmentClient,
  options: LookoutProviderOptions = {},
): ModelProvider {
  const writer = options.writer ?? client;
  return {
    ...lookoutModelNaming,
    isRetryable: isLookoutRetryable,
    async *listModelPages() {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListModelsCommand({ MaxResults: LIST_PAGE_SIZE, NextToken: token }),
        );
        yield (page.ModelSummaries ?? []).map(toModelSummary);
        token = page.NextToken || undefined;
      } while (token);
    },
    async describeModel(name) {
      const model = await orNull(() => client.send(new DescribeModelCommand({ ModelName: name })));
      return model ? toModelDetail(model) : null;
    },
    async describeVersion(name, version) {
      const described = await orNull(() =>
        client.send(new DescribeModelVersionCommand({ ModelName: name, ModelVersion: version })),
      );
      return described ? toVersionDetail(described) : null;
    },
    async describeRetrainingSchedule(name) {
      const s = await orNull(() => client.send(new DescribeRetrainingSchedulerCommand({ ModelName: name })));
      return s ? toRetrainingSchedule(s, name) : null;
    },
    async activateVersion(name, version) {
      const result = await writer.send(
        new UpdateActiveModelVersionCommand({ ModelName: name, ModelVersion: version }),
      );
      return { previous: num(result.PreviousActiveVersion), current: num(result.CurrentActiveVersion) };
    },
    async listVersions(name) {
      const versions: VersionSummary[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListModelVersionsCommand({ ModelName: name, MaxResults: MAX_PAGE_SIZE, NextToken: token }),
        );
        versions.push(...(page.ModelVersionSummaries ?? []).map(toVersionSummary));
        token = page.NextToken || undefined;
      } while (token);
      return versions;
    },
  };
}
