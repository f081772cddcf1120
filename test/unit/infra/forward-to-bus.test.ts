// infra/forward-to-bus.cjs (spoke mode): the forwardToBusArn stage parameter as `osls package` checks it,
// the resources it adds, and the template check every packaged spoke template is held to, which must
// catch each way those resources could be wrong.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { forwardProblems } from '../../integration/infra/forward-checks.js';
import type { CfnTemplate } from '../../integration/infra/template-model.js';

interface OwnBus {
  name: string;
  region: string;
}
type Resolver = (context: { resolveVariable: (variable: string) => Promise<unknown> }) => Promise<unknown>;

// The file is CommonJS so that Serverless can require it; its shape is declared here.
const require = createRequire(import.meta.url);
const forward = require('../../../infra/forward-to-bus.cjs') as Resolver & {
  parseForwardToBusArn: (value: unknown, ownBus: OwnBus) => string | undefined;
  forwardResources: (options: { busArn: string | undefined; ruleName: string }) => {
    Resources?: CfnTemplate['Resources'];
  };
};

const OWN: OwnBus = { name: 'l4e-autopilot-prod', region: 'eu-west-1' };
const CENTRAL = 'arn:aws:events:eu-west-1:210987654321:event-bus/fleet-central';
const RULE = 'l4e-autopilot-prod-forward';

describe('the forwardToBusArn stage parameter', () => {
  it.each([undefined, '', '  '])('turns spoke mode off when %j', (value) => {
    // Assess
    expect(forward.parseForwardToBusArn(value, OWN)).toBeUndefined();
  });

  it.each([
    ['a bus of another account in the same region', CENTRAL],
    ['a bus of another region', 'arn:aws:events:us-east-1:210987654321:event-bus/fleet-central'],
    [
      'a bus of the same account in another region',
      'arn:aws:events:us-west-2:123456789012:event-bus/l4e-autopilot-prod',
    ],
    ['another partition', 'arn:aws-us-gov:events:us-gov-west-1:210987654321:event-bus/central.bus_1'],
  ])('accepts %s', (_, arn) => {
    // Assess
    expect(forward.parseForwardToBusArn(arn, OWN)).toBe(arn);
  });

  it.each([
    ['a bus name alone', 'fleet-central'],
    ['another service', 'arn:aws:sqs:eu-west-1:210987654321:fleet-central'],
    ['an 11-digit account', 'arn:aws:events:eu-west-1:21098765432:event-bus/fleet-central'],
    ['no region', 'arn:aws:events::210987654321:event-bus/fleet-central'],
    ['a rule, not a bus', 'arn:aws:events:eu-west-1:210987654321:rule/fleet-central'],
    ['a wildcard', 'arn:aws:events:eu-west-1:210987654321:event-bus/*'],
    ['a CloudFormation placeholder', `arn:aws:events:eu-west-1:210987654321:event-bus/\${AWS::StackName}`],
  ])('refuses %s in one line', (_, arn) => {
    // Assess
    expect(() => forward.parseForwardToBusArn(arn, OWN)).toThrow(
      `forwardToBusArn must be arn:<partition>:events:<region>:<12-digit account>:event-bus/<name>, got ${JSON.stringify(arn)}`,
    );
  });

  it("refuses the stack's own bus", () => {
    // Prepare
    const own = 'arn:aws:events:eu-west-1:123456789012:event-bus/l4e-autopilot-prod';

    // Assess
    expect(() => forward.parseForwardToBusArn(own, OWN)).toThrow(
      "forwardToBusArn names a bus called l4e-autopilot-prod in eu-west-1, the name of this stack's own bus",
    );
  });

  it('is read with the service, stage and region when Serverless resolves the resources', async () => {
    // Prepare
    const values: Record<string, string> = {
      'self:service': 'l4e-autopilot',
      'sls:stage': 'prod',
      'self:provider.region': 'eu-west-1',
      'param:forwardToBusArn': CENTRAL,
    };

    // Act
    const resources = (await forward({ resolveVariable: async (name) => values[name] })) as {
      Resources: CfnTemplate['Resources'];
    };

    // Assess
    expect(Object.keys(resources.Resources).sort()).toEqual([
      'ForwardDlq',
      'ForwardDlqPolicy',
      'ForwardRole',
      'ForwardRule',
    ]);
    expect(resources.Resources.ForwardRule?.Properties?.Name).toBe(RULE);
  });
});

describe('the spoke-mode resources', () => {
  it('are none without a central bus', () => {
    // Assess
    expect(forward.forwardResources({ busArn: undefined, ruleName: RULE })).toEqual({});
  });

  it('pass the spoke-mode template check', () => {
    // Assess
    expect(forwardProblems(spokeTemplate(), CENTRAL)).toEqual([]);
  });
});

type Mutation = (template: CfnTemplate) => void;
const rule = (t: CfnTemplate) => props(t, 'ForwardRule');
const target = (t: CfnTemplate) => (rule(t).Targets as Array<Record<string, unknown>>)[0] ?? {};
const role = (t: CfnTemplate) => props(t, 'ForwardRole');
const trust = (t: CfnTemplate) =>
  (role(t).AssumeRolePolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
const grant = (t: CfnTemplate) =>
  (role(t).Policies as Array<{ PolicyDocument: { Statement: Array<Record<string, unknown>> } }>)[0]
    ?.PolicyDocument.Statement ?? [];
const condition = (t: CfnTemplate) => trust(t)[0]?.Condition as Record<string, Record<string, unknown>>;

const MUTATIONS: Record<string, Mutation> = {
  'no forward rule': (t) => {
    delete t.Resources.ForwardRule;
  },
  'the rule on the default bus': (t) => {
    delete rule(t).EventBusName;
  },
  'a narrower pattern': (t) => {
    rule(t).EventPattern = { source: ['l4e.autopilot'], 'detail-type': ['Model Promoted'] };
  },
  'another source': (t) => {
    rule(t).EventPattern = { source: ['aws.lookoutequipment'] };
  },
  'a disabled rule': (t) => {
    rule(t).State = 'DISABLED';
  },
  'another bus as target': (t) => {
    target(t).Arn = 'arn:aws:events:eu-west-1:999999999999:event-bus/fleet-central';
  },
  'no role on the target': (t) => {
    delete target(t).RoleArn;
  },
  'a second target': (t) => {
    (rule(t).Targets as unknown[]).push({ ...target(t), Id: 'copy' });
  },
  'a trust in any service': (t) => {
    (trust(t)[0] ?? {}).Principal = { Service: ['events.amazonaws.com', 'lambda.amazonaws.com'] };
  },
  'a trust in an account': (t) => {
    (trust(t)[0] ?? {}).Principal = { AWS: 'arn:aws:iam::999999999999:root' };
  },
  'no source-account condition': (t) => {
    delete condition(t).StringEquals;
  },
  'no source-ARN condition': (t) => {
    delete condition(t).ArnEquals;
  },
  'a source ARN of every rule': (t) => {
    (condition(t).ArnEquals ?? {})['aws:SourceArn'] = {
      'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/\${AutopilotBus}/*`,
    };
  },
  'a second trust statement': (t) => {
    trust(t).push({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
  },
  'PutEvents on every bus': (t) => {
    (grant(t)[0] ?? {}).Resource = '*';
  },
  'a wider action': (t) => {
    (grant(t)[0] ?? {}).Action = 'events:*';
  },
  'a second statement': (t) => {
    grant(t).push({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' });
  },
  'a managed policy': (t) => {
    role(t).ManagedPolicyArns = ['arn:aws:iam::aws:policy/AdministratorAccess'];
  },
  'the role shared with a function': (t) => {
    t.Resources.SomeFunction = {
      Type: 'AWS::Lambda::Function',
      Properties: { Role: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } },
    };
  },
};

describe('the spoke-mode template check', () => {
  it.each(Object.keys(MUTATIONS))('catches %s', (name) => {
    // Prepare
    const template = spokeTemplate();
    MUTATIONS[name]?.(template);

    // Act
    const problems = forwardProblems(template, CENTRAL);

    // Assess
    expect(problems).not.toEqual([]);
  });
});

function spokeTemplate(): CfnTemplate {
  const added = forward.forwardResources({ busArn: CENTRAL, ruleName: RULE }).Resources ?? {};
  return structuredClone({
    Resources: {
      AutopilotBus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'l4e-autopilot-prod' } },
      ...added,
    },
  });
}

function props(template: CfnTemplate, logicalId: string): Record<string, unknown> {
  const properties = template.Resources[logicalId]?.Properties;
  if (properties === undefined) throw new Error(`no ${logicalId}`);
  return properties;
}
