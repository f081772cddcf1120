import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../local/emulator/errors.js';
import { INPUT_SHAPES } from '../../../local/emulator/input-shapes.js';
import { compileJavaPattern, translateJavaPattern } from '../../../local/emulator/java-regex.js';
import { validateInput } from '../../../local/emulator/validation.js';

function errorOf(operation: string, input: Record<string, unknown>): ServiceError | undefined {
  const shape = INPUT_SHAPES[operation];
  if (shape === undefined) throw new Error(`no shape for ${operation}`);
  try {
    validateInput(shape, input);
    return undefined;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
}

describe('Java patterns', () => {
  it('translates service patterns into whole-value JavaScript regular expressions', () => {
    // Act / Assess
    expect(translateJavaPattern('^(\\-|\\_|\\s)?$')).toBe('^(-|_|\\s)?$');
    expect(translateJavaPattern('^(\\+|\\-)[0-9]{2}\\:[0-9]{2}$')).toBe('^(\\+|-)[0-9]{2}:[0-9]{2}$');
    expect(translateJavaPattern('^[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9]$')).toBe(
      '^[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9]$',
    );
    expect(compileJavaPattern('\\p{ASCII}{1,256}').test('token-1')).toBe(true);
    expect(compileJavaPattern('\\p{ASCII}{1,256}').test('tökén')).toBe(false);
    expect(compileJavaPattern('[\\P{M}\\p{M}]{1,1024}[^/]$').test('key/with/parts')).toBe(true);
    expect(compileJavaPattern('[\\P{M}\\p{M}]{1,1024}[^/]$').test('prefix/')).toBe(false);
    expect(compileJavaPattern('^EPOCH|yyyy-MM-dd-HH-mm-ss|yyyyMMddHHmmss$').test('EPOCHS')).toBe(false);
    expect(compileJavaPattern('[\\s\\w+-=\\.:/@]*').test('v1.2 @team')).toBe(true);
  });
});

describe('validateInput', () => {
  it('accepts a valid request', () => {
    // Act / Assess
    expect(
      errorOf('CreateRetrainingScheduler', {
        ModelName: 'm-1',
        RetrainingFrequency: 'P1M',
        LookbackWindow: 'P180D',
        ClientToken: 't',
      }),
    ).toBeUndefined();
  });

  it('reports every violation in one ValidationException, in the service format', () => {
    // Act
    const error = errorOf('CreateRetrainingScheduler', {
      ModelName: 'bad name',
      RetrainingFrequency: 'P30',
      PromoteMode: 'AUTO',
      ClientToken: 't',
    });

    // Assess
    expect(error?.code).toBe('ValidationException');
    expect(error?.status).toBe(400);
    expect(error?.message).toBe(
      '4 validation errors detected: ' +
        "Value 'bad name' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z_-]{1,200}$; " +
        "Value 'P30' at 'retrainingFrequency' failed to satisfy constraint: Member must satisfy regular expression pattern: ^P(\\dY)?(\\d{1,2}M)?(\\d{1,3}D)?$; " +
        "Value null at 'lookbackWindow' failed to satisfy constraint: Member must not be null; " +
        "Value 'AUTO' at 'promoteMode' failed to satisfy constraint: Member must satisfy enum value set: [MANAGED, MANUAL]",
    );
  });

  it('names nested members and list items with the service path syntax', () => {
    // Act
    const nested = errorOf('CreateInferenceScheduler', {
      ModelName: 'm',
      InferenceSchedulerName: 's',
      DataUploadFrequency: 'PT5M',
      DataInputConfiguration: { S3InputConfiguration: { Bucket: 'UPPER' } },
      DataOutputConfiguration: { S3OutputConfiguration: {} },
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      ClientToken: 't',
      Tags: [{ Key: 'aws:reserved', Value: 'v' }],
    });

    // Assess
    expect(nested?.message).toContain("at 'dataInputConfiguration.s3InputConfiguration.bucket'");
    expect(nested?.message).toContain("Value null at 'dataOutputConfiguration.s3OutputConfiguration.bucket'");
    expect(nested?.message).toContain("Value 'aws:reserved' at 'tags.1.member.key'");
  });

  it('checks lengths, numeric ranges and list sizes', () => {
    // Act / Assess
    expect(errorOf('ListModels', { MaxResults: 0 })?.message).toContain(
      'Member must have value greater than or equal to 1',
    );
    expect(errorOf('ListModels', { MaxResults: 501 })?.message).toContain(
      'Member must have value less than or equal to 500',
    );
    expect(errorOf('DescribeModel', { ModelName: 'x'.repeat(201) })?.message).toContain(
      'Member must have length less than or equal to 200',
    );
    const tooMany = Array.from({ length: 201 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(errorOf('TagResource', { ResourceArn: 'arn', Tags: tooMany })?.message).toContain(
      "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200",
    );
  });

  it('treats a value of the wrong JSON type as a SerializationException', () => {
    // Act
    const wrong = [
      errorOf('ListModels', { MaxResults: '10' }),
      errorOf('DescribeModelVersion', { ModelName: 'm', ModelVersion: 1.5 }),
      errorOf('CreateRetrainingScheduler', {
        ModelName: 'm',
        RetrainingFrequency: 'P30D',
        LookbackWindow: 'P180D',
        ClientToken: 't',
        RetrainingStartDate: '2025-01-01',
      }),
      errorOf('TagResource', { ResourceArn: 'arn', Tags: { Key: 'k' } }),
    ];

    // Assess
    expect(wrong.map((e) => e?.code)).toEqual(Array(4).fill('SerializationException'));
  });
});
