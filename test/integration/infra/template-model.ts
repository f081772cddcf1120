// Reading a CloudFormation template as the checks need it: resources by type, intrinsic references,
// and every IAM statement with where it lives and whom it grants. Pure functions over plain JSON.

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: unknown;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

export function propertiesOf(resource: CfnResource | undefined): Record<string, unknown> {
  return resource?.Properties ?? {};
}

/** The logical id a `Ref` or `Fn::GetAtt` points at (and the attribute, for GetAtt). */
export function reference(value: unknown): { logicalId: string; attribute?: string } | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return { logicalId: value.Ref };
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
    return { logicalId: getAtt[0], attribute: typeof getAtt[1] === 'string' ? getAtt[1] : undefined };
  }
  if (typeof getAtt === 'string') {
    const [logicalId = '', ...rest] = getAtt.split('.');
    return { logicalId, attribute: rest.join('.') || undefined };
  }
  return undefined;
}

/** A readable, comparable spelling of a value: `Ref:X`, `GetAtt:X.Arn`, `Sub:arn:...`, or the string. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isRecord(value)) {
    if (typeof value.Ref === 'string') return `Ref:${value.Ref}`;
    const getAtt = reference(value);
    if (getAtt?.attribute !== undefined) return `GetAtt:${getAtt.logicalId}.${getAtt.attribute}`;
    const sub = value['Fn::Sub'];
    if (typeof sub === 'string') return `Sub:${sub}`;
    if (Array.isArray(sub) && typeof sub[0] === 'string') return `Sub:${sub[0]}`;
  }
  return JSON.stringify(value);
}

export interface PolicyStatement {
  /** Where the statement is written, e.g. `PollModelsRole/poll-models/ListModels`. */
  where: string;
  /** identity: attached to a role; resource: a resource, key or trust policy. */
  kind: 'identity' | 'resource';
  /** The role logical id, for identity statements. */
  role?: string;
  sid?: string;
  effect: string;
  principal?: unknown;
  actions: string[];
  /** Set when the statement uses NotAction (it then grants everything else). */
  notActions?: string[];
  resources: unknown[];
  condition?: unknown;
}

type StatementOrigin = Pick<PolicyStatement, 'kind' | 'role' | 'where'>;

function statementsOf(document: unknown, base: StatementOrigin): PolicyStatement[] {
  if (!isRecord(document)) return [];
  return asList(document.Statement)
    .filter(isRecord)
    .map((raw, index) => {
      const sid = typeof raw.Sid === 'string' ? raw.Sid : undefined;
      const statement: PolicyStatement = {
        ...base,
        where: `${base.where}/${sid ?? index}`,
        effect: String(raw.Effect),
        actions: asList(raw.Action).map(String),
        resources: asList(raw.Resource ?? raw.NotResource),
      };
      if (sid !== undefined) statement.sid = sid;
      if (raw.NotAction !== undefined) statement.notActions = asList(raw.NotAction).map(String);
      if (raw.Condition !== undefined) statement.condition = raw.Condition;
      if (raw.Principal !== undefined) statement.principal = raw.Principal;
      return statement;
    });
}

// Resource-based documents: who may act on the resource (queues, topics, keys, buckets, buses).
const RESOURCE_POLICY_PROPERTIES: Record<string, string> = {
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::Events::EventBusPolicy': 'Statement',
  'AWS::EventSchemas::RegistryPolicy': 'Policy',
};

/**
 * Whether a condition holds, for those `osls package` leaves decidable (Fn::Equals of values resolved at
 * package time, Fn::Not); any other is taken to hold, so its resources are checked.
 */
export function conditionHolds(template: CfnTemplate, name: string): boolean {
  const evaluate = (value: unknown): boolean | undefined => {
    if (!isRecord(value)) return undefined;
    const equals = value['Fn::Equals'];
    if (Array.isArray(equals) && equals.every((item) => typeof item === 'string')) {
      return equals[0] === equals[1];
    }
    const not = value['Fn::Not'];
    if (Array.isArray(not)) {
      const inner = evaluate(not[0]);
      return inner === undefined ? undefined : !inner;
    }
    return undefined;
  };
  return evaluate(template.Conditions?.[name]) ?? true;
}

/**
 * Every IAM statement in the template: role policies, standalone policies, trust and resource policies;
 * none of a resource whose condition does not hold.
 */
export function policyStatements(template: CfnTemplate): PolicyStatement[] {
  return Object.entries(template.Resources).flatMap(([logicalId, resource]) => {
    if (resource.Condition !== undefined && !conditionHolds(template, resource.Condition)) return [];
    const properties = propertiesOf(resource);
    if (resource.Type === 'AWS::IAM::Role') {
      const inline = asList(properties.Policies)
        .filter(isRecord)
        .flatMap((policy) =>
          statementsOf(policy.PolicyDocument, {
            kind: 'identity',
            role: logicalId,
            where: `${logicalId}/${String(policy.PolicyName)}`,
          }),
        );
      const trust = statementsOf(properties.AssumeRolePolicyDocument, {
        kind: 'resource',
        where: `${logicalId}/trust`,
      });
      return [...inline, ...trust];
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      return asList(properties.Roles).flatMap((role) => {
        const roleId = reference(role)?.logicalId ?? show(role);
        return statementsOf(properties.PolicyDocument, {
          kind: 'identity',
          role: roleId,
          where: `${logicalId}(${roleId})`,
        });
      });
    }
    const property = RESOURCE_POLICY_PROPERTIES[resource.Type];
    if (property === undefined) return [];
    const document = property === 'Statement' ? { Statement: properties.Statement } : properties[property];
    return statementsOf(document, { kind: 'resource', where: logicalId });
  });
}

/** IAM action patterns: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

/** Whether an Allow statement grants `action` (directly, by wildcard, or by NotAction). */
export function grantsAction(statement: PolicyStatement, action: string): boolean {
  if (statement.effect !== 'Allow') return false;
  if (statement.notActions !== undefined) {
    return !statement.notActions.some((pattern) => actionMatches(pattern, action));
  }
  return statement.actions.some((pattern) => actionMatches(pattern, action));
}

/** Whether a resource pattern (ARN with `*`, placeholders compared as written) covers `target`. */
export function resourceCovers(pattern: unknown, target: string): boolean {
  const text = show(pattern).replace(/^Sub:/, '');
  return actionMatches(text, target.replace(/^Sub:/, ''));
}

/** Action → the resources a role's Allow statements grant it on, spelled with `show`, sorted. */
export function grants(template: CfnTemplate, role: string): Record<string, string[]> {
  const byAction: Record<string, Set<string>> = {};
  for (const statement of policyStatements(template)) {
    if (statement.role !== role || statement.effect !== 'Allow') continue;
    for (const action of statement.actions) {
      const set = byAction[action] ?? new Set<string>();
      for (const resource of statement.resources) set.add(show(resource));
      byAction[action] = set;
    }
  }
  return Object.fromEntries(
    Object.entries(byAction)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([action, set]) => [action, [...set].sort()]),
  );
}

/** Every string in a value, with its path, for scans such as hard-coded partitions. */
export function strings(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${path}[${i}]`));
  if (isRecord(value)) return Object.entries(value).flatMap(([key, item]) => strings(item, `${path}/${key}`));
  return [];
}
