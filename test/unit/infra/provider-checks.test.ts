// The provider checks pass a fixture shaped like a SiteWise stage (a poller and an actor reading
// computation models and their metrics, the actor alone executing actions, a sender with neither) and
// fail a fixture broken in each way they guard against.
import { describe, expect, it } from 'vitest';
import {
  bucketListingProblems,
  type MetricsPrefix,
  objectReadProblems,
  serviceAccessProblems,
} from '../../integration/infra/provider-checks.js';
import {
  type CfnTemplate,
  exclusiveActionProblems,
  partitionProblems,
  wildcardActionProblems,
  wildcardResourceProblems,
} from '../../integration/infra/template-checks.js';
import { goodTemplate, roleStatements } from './fixture.js';

const sub = (text: string) => ({ 'Fn::Sub': text });
const COMPUTATION_MODELS = sub(
  `arn:\${AWS::Partition}:iotsitewise:\${AWS::Region}:\${AWS::AccountId}:computation-model/*`,
);
const ASSETS = sub(`arn:\${AWS::Partition}:iotsitewise:\${AWS::Region}:\${AWS::AccountId}:asset/*`);
const PREFIXES: MetricsPrefix[] = [
  { bucket: 'acme-metrics', prefix: 'sitewise/' },
  { bucket: 'acme-archive', prefix: 'ad/' },
];
const READERS = ['PollerRole', 'ActorRole'];
const UNSCOPED = [
  'lookoutequipment:ListModels',
  'iotsitewise:ListComputationModels',
  'iotsitewise:DescribeExecution',
];
const EXECUTE = 'iotsitewise:ExecuteAction';

const allow = (action: unknown, resource: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});
const objects = (bucket: string, prefix: string) => sub(`arn:\${AWS::Partition}:s3:::${bucket}/${prefix}*`);
const bucketArn = (bucket: string) => sub(`arn:\${AWS::Partition}:s3:::${bucket}`);
const listing = (bucket: string, prefixes: string[]) =>
  allow('s3:ListBucket', bucketArn(bucket), { Condition: { StringLike: { 's3:prefix': prefixes } } });

function readStatements() {
  return [
    allow(['iotsitewise:ListComputationModels', 'iotsitewise:DescribeExecution'], '*'),
    allow('iotsitewise:DescribeComputationModel', COMPUTATION_MODELS),
    allow(['iotsitewise:ListExecutions', 'iotsitewise:ListActions'], [COMPUTATION_MODELS, ASSETS]),
    allow('s3:GetObject', [objects('acme-metrics', 'sitewise/'), objects('acme-archive', 'ad/')]),
    listing('acme-metrics', ['sitewise/*']),
    listing('acme-archive', ['ad/*']),
  ];
}

/** The good template with SiteWise reads for both roles, ExecuteAction for the actor, and a sender. */
function siteWiseTemplate(change: (template: CfnTemplate) => void = () => {}): CfnTemplate {
  const template = goodTemplate();
  roleStatements(template, 'PollerRole').push(...readStatements());
  roleStatements(template, 'ActorRole').push(
    ...readStatements(),
    allow(EXECUTE, [COMPUTATION_MODELS, ASSETS]),
  );
  template.Resources.SenderRole = {
    Type: 'AWS::IAM::Role',
    Properties: {
      Policies: [
        {
          PolicyName: 'sender',
          PolicyDocument: { Statement: [allow('sns:Publish', { Ref: 'Topic' })] },
        },
      ],
    },
  };
  change(template);
  return template;
}

const CHECKS: Record<string, (template: CfnTemplate) => string[]> = {
  wildcardActionProblems,
  wildcardResourceProblems: (t) => wildcardResourceProblems(t, UNSCOPED),
  exclusiveActionProblems: (t) => exclusiveActionProblems(t, EXECUTE, ['ActorRole']),
  objectReadProblems: (t) => objectReadProblems(t, PREFIXES, READERS),
  bucketListingProblems: (t) => bucketListingProblems(t, PREFIXES, READERS),
  serviceAccessProblems: (t) => serviceAccessProblems(t, 'SenderRole', ['iotsitewise', 's3']),
  partitionProblems,
};

describe('the SiteWise fixture', () => {
  it.each(Object.entries(CHECKS))('passes %s', (_name, check) => {
    // Act
    const problems = check(siteWiseTemplate());

    // Assess
    expect(problems).toEqual([]);
  });
});

describe('each provider rule catches the template that breaks it', () => {
  it.each<[string, string, (template: CfnTemplate) => void, RegExp]>([
    [
      'a SiteWise service wildcard',
      'wildcardActionProblems',
      (t) => roleStatements(t, 'PollerRole').push(allow('iotsitewise:*', COMPUTATION_MODELS)),
      /^PollerRole\/inline\/\d+ allows "iotsitewise:\*"$/,
    ],
    [
      'an S3 service wildcard',
      'wildcardActionProblems',
      (t) => roleStatements(t, 'ActorRole').push(allow('s3:*', objects('acme-metrics', 'sitewise/'))),
      /^ActorRole\/inline\/\d+ allows "s3:\*"$/,
    ],
    [
      'a computation-model read on every resource',
      'wildcardResourceProblems',
      (t) => roleStatements(t, 'PollerRole').push(allow('iotsitewise:DescribeComputationModel', '*')),
      /grants iotsitewise:DescribeComputationModel on "\*", though it can be scoped/,
    ],
    [
      'ExecuteAction on the poller',
      'exclusiveActionProblems',
      (t) => roleStatements(t, 'PollerRole').push(allow(EXECUTE, COMPUTATION_MODELS)),
      /^PollerRole\/inline\/\d+ grants iotsitewise:ExecuteAction, which only ActorRole may have$/,
    ],
    [
      'ExecuteAction through a prefix wildcard on the sender',
      'exclusiveActionProblems',
      (t) => roleStatements(t, 'SenderRole').push(allow('iotsitewise:Execute*', ASSETS)),
      /^SenderRole\/sender\/\d+ grants iotsitewise:ExecuteAction/,
    ],
    [
      'GetObject on the whole metrics bucket',
      'objectReadProblems',
      (t) => roleStatements(t, 'PollerRole').push(allow('s3:GetObject', objects('acme-metrics', ''))),
      /grants s3:GetObject on arn:\$\{AWS::Partition\}:s3:::acme-metrics\/\*, outside the metrics prefixes$/,
    ],
    [
      'GetObject on another bucket',
      'objectReadProblems',
      (t) => roleStatements(t, 'ActorRole').push(allow('s3:Get*', objects('acme-secrets', 'sitewise/'))),
      /acme-secrets\/sitewise\/\*, outside the metrics prefixes$/,
    ],
    [
      'a reader without one of the prefixes',
      'objectReadProblems',
      (t) => {
        const statements = roleStatements(t, 'PollerRole');
        const read = statements.find((s) => s.Action === 's3:GetObject');
        if (read !== undefined) read.Resource = [objects('acme-metrics', 'sitewise/')];
      },
      /^PollerRole may not read arn:\$\{AWS::Partition\}:s3:::acme-archive\/ad\/\*$/,
    ],
    [
      'GetObject on the sender',
      'objectReadProblems',
      (t) =>
        roleStatements(t, 'SenderRole').push(allow('s3:GetObject', objects('acme-metrics', 'sitewise/'))),
      /^SenderRole\/sender\/\d+ grants s3:GetObject, which only PollerRole, ActorRole may have$/,
    ],
    [
      'a listing with no s3:prefix condition',
      'bucketListingProblems',
      (t) => roleStatements(t, 'PollerRole').push(allow('s3:ListBucket', bucketArn('acme-metrics'))),
      /lists arn:\$\{AWS::Partition\}:s3:::acme-metrics with no s3:prefix condition$/,
    ],
    [
      'a listing of the whole bucket',
      'bucketListingProblems',
      (t) => roleStatements(t, 'ActorRole').push(listing('acme-metrics', ['*'])),
      /lists under "\*", outside the metrics prefixes$/,
    ],
    [
      'a listing of another bucket',
      'bucketListingProblems',
      (t) => roleStatements(t, 'ActorRole').push(listing('acme-secrets', ['sitewise/*'])),
      /lists arn:\$\{AWS::Partition\}:s3:::acme-secrets, not a metrics bucket$/,
    ],
    [
      'SiteWise on the sender',
      'serviceAccessProblems',
      (t) => roleStatements(t, 'SenderRole').push(allow('iotsitewise:ListComputationModels', '*')),
      /grants iotsitewise:ListComputationModels to SenderRole, which may not reach iotsitewise, s3$/,
    ],
    [
      'S3 on the sender, spelt in capitals',
      'serviceAccessProblems',
      (t) => roleStatements(t, 'SenderRole').push(allow('S3:GetObject', objects('acme-metrics', 'x/'))),
      /grants S3:GetObject to SenderRole/,
    ],
    [
      'a hard-coded partition in a metrics ARN',
      'partitionProblems',
      (t) =>
        roleStatements(t, 'PollerRole').push(allow('s3:GetObject', 'arn:aws:s3:::acme-metrics/sitewise/*')),
      /hard-codes a partition: arn:aws:s3:::acme-metrics\/sitewise\/\*$/,
    ],
  ])('%s fails %s', (_how, check, change, expected) => {
    // Act
    const problems = CHECKS[check]?.(siteWiseTemplate(change)) ?? [];

    // Assess
    expect(problems).toContainEqual(expect.stringMatching(expected));
  });
});
