// A local SSM Parameter Store over awsJson1_1 (`X-Amz-Target: AmazonSSM.<Op>`), with the service's
// versions, paging, SecureString handling and error codes, and a call history so tests can prove caching.
import type { JsonInput } from './aws-json.js';
import { createAwsJsonHandler, epochSeconds, optionalBoolean, optionalString } from './aws-json.js';
import { LocalAwsServiceError, missingMember } from './errors.js';
import { listen } from './http-server.js';
import { isPlainObject } from './json.js';
import {
  boundedMaxResults,
  paginate,
  parameterNotFound,
  requiredString,
  splitSelector,
} from './ssm-requests.js';
import type { ParameterType } from './ssm-rules.js';
import {
  createSecureStringSealer,
  MAX_VERSIONS,
  parameterArn,
  validateAllowedPattern,
  validateParameterName,
  validateType,
  validateValue,
} from './ssm-rules.js';

export type { ParameterType } from './ssm-rules.js';

export interface SsmCall {
  op: string;
  /** Parameter names the call asked for (the path, for GetParametersByPath). */
  names: string[];
}

export interface LocalSsm {
  readonly url: string;
  /** Creates or overwrites a parameter; returns its new version. */
  put(name: string, value: string, type?: ParameterType): number;
  /** The current plaintext value, or undefined when the parameter does not exist. */
  get(name: string): string | undefined;
  /** Every API call received over HTTP, in order. */
  history(): SsmCall[];
  close(): Promise<void>;
}

interface ParameterVersion {
  value: string;
  sealed: string | undefined;
  type: ParameterType;
  version: number;
  lastModified: Date;
  keyId: string | undefined;
  description: string | undefined;
  allowedPattern: string | undefined;
  tier: string;
}

const DEFAULT_KEY_ID = 'alias/aws/ssm';

export async function startLocalSsm(
  options: { host?: string; port?: number; accountId?: string; region?: string } = {},
): Promise<LocalSsm> {
  const store = new ParameterStore(options.region ?? 'us-east-1', options.accountId ?? '123456789012');
  const server = await listen(
    createAwsJsonHandler({
      targetPrefix: 'AmazonSSM',
      internalErrorCode: 'InternalServerError',
      operations: store.operations(),
    }),
    options,
  );
  return {
    url: server.url,
    put: (name, value, type = 'String') =>
      store.putParameter({ Name: name, Value: value, Type: type, Overwrite: true }).Version,
    get: (name) => store.current(name)?.value,
    history: () => store.calls.map((call) => ({ op: call.op, names: [...call.names] })),
    close: () => server.close(),
  };
}

class ParameterStore {
  readonly calls: SsmCall[] = [];
  private readonly parameters = new Map<string, ParameterVersion[]>();
  private readonly seal = createSecureStringSealer();

  constructor(
    private readonly region: string,
    private readonly account: string,
  ) {}

  current(name: string): ParameterVersion | undefined {
    return this.parameters.get(name)?.at(-1);
  }

  operations(): Record<string, (input: JsonInput) => unknown> {
    const recorded = (
      op: string,
      names: (input: JsonInput) => string[],
      run: (input: JsonInput) => unknown,
    ) => {
      return (input: JsonInput) => {
        this.calls.push({ op, names: names(input) });
        return run(input);
      };
    };
    const one = (member: string) => (input: JsonInput) => [String(input[member] ?? '')];
    const many = (input: JsonInput) => (Array.isArray(input.Names) ? input.Names.map(String) : []);
    return {
      GetParameter: recorded('GetParameter', one('Name'), (input) => this.getParameter(input)),
      GetParameters: recorded('GetParameters', many, (input) => this.getParameters(input)),
      GetParametersByPath: recorded('GetParametersByPath', one('Path'), (input) => this.getByPath(input)),
      GetParameterHistory: recorded('GetParameterHistory', one('Name'), (input) => this.getHistory(input)),
      PutParameter: recorded('PutParameter', one('Name'), (input) => this.putParameter(input)),
      DeleteParameter: recorded('DeleteParameter', one('Name'), (input) => this.deleteParameter(input)),
      DeleteParameters: recorded('DeleteParameters', many, (input) => this.deleteParameters(input)),
      DescribeParameters: recorded(
        'DescribeParameters',
        () => [],
        (input) => this.describeParameters(input),
      ),
    };
  }

  putParameter(input: JsonInput): { Version: number; Tier: string } {
    const name = requiredString(input, 'Name');
    const value = requiredString(input, 'Value');
    const overwrite = optionalBoolean(input, 'Overwrite') ?? false;
    const arn = parameterArn(this.region, this.account, name);
    validateParameterName(name, arn);
    const existing = this.parameters.get(name);
    const previous = existing?.at(-1);
    checkOverwrite(previous, { overwrite, tagged: input.Tags !== undefined });
    const { type, keyId } = putTypeOf(input, previous);
    const tier = optionalString(input, 'Tier') ?? previous?.tier ?? 'Standard';
    validateValue(value, tier);
    const allowedPattern = optionalString(input, 'AllowedPattern') ?? previous?.allowedPattern;
    validateAllowedPattern(value, allowedPattern);
    const version: ParameterVersion = {
      value,
      sealed: type === 'SecureString' ? this.seal(value) : undefined,
      type,
      version: (previous?.version ?? 0) + 1,
      lastModified: new Date(),
      keyId: type === 'SecureString' ? (keyId ?? previous?.keyId ?? DEFAULT_KEY_ID) : undefined,
      description: optionalString(input, 'Description') ?? previous?.description,
      allowedPattern,
      tier: tier === 'Advanced' ? 'Advanced' : 'Standard',
    };
    this.parameters.set(name, [...(existing ?? []), version].slice(-MAX_VERSIONS));
    return { Version: version.version, Tier: version.tier };
  }

  private getParameter(input: JsonInput) {
    const requested = requiredString(input, 'Name');
    const decrypt = optionalBoolean(input, 'WithDecryption') ?? false;
    const [name = requested, selector] = splitSelector(requested);
    const versions = this.parameters.get(name);
    if (versions === undefined) throw parameterNotFound(requested);
    if (selector === undefined) return { Parameter: this.present(name, versions.at(-1), decrypt) };
    const wanted = /^\d+$/.test(selector) ? Number(selector) : Number.NaN;
    const match = versions.find((v) => v.version === wanted);
    if (match === undefined) {
      throw new LocalAwsServiceError(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`,
      );
    }
    return { Parameter: { ...this.present(name, match, decrypt), Selector: `:${selector}` } };
  }

  private getParameters(input: JsonInput) {
    const names = input.Names;
    if (!Array.isArray(names)) throw missingMember('names');
    if (names.length < 1 || names.length > 10) {
      throw new LocalAwsServiceError(
        'ValidationException',
        `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length between 1 and 10`,
      );
    }
    const decrypt = optionalBoolean(input, 'WithDecryption') ?? false;
    const found: unknown[] = [];
    const invalid: string[] = [];
    for (const name of new Set(names.map(String))) {
      const current = this.current(name);
      if (current === undefined) invalid.push(name);
      else found.push(this.present(name, current, decrypt));
    }
    return { Parameters: found, InvalidParameters: invalid };
  }

  private getByPath(input: JsonInput) {
    const path = requiredString(input, 'Path');
    if (!path.startsWith('/')) {
      throw new LocalAwsServiceError(
        'ValidationException',
        'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".',
      );
    }
    const recursive = optionalBoolean(input, 'Recursive') ?? false;
    const decrypt = optionalBoolean(input, 'WithDecryption') ?? false;
    const maxResults = boundedMaxResults(input, 10);
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const names = [...this.parameters.keys()]
      .filter((name) => name.startsWith(prefix) && (recursive || !name.slice(prefix.length).includes('/')))
      .sort();
    const { items, nextToken } = paginate(names, maxResults, optionalString(input, 'NextToken'));
    return {
      Parameters: items.map((name) => this.present(name, this.current(name), decrypt)),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  private getHistory(input: JsonInput) {
    const name = requiredString(input, 'Name');
    const versions = this.parameters.get(name);
    if (versions === undefined) throw parameterNotFound(name);
    const decrypt = optionalBoolean(input, 'WithDecryption') ?? false;
    const { items, nextToken } = paginate(
      versions,
      boundedMaxResults(input, 50),
      optionalString(input, 'NextToken'),
    );
    return {
      Parameters: items.map((v) => ({
        ...this.describe(name, v),
        Value: this.valueOf(v, decrypt),
        Labels: [],
      })),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  private deleteParameter(input: JsonInput) {
    const name = requiredString(input, 'Name');
    if (!this.parameters.delete(name)) throw parameterNotFound(name);
    return {};
  }

  private deleteParameters(input: JsonInput) {
    if (!Array.isArray(input.Names)) throw missingMember('names');
    const deleted: string[] = [];
    const invalid: string[] = [];
    for (const name of input.Names.map(String)) (this.parameters.delete(name) ? deleted : invalid).push(name);
    return { DeletedParameters: deleted, InvalidParameters: invalid };
  }

  private describeParameters(input: JsonInput) {
    const filters = Array.isArray(input.ParameterFilters) ? input.ParameterFilters : [];
    const names = [...this.parameters.keys()]
      .filter((name) => filters.every((f) => this.passes(name, f)))
      .sort();
    const { items, nextToken } = paginate(
      names,
      boundedMaxResults(input, 50),
      optionalString(input, 'NextToken'),
    );
    return {
      Parameters: items.map((name) => this.describe(name, this.current(name))),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  }

  private passes(name: string, filter: unknown): boolean {
    if (!isPlainObject(filter)) return true;
    const values = Array.isArray(filter.Values) ? filter.Values.map(String) : [];
    const option = typeof filter.Option === 'string' ? filter.Option : 'Equals';
    const current = this.current(name);
    switch (filter.Key) {
      case 'Name':
        return values.some((v) => (option === 'BeginsWith' ? name.startsWith(v) : name === v));
      case 'Type':
        return values.includes(current?.type ?? '');
      case 'KeyId':
        return values.includes(current?.keyId ?? '');
      case 'Path':
        return values.some((v) => {
          const prefix = v.endsWith('/') ? v : `${v}/`;
          return (
            name.startsWith(prefix) && (option === 'Recursive' || !name.slice(prefix.length).includes('/'))
          );
        });
      default:
        throw new LocalAwsServiceError(
          'InvalidFilterKey',
          `The filter key ${String(filter.Key)} is not supported.`,
        );
    }
  }

  private valueOf(version: ParameterVersion, decrypt: boolean): string {
    return version.sealed !== undefined && !decrypt ? version.sealed : version.value;
  }

  private present(name: string, version: ParameterVersion | undefined, decrypt: boolean) {
    if (version === undefined) throw parameterNotFound(name);
    return {
      Name: name,
      Type: version.type,
      Value: this.valueOf(version, decrypt),
      Version: version.version,
      LastModifiedDate: epochSeconds(version.lastModified),
      ARN: parameterArn(this.region, this.account, name),
      DataType: 'text',
    };
  }

  private describe(name: string, version: ParameterVersion | undefined) {
    if (version === undefined) throw parameterNotFound(name);
    return {
      Name: name,
      ARN: parameterArn(this.region, this.account, name),
      Type: version.type,
      ...(version.keyId === undefined ? {} : { KeyId: version.keyId }),
      LastModifiedDate: epochSeconds(version.lastModified),
      LastModifiedUser: `arn:aws:iam::${this.account}:user/local`,
      ...(version.description === undefined ? {} : { Description: version.description }),
      ...(version.allowedPattern === undefined ? {} : { AllowedPattern: version.allowedPattern }),
      Version: version.version,
      Tier: version.tier,
      Policies: [],
      DataType: 'text',
    };
  }
}

/** A PutParameter onto an existing name must say Overwrite, and may then not carry tags. */
function checkOverwrite(
  previous: ParameterVersion | undefined,
  request: { overwrite: boolean; tagged: boolean },
): void {
  if (previous === undefined) return;
  if (!request.overwrite) {
    throw new LocalAwsServiceError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  if (request.tagged) {
    throw new LocalAwsServiceError(
      'ValidationException',
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  }
}

/** A PutParameter's type (the previous version's when it names none), its key id, and its text data type. */
function putTypeOf(
  input: JsonInput,
  previous: ParameterVersion | undefined,
): { type: ParameterType; keyId: string | undefined } {
  const typeInput = input.Type ?? previous?.type;
  if (typeInput === undefined) {
    throw new LocalAwsServiceError(
      'ValidationException',
      'A parameter type is required when you create a parameter.',
    );
  }
  const type = validateType(typeInput);
  const keyId = optionalString(input, 'KeyId');
  if (keyId !== undefined && type !== 'SecureString') {
    throw new LocalAwsServiceError(
      'ValidationException',
      'KeyId is required for SecureString type parameter only.',
    );
  }
  const dataType = optionalString(input, 'DataType') ?? 'text';
  if (dataType !== 'text') {
    throw new LocalAwsServiceError(
      'ValidationException',
      `The following data type is not supported: ${dataType}`,
    );
  }
  return { type, keyId };
}
