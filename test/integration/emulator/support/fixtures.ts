// Small steps shared by the emulator's SDK tests.

import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateRetrainingSchedulerCommand,
  DescribeRetrainingSchedulerCommand,
  type LookoutEquipmentClient,
  type ModelPromoteMode,
  StartRetrainingSchedulerCommand,
} from '@aws-sdk/client-lookoutequipment';
import type { Emulator } from '../../../../local/emulator/index.js';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/L4EAccess';

/** A dataset and a model trained to version 1 (two simulated hours). */
export async function trainedModel(
  client: LookoutEquipmentClient,
  emulator: Emulator,
  name: string,
  options: { labeled?: boolean; dataset?: string } = {},
): Promise<string> {
  const dataset = options.dataset ?? `${name}-data`;
  await client.send(new CreateDatasetCommand({ DatasetName: dataset }));
  const created = await client.send(
    new CreateModelCommand({
      ModelName: name,
      DatasetName: dataset,
      ...(options.labeled === false
        ? {}
        : { LabelsInputConfiguration: { S3InputConfiguration: { Bucket: 'labels-bucket' } } }),
    }),
  );
  emulator.advance('PT2H');
  return created.ModelArn as string;
}

/**
 * Creates and starts a retraining scheduler, then lets the start settle: StartRetrainingScheduler
 * answers PENDING, and the scheduler turns RUNNING a little later on the simulated clock.
 */
export async function runningScheduler(
  client: LookoutEquipmentClient,
  emulator: Emulator,
  model: string,
  options: { frequency?: string; promoteMode?: ModelPromoteMode; startDate?: Date } = {},
): Promise<void> {
  await client.send(
    new CreateRetrainingSchedulerCommand({
      ModelName: model,
      RetrainingFrequency: options.frequency ?? 'P30D',
      LookbackWindow: 'P180D',
      PromoteMode: options.promoteMode ?? 'MANAGED',
      ...(options.startDate === undefined ? {} : { RetrainingStartDate: options.startDate }),
    }),
  );
  const started = await client.send(new StartRetrainingSchedulerCommand({ ModelName: model }));
  if (started.Status !== 'PENDING') throw new Error(`StartRetrainingScheduler answered ${started.Status}`);
  for (let minute = 0; minute < 120; minute++) {
    const { Status } = await client.send(new DescribeRetrainingSchedulerCommand({ ModelName: model }));
    if (Status === 'RUNNING') return;
    emulator.advance('PT1M');
  }
  throw new Error(`the retraining scheduler of ${model} did not turn RUNNING within two simulated hours`);
}
