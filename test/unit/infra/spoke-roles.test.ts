import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from '../../../local/aws/cfn-yaml.js';
import type { CfnTemplate } from '../../integration/infra/template-model.js';
import { render, spokeRoleProblems } from './spoke-roles-checks.js';

type Path = ReadonlyArray<string | number>;
type Node = Record<string | number, unknown>;

/** The object at `path` below `root` (the parsed YAML is plain JSON). */
function at(root: unknown, path: Path): Node {
  const found = path.reduce<unknown>((node, key) => (node as Node)[key], root);
  if (typeof found !== 'object' || found === null) throw new Error(`nothing at ${path.join('.')}`);
  return found as Node;
}

const set = (root: unknown, path: Path, value: unknown) => {
  at(root, path.slice(0, -1))[path.at(-1) ?? ''] = value;
};
const remove = (root: unknown, path: Path) => {
  delete at(root, path.slice(0, -1))[path.at(-1) ?? ''];
};
const push = (root: unknown, path: Path, value: unknown) => {
  (at(root, path) as unknown as unknown[]).push(value);
};

const TEMPLATE_PATH = new URL('../../../infra/spoke-roles.yml', import.meta.url);
const template = parseCloudFormationYaml(
  readFileSync(TEMPLATE_PATH, 'utf8'),
  'infra/spoke-roles.yml',
) as CfnTemplate;

/** A copy of the template with one change made to it. */
function mutated(change: (copy: unknown) => void): CfnTemplate {
  const copy = structuredClone(template);
  change(copy);
  return copy;
}

const READER = ['Resources', 'ReaderRole', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement'];
const ACTIVATOR = ['Resources', 'ActivatorRole', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement'];
const READER_TRUST = ['Resources', 'ReaderRole', 'Properties', 'AssumeRolePolicyDocument', 'Statement', 0];
const ACTIVATOR_TRUST = [
  'Resources',
  'ActivatorRole',
  'Properties',
  'AssumeRolePolicyDocument',
  'Statement',
  0,
];
const SITEWISE_READS = ['Resources', 'ReaderSiteWisePolicy', 'Properties', 'PolicyDocument', 'Statement'];
const SITEWISE_ACTIVATION = [
  'Resources',
  'ActivatorSiteWisePolicy',
  'Properties',
  'PolicyDocument',
  'Statement',
];

describe('infra/spoke-roles.yml', () => {
  it('keeps every promise, with SiteWise on and off, with and without a CLI role', () => {
    // Act
    const problems = spokeRoleProblems(template);

    // Assess
    expect(problems).toEqual([]);
  });

  it('grants the SiteWise and metrics reads, and ExecuteAction, only when SiteWise is on', () => {
    // Act
    const [off, on] = [false, true].map((siteWise) =>
      Object.keys(render(template, { siteWise, cliRole: false }).Resources).sort(),
    );

    // Assess
    expect(off).toEqual(['ActivatorRole', 'ReaderRole']);
    expect(on).toEqual(['ActivatorRole', 'ActivatorSiteWisePolicy', 'ReaderRole', 'ReaderSiteWisePolicy']);
  });

  it.each<[string, (t: unknown) => void, RegExp]>([
    [
      'a wildcard L4E action on the reader',
      (t) => push(t, [...READER, 1, 'Action'], 'lookoutequipment:Describe*'),
      /grants the wildcard action lookoutequipment:Describe*/,
    ],
    [
      'activation on the reader',
      (t) => push(t, [...READER, 1, 'Action'], 'lookoutequipment:UpdateActiveModelVersion'),
      /ReaderRole may lookoutequipment:UpdateActiveModelVersion/,
    ],
    [
      'a write beyond activation on the activator',
      (t) =>
        set(
          t,
          [...ACTIVATOR, 0, 'Action'],
          ['lookoutequipment:UpdateActiveModelVersion', 'lookoutequipment:DeleteModel'],
        ),
      /ActivatorRole grants lookoutequipment:DeleteModel, lookoutequipment:UpdateActiveModelVersion; expected lookoutequipment:UpdateActiveModelVersion$/m,
    ],
    [
      'DescribeModel on every resource',
      (t) => set(t, [...READER, 1, 'Resource'], '*'),
      /ReadModels grants lookoutequipment:DescribeModel on "*"/,
    ],
    [
      'models of another account',
      (t) =>
        set(t, [...READER, 1, 'Resource'], {
          'Fn::Sub': `arn:\${AWS::Partition}:lookoutequipment:*:999999999999:model/*`,
        }),
      /grants lookoutequipment:DescribeModel on Sub:arn:\$\{AWS::Partition\}:lookoutequipment:\*:999999999999/,
    ],
    [
      'GetObject on the whole metrics bucket',
      (t) =>
        set(t, [...SITEWISE_READS, 3, 'Resource'], {
          'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${SiteWiseMetricsBucket}/*`,
        }),
      /SiteWiseReadMetrics grants s3:GetObject on .*beyond the metrics prefix/,
    ],
    [
      'listing the bucket without the prefix condition',
      (t) => remove(t, [...SITEWISE_READS, 4, 'Condition']),
      /SiteWiseListMetrics grants s3:ListBucket .*beyond the metrics prefix/,
    ],
    [
      'SiteWise reads whatever the SiteWise parameter says',
      (t) => remove(t, ['Resources', 'ReaderSiteWisePolicy', 'Condition']),
      /\[siteWise=false cliRole=false\] ReaderRole grants .*iotsitewise:ListComputationModels/,
    ],
    [
      'ExecuteAction on every resource',
      (t) => set(t, [...SITEWISE_ACTIVATION, 0, 'Resource'], '*'),
      /grants iotsitewise:ExecuteAction on "\*"/,
    ],
    [
      'a NotAction statement',
      (t) => push(t, READER, { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
      /uses NotAction/,
    ],
    [
      'a managed policy',
      (t) =>
        set(
          t,
          ['Resources', 'ReaderRole', 'Properties', 'ManagedPolicyArns'],
          ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        ),
      /ReaderRole attaches managed policies/,
    ],
    [
      'a third role',
      (t) => set(t, ['Resources', 'Extra'], structuredClone(at(t, ['Resources', 'ActivatorRole']))),
      /roles are ActivatorRole, Extra, ReaderRole/,
    ],
    [
      'no external id on the activator',
      (t) => remove(t, [...ACTIVATOR_TRUST, 'Condition']),
      /ActivatorRole\/trust\/HubApplyPolicyOnly does not require the external id/,
    ],
    [
      'an external id matched by pattern',
      (t) => set(t, [...ACTIVATOR_TRUST, 'Condition'], { StringLike: { 'sts:ExternalId': '*' } }),
      /HubApplyPolicyOnly does not require the external id/,
    ],
    [
      'the poller trusted by the activator',
      (t) =>
        set(
          t,
          [...ACTIVATOR_TRUST, 'Principal', 'AWS'],
          [{ Ref: 'ApplyPolicyRoleArn' }, { Ref: 'PollerRoleArn' }],
        ),
      /ActivatorRole trusts Ref:ApplyPolicyRoleArn, Ref:PollerRoleArn; expected Ref:ApplyPolicyRoleArn/,
    ],
    [
      'the CLI trusted by the activator',
      (t) =>
        set(t, [...ACTIVATOR_TRUST, 'Principal', 'AWS'], {
          'Fn::If': ['HasCliRole', { Ref: 'CliRoleArn' }, { Ref: 'ApplyPolicyRoleArn' }],
        }),
      /\[siteWise=false cliRole=true\] ActivatorRole trusts Ref:CliRoleArn/,
    ],
    [
      'a whole account trusted',
      (t) =>
        push(t, [...READER_TRUST, 'Principal', 'AWS'], {
          'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root`,
        }),
      /ReaderRole trusts .*:root/,
    ],
    [
      'anyone trusted',
      (t) => set(t, [...ACTIVATOR_TRUST, 'Principal'], '*'),
      /HubApplyPolicyOnly trusts "\*", not roles/,
    ],
    [
      'a service trusted',
      (t) => set(t, [...ACTIVATOR_TRUST, 'Principal'], { Service: 'lambda.amazonaws.com' }),
      /HubApplyPolicyOnly trusts .*lambda\.amazonaws\.com.*, not roles/,
    ],
    [
      'tagging sessions in the trust',
      (t) => set(t, [...ACTIVATOR_TRUST, 'Action'], ['sts:AssumeRole', 'sts:TagSession']),
      /HubApplyPolicyOnly allows sts:AssumeRole, sts:TagSession/,
    ],
    [
      'the CLI role always trusted',
      (t) => set(t, [...READER_TRUST, 'Principal', 'AWS', 2], { Ref: 'CliRoleArn' }),
      /\[siteWise=false cliRole=false\] ReaderRole trusts .*Ref:CliRoleArn/,
    ],
    [
      'an echoed external id',
      (t) => remove(t, ['Parameters', 'ExternalId', 'NoEcho']),
      /the ExternalId parameter is echoed/,
    ],
    ['a missing output', (t) => remove(t, ['Outputs', 'ActivatorRoleArn']), /output ActivatorRoleArn is/],
  ])('catches %s', (_, change, expected) => {
    // Act
    const problems = spokeRoleProblems(mutated(change));

    // Assess
    expect(problems.join('\n')).toMatch(expected);
  });
});
