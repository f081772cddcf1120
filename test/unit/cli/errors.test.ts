import { describe, expect, it } from 'vitest';
import { CommandFailedError, explainError, UsageError } from '../../../cli/errors.js';

function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('explainError', () => {
  it('turns ResourceNotFoundException on a model into "model X not found"', () => {
    // Act
    const explained = explainError(awsError('ResourceNotFoundException', 'Model pump does not exist.'), {
      subject: { kind: 'model', name: 'pump' },
    });

    // Assess
    expect(explained).toEqual({
      message: 'model pump not found; run `l4e-autopilot status` to list the models in this region',
      details: [],
      exitCode: 1,
    });
  });

  it('quotes the service for a not-found without a known subject', () => {
    // Act / Assess
    expect(explainError(awsError('ResourceNotFoundException', 'Dataset d does not exist.')).message).toBe(
      'not found: Dataset d does not exist; check the name, the region and the account',
    );
  });

  it.each([
    [
      'ThrottlingException',
      'Rate exceeded',
      'AWS kept throttling the request after retries; wait a minute and try again',
    ],
    [
      'AccessDeniedException',
      'not authorized',
      'access denied: not authorized; use credentials (--profile) whose IAM policy allows this action',
    ],
    [
      'ConflictException',
      'busy.',
      'L4E refused because the resource is busy or in the wrong state: busy; wait for it to settle and try again',
    ],
    [
      'ValidationException',
      'bad   value',
      'the request was rejected: bad value; fix the value it names and try again',
    ],
    [
      'CredentialsProviderError',
      'Could not load credentials from any providers',
      'no AWS credentials found; set AWS_PROFILE or pass --profile, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    ],
  ])('says what to do about %s', (name, message, sentence) => {
    // Act
    const explained = explainError(awsError(name, message));

    // Assess
    expect(explained.message).toBe(sentence);
    expect(explained.exitCode).toBe(1);
  });

  it('names the address it could not reach, found in the cause chain', () => {
    // Prepare
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 9,
    });

    // Act
    const explained = explainError(new Error('socket failure', { cause: refused }));

    // Assess
    expect(explained.message).toBe(
      'could not reach 127.0.0.1:9 (ECONNREFUSED); check --endpoint-url, the AWS_ENDPOINT_URL_* variables, the region and the network',
    );
  });

  it('names a host without a port, else the endpoint in use, else the service', () => {
    // Prepare
    const unresolved = Object.assign(new Error('getaddrinfo ENOTFOUND'), {
      code: 'ENOTFOUND',
      hostname: 'lookoutequipment.example',
    });
    const timedOut = Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' });
    const advice = 'check --endpoint-url, the AWS_ENDPOINT_URL_* variables, the region and the network';

    // Act
    const byHost = explainError(unresolved);
    const byEndpoint = explainError(timedOut, { endpoint: 'http://127.0.0.1:4566' });
    const anonymous = explainError(timedOut);

    // Assess
    expect(byHost.message).toBe(`could not reach lookoutequipment.example (ENOTFOUND); ${advice}`);
    expect(byEndpoint.message).toBe(`could not reach http://127.0.0.1:4566 (ETIMEDOUT); ${advice}`);
    expect(anonymous.message).toBe(`could not reach the service (ETIMEDOUT); ${advice}`);
  });

  it('maps a missing region to a usage error', () => {
    // Act / Assess
    expect(explainError(new Error('Region is missing'))).toEqual({
      message: 'no AWS region configured; pass --region or set AWS_REGION',
      details: [],
      exitCode: 2,
    });
  });

  it('keeps the CLI own errors and their exit codes', () => {
    // Act
    const usage = explainError(new UsageError('bad file', { details: ['a', 'b'] }));
    const failed = explainError(new CommandFailedError('model m has no previous version to roll back to'));

    // Assess
    expect(usage).toEqual({ message: 'bad file', details: ['a', 'b'], exitCode: 2 });
    expect(failed.exitCode).toBe(1);
  });

  it('falls back to the error name and message for anything unknown', () => {
    // Act / Assess
    expect(explainError(awsError('WeirdException', 'odd')).message).toBe(
      'WeirdException: odd; try again, or report it with this message',
    );
    expect(explainError('plain string').exitCode).toBe(1);
  });
});
