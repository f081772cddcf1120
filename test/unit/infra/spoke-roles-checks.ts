// What infra/spoke-roles.yml promises a member account, as checks over the parsed template: each returns
// the problems it finds (none means the promise holds), so mutated copies can prove each check bites.
import type { CfnTemplate, PolicyStatement } from '../../integration/infra/template-model.js';
import {
  asList,
  isRecord,
  policyStatements,
  propertiesOf,
  resourcesOfType,
  show,
} from '../../integration/infra/template-model.js';

export interface Rendering {
  siteWise: boolean;
  cliRole: boolean;
}

export const RENDERINGS: Rendering[] = [
  { siteWise: false, cliRole: false },
  { siteWise: false, cliRole: true },
  { siteWise: true, cliRole: false },
  { siteWise: true, cliRole: true },
];

const L4E_READS = [
  'lookoutequipment:ListModels',
  'lookoutequipment:DescribeModel',
  'lookoutequipment:DescribeModelVersion',
  'lookoutequipment:ListModelVersions',
  'lookoutequipment:DescribeRetrainingScheduler',
];
const SITEWISE_READS = [
  'iotsitewise:ListComputationModels',
  'iotsitewise:DescribeExecution',
  'iotsitewise:DescribeComputationModel',
  'iotsitewise:ListComputationModelResolveToResources',
  'iotsitewise:DescribeComputationModelExecutionSummary',
  'iotsitewise:ListActions',
  'iotsitewise:DescribeAction',
  'iotsitewise:ListExecutions',
];
const METRICS_READS = ['s3:GetObject', 's3:ListBucket'];

/** Actions that take no resource, so only they may be granted on "*". */
const UNSCOPED = new Set([
  'lookoutequipment:ListModels',
  'iotsitewise:ListComputationModels',
  'iotsitewise:DescribeExecution',
]);

/** The actions each role must be granted, exactly, for a rendering. */
export function expectedActions(rendering: Rendering): Record<'ReaderRole' | 'ActivatorRole', string[]> {
  return {
    ReaderRole: [...L4E_READS, ...(rendering.siteWise ? [...SITEWISE_READS, ...METRICS_READS] : [])].sort(),
    ActivatorRole: [
      'lookoutequipment:UpdateActiveModelVersion',
      ...(rendering.siteWise ? ['iotsitewise:ExecuteAction'] : []),
    ].sort(),
  };
}

/** The expected trusted principals of each role. */
export function expectedPrincipals(rendering: Rendering): Record<'ReaderRole' | 'ActivatorRole', string[]> {
  return {
    ReaderRole: [
      'Ref:PollerRoleArn',
      'Ref:ApplyPolicyRoleArn',
      ...(rendering.cliRole ? ['Ref:CliRoleArn'] : []),
    ].sort(),
    ActivatorRole: ['Ref:ApplyPolicyRoleArn'],
  };
}

/** The template as CloudFormation would create it for these parameter choices. */
export function render(template: CfnTemplate, rendering: Rendering): CfnTemplate {
  const conditions: Record<string, boolean> = {
    SiteWiseOn: rendering.siteWise,
    HasCliRole: rendering.cliRole,
  };
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve).filter((item) => !isNoValue(item));
    if (!isRecord(value)) return value;
    const ifs = value['Fn::If'];
    if (Array.isArray(ifs) && typeof ifs[0] === 'string') {
      return resolve(conditions[ifs[0]] === true ? ifs[1] : ifs[2]);
    }
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, item]) => [key, resolve(item)] as const)
        .filter(([, item]) => !isNoValue(item)),
    );
  };
  const resources = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Condition === undefined || conditions[resource.Condition] === true,
  );
  return resolve({ ...template, Resources: Object.fromEntries(resources) }) as CfnTemplate;
}

function isNoValue(value: unknown): boolean {
  return isRecord(value) && value.Ref === 'AWS::NoValue';
}

/** Exactly two IAM roles, no other principal-bearing IAM resource, no managed policies. */
export function roleSetProblems(template: CfnTemplate): string[] {
  const roles = resourcesOfType(template, 'AWS::IAM::Role')
    .map(([id]) => id)
    .sort();
  const problems = roles.join() === 'ActivatorRole,ReaderRole' ? [] : [`roles are ${roles.join(', ')}`];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (
      resource.Type.startsWith('AWS::IAM::') &&
      !['AWS::IAM::Role', 'AWS::IAM::Policy'].includes(resource.Type)
    ) {
      problems.push(`${id} is a ${resource.Type}`);
    }
    if (asList(propertiesOf(resource).ManagedPolicyArns).length > 0) {
      problems.push(`${id} attaches managed policies`);
    }
  }
  return problems;
}

/** Each role holds exactly its actions, each named in full, none by NotAction, no Deny to rely on. */
export function actionProblems(template: CfnTemplate, rendering: Rendering): string[] {
  const expected = expectedActions(rendering);
  const identity = policyStatements(template).filter((s) => s.kind === 'identity');
  const problems = identity.flatMap((s) => [
    ...(s.effect === 'Allow' ? [] : [`${s.where} is a ${s.effect} statement`]),
    ...(s.notActions === undefined ? [] : [`${s.where} uses NotAction`]),
    ...s.actions.filter((a) => /[*?]/.test(a)).map((a) => `${s.where} grants the wildcard action ${a}`),
  ]);
  for (const role of ['ReaderRole', 'ActivatorRole'] as const) {
    const granted = [...new Set(identity.filter((s) => s.role === role).flatMap((s) => s.actions))].sort();
    if (granted.join() !== expected[role].join()) {
      problems.push(`${role} grants ${granted.join(', ')}; expected ${expected[role].join(', ')}`);
    }
  }
  const readerL4e = identity.filter((s) => s.role === 'ReaderRole').flatMap((s) => s.actions);
  for (const action of readerL4e.filter((a) => a.startsWith('lookoutequipment:'))) {
    if (!/^lookoutequipment:(List|Describe)/.test(action)) problems.push(`ReaderRole may ${action}`);
  }
  return problems;
}

/** "*" only for actions that take no resource; every other resource in this account, in its own service. */
export function resourceProblems(template: CfnTemplate): string[] {
  return policyStatements(template)
    .filter((s) => s.kind === 'identity')
    .flatMap((s) => s.resources.flatMap((resource) => resourceProblemsOf(s, show(resource))));
}

function resourceProblemsOf(statement: PolicyStatement, resource: string): string[] {
  if (resource === '*') {
    return statement.actions
      .filter((a) => !UNSCOPED.has(a))
      .map((a) => `${statement.where} grants ${a} on "*"`);
  }
  const problems: string[] = [];
  for (const action of statement.actions) {
    const service = action.split(':')[0] ?? '';
    if (service === 's3') {
      problems.push(...metricsResourceProblems(statement, action, resource));
      continue;
    }
    const pattern = new RegExp(
      `^Sub:arn:\\$\\{AWS::Partition\\}:${service}:\\*:\\$\\{AWS::AccountId\\}:[a-z-]+/\\*$`,
    );
    if (!pattern.test(resource)) problems.push(`${statement.where} grants ${action} on ${resource}`);
  }
  return problems;
}

function metricsResourceProblems(statement: PolicyStatement, action: string, resource: string): string[] {
  const bucket = `Sub:arn:\${AWS::Partition}:s3:::\${SiteWiseMetricsBucket}`;
  if (action === 's3:GetObject' && resource === `${bucket}/\${SiteWiseMetricsPrefix}*`) return [];
  const prefix = isRecord(statement.condition) ? statement.condition.StringLike : undefined;
  const limited = isRecord(prefix) && show(prefix['s3:prefix']) === `Sub:\${SiteWiseMetricsPrefix}*`;
  if (action === 's3:ListBucket' && resource === bucket && limited) return [];
  return [`${statement.where} grants ${action} on ${resource}${limited ? '' : ' beyond the metrics prefix'}`];
}

/** Each role trusts exactly its hub roles, for sts:AssumeRole only, and only with the external id. */
export function trustProblems(template: CfnTemplate, rendering: Rendering): string[] {
  const expected = expectedPrincipals(rendering);
  return (['ReaderRole', 'ActivatorRole'] as const).flatMap((role) => {
    const trust = policyStatements(template).filter((s) => s.where.startsWith(`${role}/trust`));
    const problems = trust.flatMap((s) => trustStatementProblems(s));
    const principals = trust
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) => (isRecord(s.principal) ? asList(s.principal.AWS).map(show) : [show(s.principal)]))
      .sort();
    if (principals.join() !== expected[role].join()) {
      problems.push(`${role} trusts ${principals.join(', ')}; expected ${expected[role].join(', ')}`);
    }
    return problems;
  });
}

function trustStatementProblems(statement: PolicyStatement): string[] {
  const problems: string[] = [];
  if (statement.effect !== 'Allow') return problems;
  if (statement.actions.join() !== 'sts:AssumeRole') {
    problems.push(`${statement.where} allows ${statement.actions.join(', ')}`);
  }
  const principal = statement.principal;
  if (!isRecord(principal) || Object.keys(principal).join() !== 'AWS') {
    problems.push(`${statement.where} trusts ${JSON.stringify(principal)}, not roles`);
  }
  const condition = isRecord(statement.condition) ? statement.condition : {};
  const equals = isRecord(condition.StringEquals) ? condition.StringEquals : {};
  if (show(equals['sts:ExternalId']) !== 'Ref:ExternalId') {
    problems.push(`${statement.where} does not require the external id (StringEquals sts:ExternalId)`);
  }
  return problems;
}

/** The hub reads the role ARNs from the outputs; the external id is never echoed. */
export function interfaceProblems(
  template: CfnTemplate & { Parameters?: Record<string, unknown> },
): string[] {
  const problems: string[] = [];
  const outputs = [
    ['ReaderRoleArn', 'ReaderRole'],
    ['ActivatorRoleArn', 'ActivatorRole'],
  ] as const;
  for (const [output, role] of outputs) {
    const declared = template.Outputs?.[output];
    const value = isRecord(declared) ? declared.Value : undefined;
    if (show(value) !== `GetAtt:${role}.Arn`) problems.push(`output ${output} is ${show(value)}`);
  }
  const externalId = template.Parameters?.ExternalId;
  if (!isRecord(externalId) || externalId.NoEcho !== true)
    problems.push('the ExternalId parameter is echoed');
  return problems;
}

/** Every problem of the template, over every rendering. */
export function spokeRoleProblems(template: CfnTemplate): string[] {
  const perRendering = RENDERINGS.flatMap((rendering) => {
    const rendered = render(template, rendering);
    const label = `[siteWise=${rendering.siteWise} cliRole=${rendering.cliRole}]`;
    return [
      ...roleSetProblems(rendered),
      ...actionProblems(rendered, rendering),
      ...resourceProblems(rendered),
      ...trustProblems(rendered, rendering),
    ].map((problem) => `${label} ${problem}`);
  });
  return [...new Set([...perRendering, ...interfaceProblems(template)])];
}
