// Parameter Store rules the service enforces on PutParameter, with its error codes and wording.
import { createCipheriv, randomBytes } from 'node:crypto';
import { LocalAwsServiceError } from './errors.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];

export const MAX_HIERARCHY_DEPTH = 15;
/** The limit applies to the full ARN of the parameter. */
export const MAX_ARN_LENGTH = 1011;
export const MAX_STANDARD_VALUE_LENGTH = 4096;
export const MAX_ADVANCED_VALUE_LENGTH = 8192;
/** Older versions beyond this are discarded, as the service does for unlabelled versions. */
export const MAX_VERSIONS = 100;

const NAME_RULE_MESSAGE =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can ' +
  'consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers ' +
  'and the following 3 symbols .-_';

export function parameterArn(region: string, account: string, name: string): string {
  return `arn:aws:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

export function validateParameterName(name: string, arn: string): void {
  if (arn.length > MAX_ARN_LENGTH) {
    throw new LocalAwsServiceError(
      'ValidationException',
      `Parameter name: The maximum length of a parameter name, including the full ARN prefix, is ${MAX_ARN_LENGTH} characters.`,
    );
  }
  if (name.includes('/') && !name.startsWith('/')) {
    throw new LocalAwsServiceError('ValidationException', 'Parameter name must be a fully qualified name.');
  }
  const segments = name.startsWith('/') ? name.slice(1).split('/') : [name];
  const first = segments[0]?.toLowerCase() ?? '';
  const badSegment = segments.some((segment) => !/^[a-zA-Z0-9_.-]+$/.test(segment));
  if (badSegment || first.startsWith('aws') || first.startsWith('ssm')) {
    throw new LocalAwsServiceError('ValidationException', NAME_RULE_MESSAGE);
  }
  if (segments.length > MAX_HIERARCHY_DEPTH) {
    throw new LocalAwsServiceError(
      'HierarchyLevelLimitExceededException',
      `A hierarchy can have a maximum of ${MAX_HIERARCHY_DEPTH} levels.`,
    );
  }
}

export function validateType(type: unknown): ParameterType {
  if (PARAMETER_TYPES.includes(type as ParameterType)) return type as ParameterType;
  throw new LocalAwsServiceError(
    'ValidationException',
    `1 validation error detected: Value '${String(type)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
  );
}

export function validateValue(value: string, tier: string): void {
  if (value.length === 0) {
    throw new LocalAwsServiceError(
      'ValidationException',
      "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  const limit = tier === 'Advanced' ? MAX_ADVANCED_VALUE_LENGTH : MAX_STANDARD_VALUE_LENGTH;
  if (value.length > limit) {
    throw new LocalAwsServiceError(
      'ValidationException',
      `${tier === 'Advanced' ? 'Advanced' : 'Standard'} tier parameters support a maximum parameter value of ${limit} characters.`,
    );
  }
}

export function validateAllowedPattern(value: string, allowedPattern: string | undefined): void {
  if (allowedPattern === undefined) return;
  let pattern: RegExp;
  try {
    pattern = new RegExp(allowedPattern);
  } catch (error) {
    throw new LocalAwsServiceError(
      'InvalidAllowedPatternException',
      'The allowed pattern is not valid.',
      400,
      {
        cause: error,
      },
    );
  }
  if (!pattern.test(value)) {
    throw new LocalAwsServiceError(
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${allowedPattern}`,
    );
  }
}

/**
 * Produces what the service returns for a SecureString read without decryption: an opaque base64 blob.
 * It is real AES-GCM ciphertext under a key that never leaves the process, so the plaintext cannot leak.
 */
export function createSecureStringSealer(): (plaintext: string) => string {
  const key = randomBytes(32);
  return function seal(plaintext) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([1, 2, 2, 0]), iv, cipher.getAuthTag(), body]).toString('base64');
  };
}
