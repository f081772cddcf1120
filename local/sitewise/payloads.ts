// The JSON an ExecuteAction carries in actionPayload.stringValue for the anomaly-detection actions, as the
// SiteWise User Guide describes it ("Detect anomalies…", "Advanced training configurations", "Advanced
// inference configurations"). The guide writes numbers both as JSON numbers and as strings ("2"), so both
// are read. A payload that does not parse is refused with InvalidRequestException naming the problem.

import { z } from 'zod';
import { retrainingFrequencyProblem } from '../emulator/retraining-schedule.js';
import { invalidRequest } from './errors.js';

const integer = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const epochSeconds = integer.pipe(z.number().int().min(0));
const s3Location = z.object({
  bucketName: z.string().min(3).max(63),
  prefix: z.string().max(1024).default(''),
});

export const TARGET_SAMPLING_RATES = [
  'PT1S',
  'PT5S',
  'PT10S',
  'PT15S',
  'PT30S',
  'PT1M',
  'PT5M',
  'PT10M',
  'PT15M',
  'PT30M',
  'PT1H',
] as const;

export const RetrainingConfigurationSchema = z.object({
  lookbackWindow: z.enum(['P180D', 'P360D', 'P540D', 'P720D']),
  retrainingFrequency: z.string().superRefine((text, ctx) => {
    const problem = retrainingFrequencyProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  }),
  promotion: z.enum(['SERVICE_MANAGED', 'CUSTOMER_MANAGED']).default('SERVICE_MANAGED'),
  retrainingStartDate: epochSeconds.optional(),
});
export type RetrainingConfiguration = z.output<typeof RetrainingConfigurationSchema>;

const trainingCommon = {
  exportDataStartTime: epochSeconds.optional(),
  exportDataEndTime: epochSeconds.optional(),
  targetSamplingRate: z.enum(TARGET_SAMPLING_RATES).optional(),
  labelInputConfiguration: s3Location.optional(),
  modelEvaluationConfiguration: z.record(z.string(), z.unknown()).optional(),
  modelMetricsDestination: s3Location.optional(),
};

export const TrainingPayloadSchema = z.discriminatedUnion('trainingMode', [
  z
    .object({ trainingMode: z.literal('TRAIN_MODEL'), ...trainingCommon })
    .refine(
      (payload) =>
        payload.exportDataStartTime !== undefined &&
        payload.exportDataEndTime !== undefined &&
        payload.exportDataStartTime < payload.exportDataEndTime,
      'TRAIN_MODEL needs exportDataStartTime before exportDataEndTime',
    ),
  z.object({
    trainingMode: z.literal('START_RETRAINING_SCHEDULER'),
    ...trainingCommon,
    modelMetricsDestination: s3Location,
    retrainingConfiguration: RetrainingConfigurationSchema,
  }),
  z.object({ trainingMode: z.literal('STOP_RETRAINING_SCHEDULER') }),
]);
export type TrainingPayload = z.output<typeof TrainingPayloadSchema>;

const HIGH_FREQUENCIES = ['PT5M', 'PT10M', 'PT15M', 'PT30M', 'PT1H'];
const isUploadFrequency = (text: string): boolean =>
  HIGH_FREQUENCIES.includes(text) || /^PT([2-9]|1\d|2[0-3])H$/.test(text) || text === 'P1D';

export const InferencePayloadSchema = z.discriminatedUnion('inferenceMode', [
  z.object({
    inferenceMode: z.literal('START'),
    dataUploadFrequency: z.string().refine(isUploadFrequency, 'must be PT5M–PT1H, PT2H–PT23H or P1D'),
    dataDelayOffsetInMinutes: integer.pipe(z.number().int().min(0).max(60)).optional(),
    targetModelVersion: integer.pipe(z.number().int().min(1)).optional(),
    weeklyOperatingWindow: z.record(z.string(), z.unknown()).optional(),
    inferenceTimeZone: z.string().min(1).optional(),
  }),
  z.object({ inferenceMode: z.literal('STOP') }),
]);
export type InferencePayload = z.output<typeof InferencePayloadSchema>;

function parsePayload<T>(schema: z.ZodType<T>, text: string, action: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidRequest(`The ${action} action payload is not valid JSON.`);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
  );
  throw invalidRequest(`Invalid ${action} action payload: ${problems.join('; ')}`);
}

export const parseTrainingPayload = (text: string): TrainingPayload =>
  parsePayload(TrainingPayloadSchema, text, 'AWS/ANOMALY_DETECTION_TRAINING');
export const parseInferencePayload = (text: string): InferencePayload =>
  parsePayload(InferencePayloadSchema, text, 'AWS/ANOMALY_DETECTION_INFERENCE');
