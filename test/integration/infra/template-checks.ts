// Checks over the CloudFormation template `osls package` generates. Each returns the problems it finds
// (an empty list means the template passes), so a test can print them and a mutated template can prove
// that the check fails.
import { isDeepStrictEqual } from 'node:util';
import {
  actionMatches,
  asList,
  type CfnResource,
  type CfnTemplate,
  grantsAction,
  isRecord,
  type PolicyStatement,
  policyStatements,
  propertiesOf,
  reference,
  resourceCovers,
  resourcesOfType,
  show,
  strings,
} from './template-model.js';

export * from './template-model.js';

const FOURTEEN_DAYS = 14 * 24 * 3600;

/** No Allow statement anywhere may use a wildcard action or NotAction; roles attach no managed policies. */
export function wildcardActionProblems(template: CfnTemplate): string[] {
  const statements = policyStatements(template).filter((s) => s.effect === 'Allow');
  const wildcards = statements.flatMap((s) =>
    s.actions.filter((a) => a.includes('*') || a.includes('?')).map((a) => `${s.where} allows "${a}"`),
  );
  const notActions = statements
    .filter((s) => s.notActions !== undefined)
    .map((s) => `${s.where} allows everything except ${s.notActions?.join(', ')} (NotAction)`);
  const managed = resourcesOfType(template, 'AWS::IAM::Role')
    .filter(([, role]) => asList(propertiesOf(role).ManagedPolicyArns).length > 0)
    .map(([id]) => `${id} attaches managed policies, whose actions cannot be checked here`);
  return [...wildcards, ...notActions, ...managed];
}

/** Role statements on `Resource: "*"` may only carry actions that support no resource scoping. */
export function wildcardResourceProblems(
  template: CfnTemplate,
  unscopedActions: readonly string[],
): string[] {
  const allowed = new Set(unscopedActions.map((a) => a.toLowerCase()));
  return policyStatements(template)
    .filter((s) => s.kind === 'identity' && s.effect === 'Allow' && s.resources.some((r) => r === '*'))
    .flatMap((s) =>
      s.actions
        .filter((a) => !allowed.has(a.toLowerCase()))
        .map((a) => `${s.where} grants ${a} on "*", though it can be scoped to resources`),
    );
}

/** Only `roles` may be granted `action`, and at least one of them is. */
export function exclusiveActionProblems(
  template: CfnTemplate,
  action: string,
  roles: readonly string[],
): string[] {
  const granting = policyStatements(template).filter((s) => s.kind === 'identity' && grantsAction(s, action));
  const intruders = granting
    .filter((s) => !roles.includes(s.role ?? ''))
    .map((s) => `${s.where} grants ${action}, which only ${roles.join(', ')} may have`);
  const missing = granting.some((s) => roles.includes(s.role ?? ''))
    ? []
    : [`none of ${roles.join(', ')} is granted ${action}`];
  return [...intruders, ...missing];
}

/** Only `roles` may be granted `action` on a resource that covers `target` (an ARN, `${…}` as written). */
export function exclusiveAccessProblems(
  template: CfnTemplate,
  action: string,
  target: string,
  roles: readonly string[],
): string[] {
  return policyStatements(template)
    .filter((s) => s.kind === 'identity' && grantsAction(s, action) && !roles.includes(s.role ?? ''))
    .filter((s) => s.resources.some((r) => resourceCovers(r, target)))
    .map((s) => `${s.where} grants ${action} on ${target}, which only ${roles.join(', ')} may have`);
}

/** ARNs spell the partition as `${AWS::Partition}`, never `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionProblems(template: CfnTemplate): string[] {
  return strings(template.Resources, 'Resources')
    .filter(({ text }) => /arn:aws(?:-[a-z]+)*:/.test(text))
    .map(({ path, text }) => `${path} hard-codes a partition: ${text}`);
}

function queueId(template: CfnTemplate, arn: unknown): string | undefined {
  const ref = reference(arn);
  if (ref?.attribute !== 'Arn') return undefined;
  return template.Resources[ref.logicalId]?.Type === 'AWS::SQS::Queue' ? ref.logicalId : undefined;
}

function queueAdmitsRule(template: CfnTemplate, queue: string, rule: string): boolean {
  const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy').filter(([, policy]) =>
    asList(propertiesOf(policy).Queues).some((q) => reference(q)?.logicalId === queue),
  );
  const policyIds = new Set(policies.map(([id]) => id));
  return policyStatements(template).some(
    (s) =>
      policyIds.has(s.where.split('/')[0] ?? '') &&
      grantsAction(s, 'sqs:SendMessage') &&
      s.resources.some((r) => show(r) === `GetAtt:${queue}.Arn`) &&
      refersTo(s.condition, rule),
  );
}

/** Whether a value (a condition block, say) contains a Ref or GetAtt of `logicalId`. */
function refersTo(value: unknown, logicalId: string): boolean {
  if (reference(value)?.logicalId === logicalId) return true;
  if (Array.isArray(value)) return value.some((item) => refersTo(item, logicalId));
  return isRecord(value) && Object.values(value).some((item) => refersTo(item, logicalId));
}

/** Every target of every rule has a retry policy and an SQS DLQ whose policy admits that rule. */
export function ruleTargetProblems(template: CfnTemplate): string[] {
  return resourcesOfType(template, 'AWS::Events::Rule').flatMap(([rule, resource]) => {
    const targets = asList(propertiesOf(resource).Targets).filter(isRecord);
    if (targets.length === 0) return [`${rule} has no targets`];
    return targets.flatMap((target) => {
      const where = `${rule} target ${String(target.Id)}`;
      const problems: string[] = [];
      const retry = target.RetryPolicy;
      if (
        !isRecord(retry) ||
        typeof retry.MaximumRetryAttempts !== 'number' ||
        typeof retry.MaximumEventAgeInSeconds !== 'number'
      ) {
        problems.push(`${where} has no retry policy (MaximumRetryAttempts and MaximumEventAgeInSeconds)`);
      }
      const dlq = isRecord(target.DeadLetterConfig)
        ? queueId(template, target.DeadLetterConfig.Arn)
        : undefined;
      if (dlq === undefined) problems.push(`${where} has no SQS dead-letter queue of this stack`);
      else if (!queueAdmitsRule(template, dlq, rule)) {
        problems.push(
          `${where}: no queue policy lets events.amazonaws.com send ${rule}'s dead letters to ${dlq}`,
        );
      }
      return problems;
    });
  });
}

/** Queues used as rule DLQs or as functions' on-failure destinations. */
export function deadLetterQueues(template: CfnTemplate): string[] {
  const fromRules = resourcesOfType(template, 'AWS::Events::Rule').flatMap(([, rule]) =>
    asList(propertiesOf(rule).Targets)
      .filter(isRecord)
      .map((t) => (isRecord(t.DeadLetterConfig) ? queueId(template, t.DeadLetterConfig.Arn) : undefined)),
  );
  const fromFunctions = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').map(([, config]) =>
    queueId(template, onFailureDestination(config)),
  );
  return [...new Set([...fromRules, ...fromFunctions].filter((q): q is string => q !== undefined))].sort();
}

function onFailureDestination(config: CfnResource): unknown {
  const destinations = propertiesOf(config).DestinationConfig;
  return isRecord(destinations) && isRecord(destinations.OnFailure)
    ? destinations.OnFailure.Destination
    : undefined;
}

/** Dead-letter queues are encrypted and keep messages for 14 days, the SQS maximum. */
export function deadLetterQueueProblems(template: CfnTemplate): string[] {
  const queues = deadLetterQueues(template);
  if (queues.length === 0) return ['no dead-letter queues'];
  return queues.flatMap((queue) => {
    const properties = propertiesOf(template.Resources[queue]);
    const problems: string[] = [];
    if (properties.SqsManagedSseEnabled !== true && properties.KmsMasterKeyId === undefined) {
      problems.push(`${queue} is not encrypted`);
    }
    if (properties.MessageRetentionPeriod !== FOURTEEN_DAYS) {
      problems.push(
        `${queue} keeps messages ${String(properties.MessageRetentionPeriod ?? 345600)} s, not 14 days`,
      );
    }
    return problems;
  });
}

function invokeConfigOf(template: CfnTemplate, fn: string): CfnResource | undefined {
  return resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').find(
    ([, c]) => reference(propertiesOf(c).FunctionName)?.logicalId === fn,
  )?.[1];
}

/**
 * Each function sends failed asynchronous invocations to an SQS queue its role may write to, except
 * `exempt`: functions whose failed run the next scheduled run repairs, and functions only ever invoked
 * synchronously (a dashboard widget), whose caller sees the error.
 */
export function failureDestinationProblems(template: CfnTemplate, exempt: readonly string[] = []): string[] {
  const configs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig');
  return resourcesOfType(template, 'AWS::Lambda::Function').flatMap(([fn, resource]) => {
    if (exempt.includes(fn)) return [];
    const config = configs.find(([, c]) => reference(propertiesOf(c).FunctionName)?.logicalId === fn)?.[1];
    const queue = config === undefined ? undefined : queueId(template, onFailureDestination(config));
    if (queue === undefined) return [`${fn} has no SQS on-failure destination`];
    const role = reference(propertiesOf(resource).Role)?.logicalId;
    const allowed = policyStatements(template).some(
      (s) =>
        s.role === role &&
        grantsAction(s, 'sqs:SendMessage') &&
        s.resources.some((r) => show(r) === `GetAtt:${queue}.Arn`),
    );
    return allowed
      ? []
      : [`${fn}'s role ${String(role)} may not send to its on-failure destination ${queue}`];
  });
}

/** EventBridge's largest MaximumRetryAttempts for a rule target. */
export const MAX_RULE_RETRIES = 185;

function scheduleOf(template: CfnTemplate, fn: string): [string, CfnResource] | undefined {
  return resourcesOfType(template, 'AWS::Events::Rule').find(
    ([, rule]) =>
      propertiesOf(rule).ScheduleExpression !== undefined &&
      asList(propertiesOf(rule).Targets).some((t) => isRecord(t) && reference(t.Arn)?.logicalId === fn),
  );
}

/**
 * A scheduled function whose failed run the next run repairs: Lambda does not retry it and does not
 * dead-letter it (a dead letter would raise an alarm for a failure that is already repaired), and the
 * schedule keeps trying to invoke it for one whole interval before its target dead-letters the event.
 */
export function repairedFailureProblems(template: CfnTemplate, fn: string): string[] {
  const problems: string[] = [];
  const config = invokeConfigOf(template, fn);
  if (config === undefined)
    problems.push(`${fn} has no event invoke config: Lambda would retry a failed run`);
  else {
    const p = propertiesOf(config);
    if (p.MaximumRetryAttempts !== 0) {
      problems.push(
        `${fn} retries a failed run ${String(p.MaximumRetryAttempts)} times; the next run repairs it`,
      );
    }
    if (onFailureDestination(config) !== undefined) {
      problems.push(`${fn} dead-letters failed runs, which the next run repairs`);
    }
  }
  const schedule = scheduleOf(template, fn);
  if (schedule === undefined) return [...problems, `no rate() schedule runs ${fn}`];
  const [rule, resource] = schedule;
  const interval = rateSeconds(propertiesOf(resource).ScheduleExpression);
  const target = asList(propertiesOf(resource).Targets).find(
    (t) => isRecord(t) && reference(t.Arn)?.logicalId === fn,
  );
  const retry = isRecord(target) && isRecord(target.RetryPolicy) ? target.RetryPolicy : {};
  if (retry.MaximumEventAgeInSeconds !== interval || retry.MaximumRetryAttempts !== MAX_RULE_RETRIES) {
    problems.push(
      `${rule} must retry invoking ${fn} for one interval (${String(interval)} s, ${MAX_RULE_RETRIES} attempts) before dead-lettering, got ${String(retry.MaximumEventAgeInSeconds)} s and ${String(retry.MaximumRetryAttempts)} attempts`,
    );
  }
  return problems;
}

/** `fn` runs at most `max` instances at once (reserved concurrency). */
export function concurrencyProblems(template: CfnTemplate, fn: string, max: number): string[] {
  const reserved = propertiesOf(template.Resources[fn]).ReservedConcurrentExecutions;
  if (typeof reserved !== 'number') return [`${fn} has no reserved concurrency: its instances are unbounded`];
  return reserved >= 1 && reserved <= max
    ? []
    : [`${fn} may run ${reserved} instances at once (1 to ${max} allowed)`];
}

function environmentOf(template: CfnTemplate, fn: string): Record<string, unknown> {
  const environment = propertiesOf(template.Resources[fn]).Environment;
  return isRecord(environment) && isRecord(environment.Variables) ? environment.Variables : {};
}

/**
 * `fn` remembers what it delivered (the days in `variable`) at least as long as a failed event can come
 * back: its rule's and Lambda's retry windows, then the time its DLQ keeps the event for a redrive.
 */
export function deliveryMemoryProblems(template: CfnTemplate, fn: string, variable: string): string[] {
  const days = Number(environmentOf(template, fn)[variable]);
  if (!Number.isFinite(days)) return [`${fn} has no ${variable}`];
  const rules = resourcesOfType(template, 'AWS::Events::Rule').flatMap(([, rule]) =>
    asList(propertiesOf(rule).Targets).filter(
      (t): t is Record<string, unknown> => isRecord(t) && reference(t.Arn)?.logicalId === fn,
    ),
  );
  const ruleAge = Math.max(
    0,
    ...rules.map((t) => Number(isRecord(t.RetryPolicy) ? t.RetryPolicy.MaximumEventAgeInSeconds : 86400)),
  );
  const config = invokeConfigOf(template, fn);
  const lambdaAge = Number(propertiesOf(config).MaximumEventAgeInSeconds ?? 21600);
  const queues = [
    ...rules.map((t) =>
      isRecord(t.DeadLetterConfig) ? queueId(template, t.DeadLetterConfig.Arn) : undefined,
    ),
    config === undefined ? undefined : queueId(template, onFailureDestination(config)),
  ].filter((q): q is string => q !== undefined);
  const kept = Math.max(
    0,
    ...queues.map((q) => Number(propertiesOf(template.Resources[q]).MessageRetentionPeriod ?? 345600)),
  );
  const needed = ruleAge + lambdaAge + kept;
  return days * 86400 >= needed
    ? []
    : [
        `${fn} forgets deliveries after ${days} days, but an event can come back after ${(needed / 86400).toFixed(2)} days (retries, then its DLQ)`,
      ];
}

const conditionValues = (value: unknown) => asList(value).map(show);

/**
 * Only `producers` (role logical ids) may put events with `source` on `bus`: a resource policy of the
 * bus denies events:PutEvents with that source to every principal whose ARN is not one of theirs.
 */
export function busPolicyProblems(
  template: CfnTemplate,
  bus: string,
  source: string,
  producers: readonly string[],
): string[] {
  const policies = new Set(
    resourcesOfType(template, 'AWS::Events::EventBusPolicy')
      .filter(([, policy]) => reference(propertiesOf(policy).EventBusName)?.logicalId === bus)
      .map(([id]) => id),
  );
  const denials = policyStatements(template).filter((s) => {
    if (!policies.has(s.where.split('/')[0] ?? '') || s.effect !== 'Deny') return false;
    const everyone = s.principal === '*' || (isRecord(s.principal) && s.principal.AWS === '*');
    const condition = isRecord(s.condition) ? s.condition : {};
    const equals = isRecord(condition.StringEquals) ? condition.StringEquals : {};
    return (
      everyone &&
      s.actions.some((a) => actionMatches(a, 'events:PutEvents')) &&
      s.resources.some((r) => show(r) === `GetAtt:${bus}.Arn`) &&
      isDeepStrictEqual(conditionValues(equals['events:source']), [source])
    );
  });
  if (denials.length === 0) {
    return [`nothing keeps other principals from putting ${source} events on ${bus}`];
  }
  const wanted = producers.map((role) => `GetAtt:${role}.Arn`).sort();
  return denials.flatMap((s) => {
    const condition = isRecord(s.condition) ? s.condition : {};
    const notEquals = isRecord(condition.ArnNotEquals) ? condition.ArnNotEquals : {};
    const exempt = conditionValues(notEquals['aws:PrincipalArn']).sort();
    const extra = exempt
      .filter((arn) => !wanted.includes(arn))
      .map((arn) => `${s.where} also lets ${arn} speak as ${source}`);
    const missing = wanted
      .filter((arn) => !exempt.includes(arn))
      .map((arn) => `${s.where} denies ${arn}, a producer, its own ${source} events`);
    const others = Object.keys(condition).filter((k) => k !== 'StringEquals' && k !== 'ArnNotEquals');
    const loose = others.map((k) => `${s.where} has a ${k} condition that narrows the denial`);
    return [...extra, ...missing, ...loose];
  });
}

/** Action → the partition keys (`dynamodb:LeadingKeys` patterns, `*` when unrestricted) a role may use on `table`. */
export function tableKeyGrants(template: CfnTemplate, role: string, table: string): Record<string, string[]> {
  const byAction: Record<string, Set<string>> = {};
  for (const s of tableStatements(template, table)) {
    if (s.role !== role) continue;
    for (const action of s.actions) {
      const set = byAction[action] ?? new Set<string>();
      for (const key of leadingKeys(s)) set.add(key);
      byAction[action] = set;
    }
  }
  return Object.fromEntries(
    Object.entries(byAction)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([action, set]) => [action, [...set].sort()]),
  );
}

function tableStatements(template: CfnTemplate, table: string): PolicyStatement[] {
  return policyStatements(template).filter(
    (s) =>
      s.kind === 'identity' &&
      s.effect === 'Allow' &&
      s.actions.some((a) => a.toLowerCase().startsWith('dynamodb:') || a === '*') &&
      s.resources.some((r) => r === '*' || show(r).startsWith(`GetAtt:${table}.Arn`)),
  );
}

/** The partition keys a statement is limited to; `*` when it is not limited (ForAllValues only counts). */
function leadingKeys(s: PolicyStatement): string[] {
  const condition = isRecord(s.condition) ? s.condition : {};
  const keys = ['ForAllValues:StringEquals', 'ForAllValues:StringLike'].flatMap((operator) => {
    const block = condition[operator];
    return isRecord(block) ? asList(block['dynamodb:LeadingKeys']).map(String) : [];
  });
  return keys.length === 0 ? ['*'] : keys;
}

/**
 * Every statement on `table` limits the partition keys (`dynamodb:LeadingKeys`), and no role reaches
 * an item under a key it must not touch (`forbidden`: role → example partition keys).
 */
export function leadingKeyProblems(
  template: CfnTemplate,
  table: string,
  forbidden: Record<string, readonly string[]>,
): string[] {
  return tableStatements(template, table).flatMap((s) => {
    const keys = leadingKeys(s);
    if (keys.includes('*')) return [`${s.where} reaches every item of ${table} (no dynamodb:LeadingKeys)`];
    return (forbidden[s.role ?? ''] ?? [])
      .filter((key) => keys.some((pattern) => actionMatches(pattern, key)))
      .map((key) => `${s.where} lets ${String(s.role)} reach the items under ${key}`);
  });
}

/** Every custom bus has an archive. */
export function archiveProblems(template: CfnTemplate): string[] {
  const archived = new Set(
    resourcesOfType(template, 'AWS::Events::Archive').map(
      ([, a]) => reference(propertiesOf(a).SourceArn)?.logicalId,
    ),
  );
  const buses = resourcesOfType(template, 'AWS::Events::EventBus');
  if (buses.length === 0) return ['no custom event bus'];
  return buses.filter(([bus]) => !archived.has(bus)).map(([bus]) => `${bus} has no archive`);
}

export interface SchemaFile {
  file: string;
  schema: unknown;
}

/** One registry; one draft-04 schema in it per file, with the file's content; no other schema. */
export function schemaRegistryProblems(template: CfnTemplate, files: readonly SchemaFile[]): string[] {
  const registries = resourcesOfType(template, 'AWS::EventSchemas::Registry');
  if (registries.length !== 1) return [`expected one schema registry, found ${registries.length}`];
  const [registryId] = registries[0] ?? [''];
  const schemas = resourcesOfType(template, 'AWS::EventSchemas::Schema').map(([id, resource]) => {
    const properties = propertiesOf(resource);
    let content: unknown;
    try {
      content = JSON.parse(String(properties.Content));
    } catch {
      content = undefined;
    }
    return { id, properties, content };
  });
  const problems: string[] = [];
  for (const { file, schema } of files) {
    const matching = schemas.filter((s) => isDeepStrictEqual(s.content, schema));
    if (matching.length !== 1)
      problems.push(`${file}: ${matching.length} schema resources carry its content`);
  }
  for (const { id, properties, content } of schemas) {
    if (!files.some((f) => isDeepStrictEqual(f.schema, content))) {
      problems.push(`${id} matches no file in events/schemas`);
    }
    if (properties.Type !== 'JSONSchemaDraft4') problems.push(`${id} is of type ${String(properties.Type)}`);
    if (reference(properties.RegistryName)?.logicalId !== registryId) {
      problems.push(`${id} is not in the registry ${registryId}`);
    }
  }
  return problems;
}

function alarmsPublishingTo(template: CfnTemplate, topic: string): boolean {
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm').some(([, alarm]) =>
    asList(propertiesOf(alarm).AlarmActions).some((a) => reference(a)?.logicalId === topic),
  );
}

function keyAdmitsAlarms(template: CfnTemplate, key: string): boolean {
  const statements = policyStatements(template).filter(
    (s) =>
      s.where.startsWith(`${key}/`) &&
      isRecord(s.principal) &&
      asList(s.principal.Service).includes('cloudwatch.amazonaws.com'),
  );
  return ['kms:Decrypt', 'kms:GenerateDataKey'].every((action) =>
    statements.some((s) => grantsAction(s, action)),
  );
}

/** Tables: SSE, point-in-time recovery and TTL. Topics: KMS, with a key alarms can publish through. */
export function storageProblems(template: CfnTemplate): string[] {
  const tables = resourcesOfType(template, 'AWS::DynamoDB::Table').flatMap(([id, table]) => {
    const p = propertiesOf(table);
    const problems: string[] = [];
    if (!isRecord(p.SSESpecification) || p.SSESpecification.SSEEnabled !== true)
      problems.push(`${id}: no SSE`);
    const pitr = p.PointInTimeRecoverySpecification;
    if (!isRecord(pitr) || pitr.PointInTimeRecoveryEnabled !== true) problems.push(`${id}: no PITR`);
    const ttl = p.TimeToLiveSpecification;
    if (!isRecord(ttl) || ttl.Enabled !== true || typeof ttl.AttributeName !== 'string') {
      problems.push(`${id}: no TTL`);
    }
    return problems;
  });
  const topics = resourcesOfType(template, 'AWS::SNS::Topic').flatMap(([id, topic]) => {
    const key = propertiesOf(topic).KmsMasterKeyId;
    if (key === undefined) return [`${id} is not encrypted`];
    if (!alarmsPublishingTo(template, id)) return [];
    const keyId = reference(key)?.logicalId;
    if (keyId === undefined || template.Resources[keyId]?.Type !== 'AWS::KMS::Key') {
      return [`${id} receives alarms but its key ${show(key)} cannot admit cloudwatch.amazonaws.com`];
    }
    return keyAdmitsAlarms(template, keyId)
      ? []
      : [`${keyId}'s policy does not let CloudWatch alarms use it`];
  });
  return [...tables, ...topics];
}

/** Every function has its log group, and every log group a retention. */
export function logRetentionProblems(template: CfnTemplate): string[] {
  const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
  const unbounded = groups
    .filter(([, g]) => typeof propertiesOf(g).RetentionInDays !== 'number')
    .map(([id]) => `${id} keeps logs forever`);
  const names = new Set(groups.map(([, g]) => propertiesOf(g).LogGroupName));
  const orphans = resourcesOfType(template, 'AWS::Lambda::Function')
    .filter(([, fn]) => !names.has(`/aws/lambda/${String(propertiesOf(fn).FunctionName)}`))
    .map(([id]) => `${id} has no log group of this stack`);
  return [...unbounded, ...orphans];
}

/** Physical-name limits of the services, 64 where the brief asks for it. */
export const NAME_LIMITS: ReadonlyArray<readonly [type: string, property: string, max: number]> = [
  ['AWS::Lambda::Function', 'FunctionName', 64],
  ['AWS::Events::Rule', 'Name', 64],
  ['AWS::IAM::Role', 'RoleName', 64],
  ['AWS::Logs::LogGroup', 'LogGroupName', 64 + '/aws/lambda/'.length],
  ['AWS::Events::EventBus', 'Name', 256],
  ['AWS::Events::Archive', 'ArchiveName', 48],
  ['AWS::EventSchemas::Registry', 'RegistryName', 64],
  ['AWS::EventSchemas::Schema', 'SchemaName', 385],
  ['AWS::CloudWatch::Alarm', 'AlarmName', 255],
  ['AWS::CloudWatch::Dashboard', 'DashboardName', 255],
  ['AWS::SQS::Queue', 'QueueName', 80],
  ['AWS::SNS::Topic', 'TopicName', 256],
  ['AWS::DynamoDB::Table', 'TableName', 255],
];

// The longest values pseudo parameters take (region names are at most 14 characters today).
const PSEUDO_LENGTHS: Record<string, number> = {
  'AWS::Region': 14,
  'AWS::AccountId': 12,
  'AWS::Partition': 10,
};

/** The longest a name can become: `Fn::Sub` placeholders counted at their longest. */
export function longestName(value: unknown): number | undefined {
  if (typeof value === 'string') return value.length;
  const sub = isRecord(value) ? value['Fn::Sub'] : undefined;
  if (typeof sub !== 'string') return undefined;
  return sub.replace(/\$\{([^}]+)\}/g, (_m, name: string) => 'x'.repeat(PSEUDO_LENGTHS[name] ?? 128)).length;
}

export function nameLengthProblems(template: CfnTemplate): string[] {
  return NAME_LIMITS.flatMap(([type, property, max]) =>
    resourcesOfType(template, type).flatMap(([id, resource]) => {
      const length = longestName(propertiesOf(resource)[property]);
      return length !== undefined && length > max
        ? [`${id}.${property} can be ${length} characters (max ${max})`]
        : [];
    }),
  );
}

/** Seconds between runs of `rate(N minute|minutes|hour|hours|day|days)`; undefined for anything else. */
export function rateSeconds(expression: unknown): number | undefined {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(String(expression));
  if (!match) return undefined;
  return Number(match[1]) * { minute: 60, hour: 3600, day: 86400 }[match[2] as 'minute' | 'hour' | 'day'];
}

export interface MetricSpec {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

export interface StaleAlarmSpec extends MetricSpec {
  /** The function the schedule runs. */
  pollerLogicalId: string;
  /** Missed intervals before the alarm fires. */
  intervals: number;
  /** Metrics whose Sum above 0 in that many consecutive intervals fires an alarm. */
  persistent: readonly MetricSpec[];
}

const dimensionsOf = (alarm: CfnResource) =>
  asList(propertiesOf(alarm).Dimensions)
    .filter(isRecord)
    .map((d) => `${String(d.Name)}=${show(d.Value)}`)
    .sort();

function findAlarm(template: CfnTemplate, namespace: string, metric: string, dimensions: string[]) {
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm').find(([, alarm]) => {
    const p = propertiesOf(alarm);
    return (
      p.Namespace === namespace &&
      p.MetricName === metric &&
      isDeepStrictEqual(dimensionsOf(alarm), dimensions)
    );
  });
}

const dimensionList = (spec: MetricSpec) =>
  Object.entries(spec.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .sort();

function scheduleInterval(template: CfnTemplate, poller: string): number | undefined {
  return rateSeconds(propertiesOf(scheduleOf(template, poller)?.[1]).ScheduleExpression);
}

/** A failure that one cycle reports and the next repairs fires nothing; the same in `intervals` cycles in a row does. */
function persistentAlarmProblems(template: CfnTemplate, spec: StaleAlarmSpec): string[] {
  const interval = scheduleInterval(template, spec.pollerLogicalId);
  return spec.persistent.flatMap((metric) => {
    const dimensions = dimensionList(metric);
    const found = findAlarm(template, metric.namespace, metric.metricName, dimensions);
    const label = `${metric.namespace}/${metric.metricName} {${dimensions.join(', ')}}`;
    if (found === undefined) return [`no alarm on ${label}`];
    const [id, alarm] = found;
    const p = propertiesOf(alarm);
    const problems: string[] = [];
    if (p.Statistic !== 'Sum' || p.ComparisonOperator !== 'GreaterThanThreshold' || p.Threshold !== 0) {
      problems.push(`${id}: must fire when the Sum of ${metric.metricName} is above 0`);
    }
    if (p.TreatMissingData !== 'notBreaching') {
      problems.push(`${id}: missing data must not breach (a stopped poller is the stale-poll alarm's)`);
    }
    if (
      Number(p.Period) !== interval ||
      Number(p.EvaluationPeriods) !== spec.intervals ||
      Number(p.DatapointsToAlarm ?? p.EvaluationPeriods) !== spec.intervals
    ) {
      problems.push(
        `${id}: expected ${spec.intervals} consecutive periods of ${String(interval)} s (the schedule), got ${String(p.DatapointsToAlarm)} of ${String(p.EvaluationPeriods)} × ${String(p.Period)} s`,
      );
    }
    return problems;
  });
}

/** A DLQ alarm fires on messages sent to the queue in a period, not on messages waiting (that latches). */
function deadLetterAlarmProblems(template: CfnTemplate): string[] {
  return deadLetterQueues(template).flatMap((queue) => {
    const dimensions = [`QueueName=GetAtt:${queue}.QueueName`];
    const latching = ['ApproximateNumberOfMessagesVisible', 'ApproximateNumberOfMessagesNotVisible']
      .map((metric) => findAlarm(template, 'AWS/SQS', metric, dimensions))
      .filter((found) => found !== undefined)
      .map(([id]) => `${id} fires on messages waiting in ${queue}, and stays in alarm until it is emptied`);
    const found = findAlarm(template, 'AWS/SQS', 'NumberOfMessagesSent', dimensions);
    const p = propertiesOf(found?.[1]);
    const sent =
      found === undefined ||
      p.Statistic !== 'Sum' ||
      p.ComparisonOperator !== 'GreaterThanThreshold' ||
      p.Threshold !== 0 ||
      p.TreatMissingData !== 'notBreaching'
        ? [`no alarm on messages sent to ${queue} (Sum > 0, missing data not breaching)`]
        : [];
    return [...latching, ...sent];
  });
}

function staleAlarmProblems(template: CfnTemplate, spec: StaleAlarmSpec): string[] {
  const dimensions = dimensionList(spec);
  const found = findAlarm(template, spec.namespace, spec.metricName, dimensions);
  const label = `${spec.namespace}/${spec.metricName} {${dimensions.join(', ')}}`;
  if (found === undefined) return [`no stale-poll alarm on ${label}`];
  const [id, alarm] = found;
  const p = propertiesOf(alarm);
  const interval = scheduleInterval(template, spec.pollerLogicalId);
  const problems: string[] = [];
  if (p.TreatMissingData !== 'breaching') problems.push(`${id}: missing data must count as breaching`);
  if (p.ComparisonOperator !== 'LessThanThreshold' || p.Threshold !== 1) {
    problems.push(`${id}: must fire when fewer than 1 poll succeeded`);
  }
  if (interval === undefined) problems.push(`${id}: no rate() schedule runs ${spec.pollerLogicalId}`);
  else if (
    Number(p.Period) !== interval ||
    Number(p.EvaluationPeriods) !== spec.intervals ||
    Number(p.DatapointsToAlarm ?? p.EvaluationPeriods) !== spec.intervals
  ) {
    problems.push(
      `${id}: expected ${spec.intervals} of ${spec.intervals} periods of ${interval} s (the schedule), got ${String(p.DatapointsToAlarm)} of ${String(p.EvaluationPeriods)} × ${String(p.Period)} s`,
    );
  }
  return problems;
}

/**
 * Errors per function, messages sent per DLQ, the stale-poll watcher and the poller's persistent
 * failures; every alarm notifies a topic of the stack.
 */
export function alarmProblems(template: CfnTemplate, stale: StaleAlarmSpec): string[] {
  const silent = resourcesOfType(template, 'AWS::CloudWatch::Alarm')
    .filter(([, alarm]) => {
      const actions = asList(propertiesOf(alarm).AlarmActions);
      return (
        actions.length === 0 ||
        !actions.every((a) => template.Resources[reference(a)?.logicalId ?? '']?.Type === 'AWS::SNS::Topic')
      );
    })
    .map(([id]) => `${id} notifies no topic of this stack`);
  const errors = resourcesOfType(template, 'AWS::Lambda::Function')
    .filter(([fn]) => findAlarm(template, 'AWS/Lambda', 'Errors', [`FunctionName=Ref:${fn}`]) === undefined)
    .map(([fn]) => `no Errors alarm for ${fn}`);
  return [
    ...silent,
    ...errors,
    ...deadLetterAlarmProblems(template),
    ...staleAlarmProblems(template, stale),
    ...persistentAlarmProblems(template, stale),
  ];
}

/** Node.js 22 on arm64 with source-mapped stack traces. */
export function runtimeProblems(template: CfnTemplate): string[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').flatMap(([id, fn]) => {
    const p = propertiesOf(fn);
    const variables =
      isRecord(p.Environment) && isRecord(p.Environment.Variables) ? p.Environment.Variables : {};
    const problems: string[] = [];
    if (p.Runtime !== 'nodejs22.x') problems.push(`${id} runs ${String(p.Runtime)}`);
    if (!isDeepStrictEqual(p.Architectures, ['arm64'])) problems.push(`${id} is not arm64`);
    if (!String(variables.NODE_OPTIONS ?? '').includes('--enable-source-maps')) {
      problems.push(`${id} does not enable source maps`);
    }
    return problems;
  });
}
