// Every failure the CLI reports is one sentence that says what to do, and maps to an exit code:
// 1 when something failed, 2 when the command line itself was wrong (nothing was called).

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The command line is wrong; nothing was sent to AWS. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = EXIT_USAGE;
  /** Extra lines, e.g. every validation error of a policy file. */
  readonly details: readonly string[];

  constructor(message: string, options?: { cause?: unknown; details?: readonly string[] }) {
    super(message, options);
    this.details = options?.details ?? [];
  }
}

/** A failure the CLI already understands and has put into words. */
export class CommandFailedError extends Error {
  override name = 'CommandFailedError';
  readonly exitCode = EXIT_FAILURE;
}

/** What a ResourceNotFoundException most likely refers to in the command at hand. */
export interface ErrorSubject {
  kind: 'model' | 'retraining scheduler' | 'inference scheduler' | 'model version' | 'dataset';
  name: string;
}

export interface ExplainOptions {
  subject?: ErrorSubject | null;
  /** The endpoint to name when a connection fails without saying where it went. */
  endpoint?: string | null;
}

export interface Explanation {
  message: string;
  details: readonly string[];
  exitCode: number;
}

function awsMessage(error: Error): string {
  const text = (error.message || '').trim().replace(/\s+/g, ' ');
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

function notFound(subject: ErrorSubject | null | undefined, error: Error): string {
  if (!subject) return `not found: ${awsMessage(error)}; check the name, the region and the account`;
  if (subject.kind === 'model') {
    return `model ${subject.name} not found; run \`l4e-autopilot status\` to list the models in this region`;
  }
  return `${subject.kind} ${subject.name} not found; check the name, the region and the account`;
}

interface NetworkFailure {
  code: string;
  where: string | null;
}

const NETWORK_CODES = /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/;

interface SocketErrorFields {
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
}

/** Where a socket error was headed: `host:port`, the host alone, or null when it names neither. */
function socketTarget({ address, port, hostname }: SocketErrorFields): string | null {
  const host = typeof address === 'string' ? address : typeof hostname === 'string' ? hostname : null;
  if (host === null) return null;
  return port === undefined ? host : `${host}:${String(port)}`;
}

/** The network failure at `error` or up to four causes below it; null when there is none. */
function networkFailure(error: unknown): NetworkFailure | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const fields = current as SocketErrorFields;
    if (typeof fields.code === 'string' && NETWORK_CODES.test(fields.code)) {
      return { code: fields.code, where: socketTarget(fields) };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

const SENTENCES: Record<string, (error: Error) => string> = {
  ValidationException: (e) =>
    `the request was rejected: ${awsMessage(e)}; fix the value it names and try again`,
  ConflictException: (e) =>
    `L4E refused because the resource is busy or in the wrong state: ${awsMessage(e)}; wait for it to settle and try again`,
  ConflictingOperationException: (e) =>
    `IoT SiteWise refused because the model is busy or in the wrong state: ${awsMessage(e)}; wait for it to settle and try again`,
  InvalidRequestException: (e) =>
    `IoT SiteWise rejected the request: ${awsMessage(e)}; fix the value it names and try again`,
  InternalFailureException: () => 'the service had an internal error; try again in a moment',
  UnsupportedOperationError: (e) => awsMessage(e),
  SiteWiseActivationError: (e) => awsMessage(e),
  ThrottlingException: () => 'AWS kept throttling the request after retries; wait a minute and try again',
  ServiceQuotaExceededException: (e) =>
    `a service quota would be exceeded: ${awsMessage(e)}; delete unused resources or request a quota increase`,
  AccessDeniedException: (e) =>
    `access denied: ${awsMessage(e)}; use credentials (--profile) whose IAM policy allows this action`,
  InternalServerException: () => 'the service had an internal error; try again in a moment',
  UnrecognizedClientException: () =>
    'the credentials were not recognised; check AWS_PROFILE/--profile or the access keys in use',
  InvalidSignatureException: () => 'the request signature was rejected; check the secret key and the clock',
  ExpiredTokenException: () => 'the session credentials have expired; sign in again (e.g. `aws sso login`)',
  CredentialsProviderError: () =>
    'no AWS credentials found; set AWS_PROFILE or pass --profile, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
  AssumeRoleError: (e) =>
    `${awsMessage(e)}; check that the target's reader role is deployed and trusts these credentials with the external id`,
  ParameterNotFound: (e) => `SSM parameter not found: ${awsMessage(e)}; check --prefix`,
  ParameterReadError: (e) => `${awsMessage(e)}; check the credentials, the region and --prefix`,
};

/** Turns any error into one sentence and an exit code. Never prints a stack trace. */
export function explainError(error: unknown, options: ExplainOptions = {}): Explanation {
  if (error instanceof UsageError) {
    return { message: error.message, details: error.details, exitCode: EXIT_USAGE };
  }
  if (error instanceof CommandFailedError)
    return { message: error.message, details: [], exitCode: EXIT_FAILURE };
  const err = error instanceof Error ? error : new Error(String(error));
  const fail = (message: string): Explanation => ({ message, details: [], exitCode: EXIT_FAILURE });
  const network = networkFailure(err);
  if (network) {
    const where = network.where ?? options.endpoint;
    return fail(
      `could not reach ${where ? where : 'the service'} (${network.code}); check --endpoint-url, the AWS_ENDPOINT_URL_* variables, the region and the network`,
    );
  }
  if (/region is missing/i.test(err.message)) {
    return {
      message: 'no AWS region configured; pass --region or set AWS_REGION',
      details: [],
      exitCode: EXIT_USAGE,
    };
  }
  if (err.name === 'ResourceNotFoundException') return fail(notFound(options.subject, err));
  const sentence = SENTENCES[err.name];
  if (sentence) return fail(sentence(err));
  const message = awsMessage(err);
  return fail(
    `${err.name || 'Error'}: ${message || 'unexpected failure'}; try again, or report it with this message`,
  );
}
