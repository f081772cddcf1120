// Spoke mode (infra/forward-to-bus.cjs) as a template must have it: one rule on the stack's bus that
// matches every l4e.autopilot event and targets the central bus with a role; the role trusts EventBridge
// for that rule of this account only, and may only put events on that one bus.
import { isDeepStrictEqual } from 'node:util';
import {
  asList,
  type CfnResource,
  type CfnTemplate,
  isRecord,
  propertiesOf,
  reference,
  resourcesOfType,
  show,
} from './template-model.js';

const RULE_ARN = `Sub:arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/\${AutopilotBus}/`;

/** Rules with a target that is not one of this stack's resources: the ones that forward elsewhere. */
export function forwardRules(template: CfnTemplate): Array<[string, CfnResource]> {
  return resourcesOfType(template, 'AWS::Events::Rule').filter(([, rule]) =>
    asList(propertiesOf(rule).Targets).some((t) => isRecord(t) && typeof t.Arn === 'string'),
  );
}

export function forwardProblems(template: CfnTemplate, busArn: string): string[] {
  const rules = forwardRules(template);
  const [entry, ...more] = rules;
  if (entry === undefined) return ['no rule forwards to the central bus'];
  if (more.length > 0)
    return [`more than one rule forwards elsewhere: ${rules.map(([id]) => id).join(', ')}`];
  const [ruleId, rule] = entry;
  const p = propertiesOf(rule);
  const problems: string[] = [];
  if (show(p.EventBusName) !== 'Ref:AutopilotBus') problems.push(`${ruleId} is not on the stack's bus`);
  if (!isDeepStrictEqual(p.EventPattern, { source: ['l4e.autopilot'] })) {
    problems.push(
      `${ruleId} does not match exactly every l4e.autopilot event: ${JSON.stringify(p.EventPattern)}`,
    );
  }
  if (p.State !== undefined && p.State !== 'ENABLED') problems.push(`${ruleId} is not enabled`);
  const targets = asList(p.Targets).filter(isRecord);
  const [target] = targets;
  if (targets.length !== 1 || target === undefined) return [...problems, `${ruleId} must have one target`];
  if (target.Arn !== busArn) problems.push(`${ruleId} targets ${show(target.Arn)}, not ${busArn}`);
  const roleRef = reference(target.RoleArn);
  const role = roleRef === undefined ? undefined : template.Resources[roleRef.logicalId];
  if (roleRef === undefined || role?.Type !== 'AWS::IAM::Role') {
    return [...problems, `${ruleId}'s target has no role of this stack`];
  }
  const name = typeof p.Name === 'string' ? p.Name : undefined;
  const used = Object.entries(template.Resources).filter(
    ([id, r]) => id !== ruleId && JSON.stringify(r).includes(`"${roleRef.logicalId}"`),
  );
  if (used.length > 0)
    problems.push(`${roleRef.logicalId} is used by ${used.map(([id]) => id).join(', ')} too`);
  return [
    ...problems,
    ...trustProblems(roleRef.logicalId, role, name),
    ...permissionProblems(roleRef.logicalId, role, busArn),
  ];
}

/** One statement: EventBridge may assume the role for this account's forward rule, and nobody else. */
function trustProblems(roleId: string, role: CfnResource, ruleName: string | undefined): string[] {
  const trust = propertiesOf(role).AssumeRolePolicyDocument;
  const statements = isRecord(trust) ? asList(trust.Statement).filter(isRecord) : [];
  const [statement] = statements;
  if (statements.length !== 1 || statement === undefined)
    return [`${roleId}'s trust must have one statement`];
  const problems: string[] = [];
  if (statement.Effect !== 'Allow' || !isDeepStrictEqual(asList(statement.Action), ['sts:AssumeRole'])) {
    problems.push(`${roleId}'s trust must allow sts:AssumeRole and nothing else`);
  }
  if (!isDeepStrictEqual(statement.Principal, { Service: 'events.amazonaws.com' })) {
    problems.push(
      `${roleId} must trust events.amazonaws.com only, not ${JSON.stringify(statement.Principal)}`,
    );
  }
  const condition = isRecord(statement.Condition) ? statement.Condition : {};
  const account = isRecord(condition.StringEquals) ? condition.StringEquals['aws:SourceAccount'] : undefined;
  if (show(account) !== 'Ref:AWS::AccountId')
    problems.push(`${roleId}'s trust does not require this account`);
  const source = isRecord(condition.ArnEquals) ? condition.ArnEquals['aws:SourceArn'] : undefined;
  if (ruleName === undefined || show(source) !== `${RULE_ARN}${ruleName}`) {
    problems.push(`${roleId}'s trust does not require the forward rule's ARN: ${show(source)}`);
  }
  if (Object.keys(condition).length !== 2) problems.push(`${roleId}'s trust has other conditions`);
  return problems;
}

/** Its only grant: events:PutEvents on the central bus. */
function permissionProblems(roleId: string, role: CfnResource, busArn: string): string[] {
  const p = propertiesOf(role);
  const problems: string[] = [];
  if (p.ManagedPolicyArns !== undefined || p.PermissionsBoundary !== undefined) {
    problems.push(`${roleId} must have no managed policies`);
  }
  const statements = asList(p.Policies)
    .filter(isRecord)
    .flatMap((policy) =>
      isRecord(policy.PolicyDocument) ? asList(policy.PolicyDocument.Statement).filter(isRecord) : [{}],
    );
  const expected = { Effect: 'Allow', Action: ['events:PutEvents'], Resource: [busArn] };
  const actual = statements.map((s) => ({
    ...s,
    Action: asList(s.Action),
    Resource: asList(s.Resource),
  }));
  if (!isDeepStrictEqual(actual, [expected])) {
    problems.push(`${roleId} must only allow events:PutEvents on ${busArn}: ${JSON.stringify(statements)}`);
  }
  return problems;
}
