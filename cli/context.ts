// One context per run: resolved global options, the output streams, and the AWS clients, each built
// on first use and then reused for every call of the run.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Command } from 'commander';
import { createLookoutOperations } from '../lib/adapters/lookout-operations.js';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createActivationHistory, createDecisionHistory } from '../lib/adapters/state-decisions.js';
import type { Env } from '../lib/config.js';
import type { ProviderName } from '../lib/core/model.js';
import type { ActivationHistory, DecisionHistory, ModelOperations, ParameterSource } from '../lib/ports.js';
import { type ErrorSubject, UsageError } from './errors.js';
import { DEFAULT_PROVIDER, enabledProviders, parseProvider } from './provider.js';
import { createSiteWiseOperationsFor } from './sitewise-clients.js';
import { createStyle, type Style } from './style.js';

export const DEFAULT_PREFIX = '/l4e-autopilot/dev';
/** Attempts per call, the first included; the SDK backs off between them on throttling. */
const MAX_ATTEMPTS = 4;

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Input extends AsyncIterable<string | Buffer> {
  isTTY?: boolean;
  setEncoding?(encoding: BufferEncoding): unknown;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  stdin: Input;
  env: Env;
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Global options as commander parsed them. */
export interface GlobalOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  table?: string;
  prefix?: string;
  color?: boolean;
  provider?: string;
}

export interface ResolvedOptions {
  region: string | undefined;
  profile: string | undefined;
  endpointUrl: string | undefined;
  tableName: string | null;
  prefix: string;
  color: boolean;
  /** The provider --provider names; undefined when the command infers it from its model argument. */
  provider: ProviderName | undefined;
  /** The providers PROVIDERS enables, for a command about every model. */
  providers: ProviderName[];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function resolveOptions(options: GlobalOptions, env: Env, stdoutIsTty: boolean): ResolvedOptions {
  const prefix = (nonEmpty(options.prefix) ?? nonEmpty(env.PARAMETER_PREFIX) ?? DEFAULT_PREFIX).replace(
    /\/+$/,
    '',
  );
  if (!prefix.startsWith('/')) {
    throw new UsageError(
      `the parameter prefix must start with '/', e.g. ${DEFAULT_PREFIX}, got ${JSON.stringify(prefix)}`,
    );
  }
  const endpointUrl = nonEmpty(options.endpointUrl);
  if (endpointUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(endpointUrl)) {
    throw new UsageError(
      `--endpoint-url must be an http(s) URL such as http://127.0.0.1:4567, got ${JSON.stringify(endpointUrl)}`,
    );
  }
  return {
    region: nonEmpty(options.region),
    profile: nonEmpty(options.profile),
    endpointUrl,
    tableName: nonEmpty(options.table) ?? nonEmpty(env.STATE_TABLE_NAME) ?? null,
    prefix,
    color: options.color !== false && env.NO_COLOR === undefined && stdoutIsTty,
    provider: options.provider === undefined ? undefined : parseProvider(options.provider),
    providers: enabledProviders(env.PROVIDERS),
  };
}

/** What a run for one fleet target collects instead of writing to stdout. */
export interface TargetSink {
  lines: string[];
  json: unknown[];
}

/** How a context for one fleet target differs from the hub's own. */
export interface TargetScope {
  /** The hub's context: SSM and the state table stay the hub's. */
  hub: CliContext;
  /** The target's reader-role credentials; absent: the hub's own. */
  credentials?: AwsCredentialIdentityProvider;
  /** The target's activator-role credentials, for activation only; absent: activation uses `credentials`. */
  activator?: AwsCredentialIdentityProvider;
  sink: TargetSink;
}

export class CliContext {
  /** What a "not found" from the service most likely refers to, set by the running command. */
  subject: ErrorSubject | null = null;
  readonly style: Style;
  /** The provider the command works on: --provider, or the one its model argument names. */
  selected: ProviderName;
  private readonly operationsBy = new Map<ProviderName, ModelOperations>();
  private ssmClient: SSMClient | undefined;
  private parameterSource: ParameterSource | undefined;
  private history: (DecisionHistory & ActivationHistory) | undefined;
  private stsClient: STSClient | undefined;

  constructor(
    readonly io: CliIo,
    readonly options: ResolvedOptions,
    private readonly scope?: TargetScope,
  ) {
    this.style = createStyle(options.color);
    this.selected = options.provider ?? DEFAULT_PROVIDER;
  }

  /**
   * A context whose model services reach one target: its region, its reader role's credentials, and for
   * activation its activator role's when given.
   */
  forTarget(
    region: string,
    credentials: AwsCredentialIdentityProvider | undefined,
    sink: TargetSink,
    activator?: AwsCredentialIdentityProvider,
  ) {
    const scope: TargetScope = {
      hub: this,
      sink,
      ...(credentials ? { credentials } : {}),
      ...(activator ? { activator } : {}),
    };
    const target = new CliContext(this.io, { ...this.options, region }, scope);
    target.selected = this.selected;
    return target;
  }

  private clientConfig() {
    const credentials = this.scope?.credentials;
    return {
      maxAttempts: MAX_ATTEMPTS,
      ...(this.options.region ? { region: this.options.region } : {}),
      ...(this.options.profile ? { profile: this.options.profile } : {}),
      ...(credentials ? { credentials } : {}),
    };
  }

  /** The endpoint of the selected provider's service, when one was configured (for error messages). */
  get modelEndpoint(): string | null {
    const env = this.io.env;
    const own =
      this.selected === 'iot-sitewise'
        ? env.AWS_ENDPOINT_URL_IOTSITEWISE
        : env.AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT;
    return this.options.endpointUrl ?? own ?? env.AWS_ENDPOINT_URL ?? null;
  }

  /** A provider's operations, its clients built on first use. --endpoint-url applies to the selected one. */
  operations(provider: ProviderName): ModelOperations {
    let found = this.operationsBy.get(provider);
    if (found === undefined) {
      const endpoint = provider === this.selected ? this.options.endpointUrl : undefined;
      const config = { ...this.clientConfig(), ...(endpoint ? { endpoint } : {}) };
      const activator = this.scope?.activator;
      const writer = activator === undefined ? undefined : { ...config, credentials: activator };
      found =
        provider === 'iot-sitewise'
          ? createSiteWiseOperationsFor(config, this.io.env, writer)
          : createLookoutOperations(
              new LookoutEquipmentClient(config),
              writer === undefined ? {} : { writer: new LookoutEquipmentClient(writer) },
            );
      this.operationsBy.set(provider, found);
    }
    return found;
  }

  /** The selected provider's operations. */
  get models(): ModelOperations {
    return this.operations(this.selected);
  }

  /** Lookout for Equipment's operations, for the commands only it offers. */
  get lookout(): ModelOperations {
    return this.operations('lookout-equipment');
  }

  get ssm(): SSMClient {
    if (this.scope) return this.scope.hub.ssm;
    this.ssmClient ??= new SSMClient(this.clientConfig());
    return this.ssmClient;
  }

  /** STS with the hub's own credentials: who the caller is, and the targets' roles. */
  get sts(): STSClient {
    if (this.scope) return this.scope.hub.sts;
    this.stsClient ??= new STSClient(this.clientConfig());
    return this.stsClient;
  }

  get parameters(): ParameterSource {
    if (this.scope) return this.scope.hub.parameters;
    this.parameterSource ??= createParameterSource(this.ssm, { maxAgeSeconds: 0 });
    return this.parameterSource;
  }

  /** The decision log's read side (decisions, activation records); null when no state table is configured. */
  get decisionHistory(): (DecisionHistory & ActivationHistory) | null {
    if (this.scope) return this.scope.hub.decisionHistory;
    const tableName = this.options.tableName;
    if (tableName === null) return null;
    if (!this.history) {
      const client = DynamoDBDocumentClient.from(new DynamoDBClient(this.clientConfig()), {
        marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
      });
      const table = { tableName };
      this.history = { ...createDecisionHistory(client, table), ...createActivationHistory(client, table) };
    }
    return this.history;
  }

  print(...lines: string[]): void {
    if (this.scope) {
      this.scope.sink.lines.push(...lines);
      return;
    }
    for (const line of lines) this.io.stdout.write(`${line}\n`);
  }

  /** Remarks about the run (progress, adjustments made to input) go to stderr, keeping stdout parseable. */
  note(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }

  json(value: unknown): void {
    if (this.scope) {
      this.scope.sink.json.push(value);
      return;
    }
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}

export interface CliRuntime {
  /** The run's context, created on first use from the global options; `provider` selects the provider. */
  context(command: Command, provider?: ProviderName): CliContext;
  /** Exit code for a command that reported its own outcome (e.g. an invalid policy listed in full). */
  setExitCode(code: number): void;
}
