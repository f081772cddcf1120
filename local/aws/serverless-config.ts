// Reads serverless.yml (Serverless Framework v3 shape) so a local run wires exactly what a deployment
// would: EventBridge rules and their targets, schedules, function environments and asynchronous retries,
// DynamoDB tables and SNS subscriptions. test/integration/local/wiring.test.ts holds what it reads equal
// to the template `osls package` makes of the same file.
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { CloudFormationYamlError, parseCloudFormationYaml } from './cfn-yaml.js';
import type { RetryPolicy } from './event-bus-delivery.js';
import type { EventPattern } from './event-pattern.js';
import { isPlainObject } from './json.js';
import { isScriptPath, runScripts, scriptReferences } from './serverless-scripts.js';
import {
  type AsyncInvokeConfig,
  asyncInvokeOf,
  at,
  conditionHolds,
  type DynamoTableDefinition,
  functionLogicalId,
  mergedMapping,
  patternOf,
  referencedLogicalId,
  resourceRetryPolicy,
  retryPolicyOf,
  ServerlessConfigError,
  type SnsSubscriptionConfig,
  subscriptionOf,
  tableDefinition,
} from './serverless-shapes.js';
import {
  type SqsEventSourceConfig,
  type SqsQueueConfig,
  sqsEventSourceOf,
  sqsQueueOf,
} from './serverless-sqs.js';
import type { VariableSources } from './serverless-variables.js';
import { resolveVariables } from './serverless-variables.js';

export type { AsyncInvokeConfig, DynamoTableDefinition, SnsSubscriptionConfig } from './serverless-shapes.js';
export { functionLogicalId, ServerlessConfigError } from './serverless-shapes.js';
export type { SqsEventSourceConfig, SqsQueueConfig } from './serverless-sqs.js';

/** A rule that sends the events it matches to another event bus, named by its ARN. */
export interface BusForwardConfig {
  ruleName: string;
  eventBus: unknown;
  pattern: EventPattern;
  targetArn: string;
}

export interface EventBridgeRuleConfig {
  /** Where the rule is declared: a function's `eventBridge` event or an `AWS::Events::Rule` resource. */
  declaredBy: 'function-event' | 'resource';
  functionName: string;
  /** As written in serverless.yml, e.g. `functions/notify.handler`. */
  handler: string;
  /** The rule name when serverless.yml sets one (the logical id for a resource without Name). */
  ruleName?: string;
  /** The target's Id (the function's name for a function event, whose Id Serverless makes up). */
  targetId: string;
  pattern: EventPattern;
  retryPolicy?: RetryPolicy;
  /** Name, ARN or CloudFormation reference, variables resolved; undefined means the default bus. */
  eventBus: unknown;
  hasDeadLetterQueue: boolean;
  deadLetterQueueArn?: unknown;
  enabled: boolean;
}

export interface ScheduleConfig {
  functionName: string;
  handler: string;
  /** `rate(...)` / `cron(...)` expressions. */
  expressions: string[];
  enabled: boolean;
  input?: unknown;
  /** The rule name when serverless.yml sets one (the logical id for a resource without Name). */
  ruleName?: string;
  /** The target's Id (the function's name for a function event, whose Id Serverless makes up). */
  targetId: string;
  retryPolicy?: RetryPolicy;
  deadLetterQueueArn?: unknown;
}

export interface ServerlessConfigOptions {
  region?: string;
  accountId?: string;
  /** Values for `${env:…}`; when absent those variables stay unresolved. */
  env?: Record<string, string | undefined>;
  /** Stage parameters given on the command line (`osls package --param name=value`): they win. */
  params?: Readonly<Record<string, string>>;
}

export interface ServerlessConfig {
  readonly stage: string;
  /** The parsed document, variables unresolved, CloudFormation tags in long form. */
  readonly raw: Record<string, unknown>;
  /** Resolves `${…}` variables inside any value for the loaded stage. */
  resolve(value: unknown): unknown;
  stageParams(stage?: string): Record<string, unknown>;
  functionNames(): string[];
  /** The function's handler, variables resolved, e.g. `functions/notify.handler`. */
  functionHandler(name: string): string;
  eventBridgeRules(): EventBridgeRuleConfig[];
  /** `AWS::Events::Rule` resources with an `EventPattern` that send events to buses given by ARN. */
  busForwards(): BusForwardConfig[];
  schedules(): ScheduleConfig[];
  /** provider.environment merged with the function's environment, values as written. */
  functionEnvironment(name: string): Record<string, unknown>;
  /** Undefined when the function sets none of maximumRetryAttempts, maximumEventAge, destinations. */
  functionAsyncInvoke(name: string): AsyncInvokeConfig | undefined;
  /** `AWS::SNS::Subscription` resources whose Condition holds. */
  snsSubscriptions(): SnsSubscriptionConfig[];
  resource(logicalId: string): unknown;
  dynamoTables(): DynamoTableDefinition[];
  /** The bus name an `eventBus` value designates (name, ARN, `!Ref Bus` or `!GetAtt Bus.Arn`). */
  busName(eventBus: unknown): string;
  /** `AWS::SQS::Queue` resources. */
  sqsQueues(): SqsQueueConfig[];
  /** Functions' `sqs` events: the event source mappings Lambda polls the queues with. */
  sqsEventSources(): SqsEventSourceConfig[];
}

export function loadServerlessConfig(
  path = 'serverless.yml',
  stage = 'local',
  options: ServerlessConfigOptions = {},
): ServerlessConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ServerlessConfigError(`cannot read ${path}`, { cause: error });
  }
  return parseServerlessConfig(text, stage, {
    ...options,
    baseDir: dirname(resolvePath(path)),
    source: path,
  });
}

/**
 * loadServerlessConfig, then runs the JavaScript files `${file(./x.cjs):key}` variables name (the
 * poll-rate settings, the region and retention checks), so those variables resolve too.
 */
export async function loadServerlessConfigWithScripts(
  path = 'serverless.yml',
  stage = 'local',
  options: ServerlessConfigOptions = {},
): Promise<ServerlessConfig> {
  const config = loadServerlessConfig(path, stage, options);
  if (config instanceof LoadedConfig) await config.runScripts();
  return config;
}

export function parseServerlessConfig(
  text: string,
  stage = 'local',
  options: ServerlessConfigOptions & { baseDir?: string; source?: string } = {},
): ServerlessConfig {
  const raw = parseYaml(text, options.source ?? 'serverless.yml');
  return new LoadedConfig(raw, stage, options);
}

function parseYaml(text: string, source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseCloudFormationYaml(text, source);
  } catch (error) {
    if (error instanceof CloudFormationYamlError)
      throw new ServerlessConfigError(error.message, { cause: error });
    throw error;
  }
  if (!isPlainObject(parsed)) throw new ServerlessConfigError(`${source} must be a YAML mapping`);
  return parsed;
}

class LoadedConfig implements ServerlessConfig {
  private readonly sources: VariableSources;
  /** Results of the JavaScript files `${file(…)}` names, by absolute path, once runScripts ran. */
  private scripts = new Map<string, unknown>();

  constructor(
    readonly raw: Record<string, unknown>,
    readonly stage: string,
    private readonly options: ServerlessConfigOptions & { baseDir?: string; source?: string },
  ) {
    this.sources = this.variableSources(stage);
  }

  private variableSources(stage: string): VariableSources {
    const providerRegion = at(this.raw, 'provider.region');
    const sources: VariableSources = {
      stage,
      region:
        this.options.region ??
        (typeof providerRegion === 'string' && !providerRegion.includes('${') ? providerRegion : 'us-east-1'),
      ...(this.options.accountId === undefined ? {} : { accountId: this.options.accountId }),
      ...(this.options.env === undefined ? {} : { env: this.options.env }),
      param: (name) => this.stageParams(stage)[name],
      self: (path) => {
        // Serverless fills these in from the CLI when the file leaves them out.
        if (path === 'provider.stage') return at(this.raw, path) ?? stage;
        if (path === 'provider.region') return at(this.raw, path) ?? sources.region;
        return at(this.raw, path);
      },
      file: (path, address) => this.readFile(path, address),
    };
    return sources;
  }

  async runScripts(): Promise<void> {
    const baseDir = this.options.baseDir ?? process.cwd();
    const params = Object.entries(this.options.params ?? {}).map(([name, value]) => `${name}=${value}`);
    this.scripts = await runScripts(scriptReferences(this.raw), {
      baseDir,
      options: {
        stage: this.stage,
        region: this.sources.region,
        ...(params.length > 0 ? { param: params } : {}),
      },
      resolveVariable: (expression) => {
        const variable = `\${${expression}}`;
        const value = this.resolve(variable);
        if (value === variable || (typeof value === 'string' && value.includes('${'))) {
          throw new ServerlessConfigError(`cannot resolve ${variable} locally`);
        }
        return value;
      },
    });
  }

  private readFile(path: string, address: string | undefined): unknown {
    const full = resolvePath(this.options.baseDir ?? process.cwd(), path);
    if (isScriptPath(path)) {
      const result = this.scripts.get(full);
      return address === undefined ? result : at(result, address);
    }
    if (!/\.(ya?ml|json)$/i.test(path)) return undefined;
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (error) {
      throw new ServerlessConfigError(
        `cannot read ${path} referenced by ${this.options.source ?? 'serverless.yml'}`,
        {
          cause: error,
        },
      );
    }
    const content = /\.json$/i.test(path) ? JSON.parse(text) : parseCloudFormationYaml(text, path);
    return address === undefined ? content : at(content, address);
  }

  resolve(value: unknown): unknown {
    return resolveVariables(value, this.sources);
  }

  stageParams(stage: string = this.stage): Record<string, unknown> {
    const params = isPlainObject(this.raw.params) ? this.raw.params : {};
    const merged = {
      ...mergedMapping(params.default),
      ...mergedMapping(params[stage]),
      ...this.options.params,
    };
    // Param values may use other variables (`${sls:stage}`), but never `${param:…}` of themselves.
    const sources = stage === this.stage ? this.sources : this.variableSources(stage);
    const withoutParams: VariableSources = { ...sources, param: () => undefined };
    return resolveVariables(merged, withoutParams) as Record<string, unknown>;
  }

  private functions(): Record<string, Record<string, unknown>> {
    const functions = mergedMapping(this.raw.functions);
    return Object.fromEntries(
      Object.entries(functions).filter((entry): entry is [string, Record<string, unknown>] =>
        isPlainObject(entry[1]),
      ),
    );
  }

  functionNames(): string[] {
    return Object.keys(this.functions());
  }

  functionHandler(name: string): string {
    return String(this.resolve(this.functionConfig(name).handler) ?? '');
  }

  private functionConfig(name: string): Record<string, unknown> {
    const config = this.functions()[name];
    if (config === undefined)
      throw new ServerlessConfigError(`function ${name} is not defined in serverless.yml`);
    return config;
  }

  private events(): Array<{ functionName: string; handler: string; event: Record<string, unknown> }> {
    return Object.entries(this.functions()).flatMap(([functionName, config]) => {
      const handler = String(this.resolve(config.handler) ?? '');
      const events = Array.isArray(config.events) ? config.events.filter(isPlainObject) : [];
      return events.map((event) => ({ functionName, handler, event }));
    });
  }

  eventBridgeRules(): EventBridgeRuleConfig[] {
    return [...this.functionEventRules(), ...this.resourceRules()];
  }

  private functionEventRules(): EventBridgeRuleConfig[] {
    return this.events().flatMap(({ functionName, handler, event }) => {
      const spec = this.resolve(event.eventBridge);
      if (!isPlainObject(spec) || spec.pattern === undefined) return [];
      const pattern = patternOf(spec.pattern, `function ${functionName}: eventBridge`);
      const rule: EventBridgeRuleConfig = {
        declaredBy: 'function-event',
        functionName,
        handler,
        targetId: functionName,
        pattern,
        eventBus: spec.eventBus,
        hasDeadLetterQueue: spec.deadLetterQueueArn !== undefined,
        enabled: spec.enabled !== false,
      };
      if (typeof spec.name === 'string') rule.ruleName = spec.name;
      if (spec.deadLetterQueueArn !== undefined) rule.deadLetterQueueArn = spec.deadLetterQueueArn;
      const retryPolicy = retryPolicyOf(spec.retryPolicy, `function ${functionName}`);
      if (retryPolicy !== undefined) rule.retryPolicy = retryPolicy;
      return [rule];
    });
  }

  private functionsByLogicalId(): Map<string, { name: string; config: Record<string, unknown> }> {
    return new Map(
      Object.entries(this.functions()).map(([name, config]) => [functionLogicalId(name), { name, config }]),
    );
  }

  /**
   * `AWS::Events::Rule` resources, properties resolved, each with those of its targets that are this
   * service's functions (`<Name>LambdaFunction`).
   */
  private eventRules(): EventRuleResource[] {
    const byLogicalId = this.functionsByLogicalId();
    return Object.entries(this.resources()).flatMap(([logicalId, resource]) => {
      if (!isPlainObject(resource) || resource.Type !== 'AWS::Events::Rule') return [];
      const properties = this.resolve(resource.Properties);
      if (!isPlainObject(properties)) return [];
      const targets = Array.isArray(properties.Targets) ? properties.Targets.filter(isPlainObject) : [];
      const functionTargets = targets.flatMap((target) => {
        const fn = byLogicalId.get(referencedLogicalId(target.Arn) ?? '');
        return fn === undefined
          ? []
          : [{ target, functionName: fn.name, handler: String(this.resolve(fn.config.handler) ?? '') }];
      });
      return [{ logicalId, properties, targets: functionTargets }];
    });
  }

  /** `AWS::Events::Rule` resources with an `EventPattern` whose targets are this service's functions. */
  private resourceRules(): EventBridgeRuleConfig[] {
    return this.eventRules().flatMap(({ logicalId, properties, targets }) => {
      if (properties.EventPattern === undefined) return [];
      const pattern = patternOf(properties.EventPattern, `rule ${logicalId}`);
      return targets.map(({ target, functionName, handler }) => {
        const deadLetterArn = isPlainObject(target.DeadLetterConfig)
          ? target.DeadLetterConfig.Arn
          : undefined;
        const rule: EventBridgeRuleConfig = {
          declaredBy: 'resource',
          functionName,
          handler,
          ruleName: typeof properties.Name === 'string' ? properties.Name : logicalId,
          targetId: String(target.Id),
          pattern,
          eventBus: properties.EventBusName,
          hasDeadLetterQueue: deadLetterArn !== undefined,
          enabled: properties.State !== 'DISABLED',
        };
        if (deadLetterArn !== undefined) rule.deadLetterQueueArn = deadLetterArn;
        const retryPolicy = resourceRetryPolicy(target.RetryPolicy, logicalId);
        if (retryPolicy !== undefined) rule.retryPolicy = retryPolicy;
        return rule;
      });
    });
  }

  schedules(): ScheduleConfig[] {
    return [...this.functionEventSchedules(), ...this.resourceSchedules()];
  }

  private functionEventSchedules(): ScheduleConfig[] {
    return this.events().flatMap(({ functionName, handler, event }) => {
      const spec = this.resolve(
        event.schedule ?? (isPlainObject(event.eventBridge) ? event.eventBridge : undefined),
      );
      const expressions = scheduleExpressions(spec);
      if (expressions.length === 0) return [];
      return [{ functionName, handler, targetId: functionName, expressions, ...scheduleOptions(spec) }];
    });
  }

  busForwards(): BusForwardConfig[] {
    return Object.entries(this.resources()).flatMap(([logicalId, resource]) => {
      if (!isPlainObject(resource) || resource.Type !== 'AWS::Events::Rule') return [];
      const properties = this.resolve(resource.Properties);
      if (!isPlainObject(properties) || properties.EventPattern === undefined) return [];
      const targets = Array.isArray(properties.Targets) ? properties.Targets.filter(isPlainObject) : [];
      return targets.flatMap((target) =>
        typeof target.Arn === 'string' && target.Arn.includes(':event-bus/')
          ? [
              {
                ruleName: typeof properties.Name === 'string' ? properties.Name : logicalId,
                eventBus: properties.EventBusName,
                pattern: patternOf(properties.EventPattern, `rule ${logicalId}`),
                targetArn: target.Arn,
              },
            ]
          : [],
      );
    });
  }

  /** `AWS::Events::Rule` resources with a `ScheduleExpression` whose targets are this service's functions. */
  private resourceSchedules(): ScheduleConfig[] {
    return this.eventRules().flatMap(({ logicalId, properties, targets }) => {
      const expression = properties.ScheduleExpression;
      if (typeof expression !== 'string') return [];
      return targets.map(({ target, functionName, handler }) => {
        const schedule: ScheduleConfig = {
          functionName,
          handler,
          ruleName: typeof properties.Name === 'string' ? properties.Name : logicalId,
          targetId: String(target.Id),
          expressions: [expression],
          enabled: properties.State === undefined || properties.State === 'ENABLED',
        };
        const retryPolicy = resourceRetryPolicy(target.RetryPolicy, logicalId);
        if (retryPolicy !== undefined) schedule.retryPolicy = retryPolicy;
        if (isPlainObject(target.DeadLetterConfig) && target.DeadLetterConfig.Arn !== undefined) {
          schedule.deadLetterQueueArn = target.DeadLetterConfig.Arn;
        }
        return schedule;
      });
    });
  }

  functionEnvironment(name: string): Record<string, unknown> {
    const provider = mergedMapping(at(this.raw, 'provider.environment'));
    return { ...provider, ...mergedMapping(this.functionConfig(name).environment) };
  }

  functionAsyncInvoke(name: string): AsyncInvokeConfig | undefined {
    return asyncInvokeOf(this.resolve(this.functionConfig(name)), `function ${name}`);
  }

  /** One section (`Resources`, `Conditions`) of every `resources` block, merged, variables resolved. */
  private resourceSection(section: string): Record<string, unknown> {
    const resources = this.raw.resources;
    const blocks = Array.isArray(resources) ? resources : [resources];
    const merged: Record<string, unknown> = {};
    for (const block of blocks) {
      const content = typeof block === 'string' ? this.resolve(block) : block;
      if (isPlainObject(content)) Object.assign(merged, mergedMapping(this.resolve(content[section])));
    }
    return merged;
  }

  private resources(): Record<string, unknown> {
    return this.resourceSection('Resources');
  }

  snsSubscriptions(): SnsSubscriptionConfig[] {
    const conditions = this.resourceSection('Conditions');
    return Object.entries(this.resources()).flatMap(([logicalId, resource]) => {
      if (!isPlainObject(resource) || resource.Type !== 'AWS::SNS::Subscription') return [];
      const condition = typeof resource.Condition === 'string' ? resource.Condition : undefined;
      if (condition !== undefined && !conditionHolds(conditions, condition)) return [];
      return [subscriptionOf(logicalId, resource.Properties)];
    });
  }

  resource(logicalId: string): unknown {
    return this.resources()[logicalId];
  }

  sqsQueues(): SqsQueueConfig[] {
    return Object.entries(this.resources()).flatMap(([logicalId, resource]) => {
      if (!isPlainObject(resource) || resource.Type !== 'AWS::SQS::Queue') return [];
      return [sqsQueueOf(logicalId, this.resolve(resource.Properties))];
    });
  }

  sqsEventSources(): SqsEventSourceConfig[] {
    return this.events().flatMap(({ functionName, event }) => {
      const source = sqsEventSourceOf(functionName, this.resolve(event.sqs));
      return source === undefined ? [] : [source];
    });
  }

  dynamoTables(): DynamoTableDefinition[] {
    return Object.entries(this.resources()).flatMap(([logicalId, resource]) => {
      if (!isPlainObject(resource) || resource.Type !== 'AWS::DynamoDB::Table') return [];
      return [tableDefinition(logicalId, this.resolve(resource.Properties))];
    });
  }

  busName(eventBus: unknown): string {
    if (eventBus === undefined || eventBus === null || eventBus === '') return 'default';
    if (typeof eventBus === 'string') return /event-bus\/(.+)$/.exec(eventBus)?.[1] ?? eventBus;
    const logicalId = isPlainObject(eventBus)
      ? (eventBus.Ref ?? (Array.isArray(eventBus['Fn::GetAtt']) ? eventBus['Fn::GetAtt'][0] : undefined))
      : undefined;
    if (typeof logicalId !== 'string') {
      throw new ServerlessConfigError(`cannot tell which event bus ${JSON.stringify(eventBus)} designates`);
    }
    const name = this.resolve(at(this.resource(logicalId), 'Properties.Name'));
    return typeof name === 'string' ? name : logicalId;
  }
}

/** An `AWS::Events::Rule` resource and those of its targets that are this service's functions. */
interface EventRuleResource {
  logicalId: string;
  properties: Record<string, unknown>;
  targets: { target: Record<string, unknown>; functionName: string; handler: string }[];
}

/** The rate or cron expressions of a function's `schedule` (or scheduled `eventBridge`) event. */
function scheduleExpressions(spec: unknown): string[] {
  const rate =
    typeof spec === 'string' ? spec : isPlainObject(spec) ? (spec.rate ?? spec.schedule) : undefined;
  return (Array.isArray(rate) ? rate : [rate]).filter((r): r is string => typeof r === 'string');
}

/** Whether a function's schedule is enabled, with its input and rule name when it sets them. */
function scheduleOptions(spec: unknown): Pick<ScheduleConfig, 'enabled' | 'input' | 'ruleName'> {
  if (!isPlainObject(spec)) return { enabled: true };
  return {
    enabled: spec.enabled !== false,
    ...(spec.input === undefined ? {} : { input: spec.input }),
    ...(typeof spec.name === 'string' ? { ruleName: spec.name } : {}),
  };
}
