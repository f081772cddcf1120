// infra/central-bus.yml, the hub's central bus for spoke mode: whom its policies let put events on it,
// and which events.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from '../../../local/aws/cfn-yaml.js';
import { type CfnTemplate, propertiesOf, resourcesOfType } from '../../integration/infra/template-model.js';

const require = createRequire(import.meta.url);
const { EVENT_SOURCE } = require('../../../infra/forward-to-bus.cjs') as { EVENT_SOURCE: string };

const template = parseCloudFormationYaml(
  readFileSync(new URL('../../../infra/central-bus.yml', import.meta.url), 'utf8'),
  'infra/central-bus.yml',
) as CfnTemplate & { Parameters: Record<string, Record<string, unknown>> };

/** Each bus policy's statement, by logical id, with the condition that creates it. */
const policies = Object.fromEntries(
  resourcesOfType(template, 'AWS::Events::EventBusPolicy').map(([id, policy]) => [
    id,
    {
      condition: policy.Condition,
      bus: propertiesOf(policy).EventBusName,
      statement: propertiesOf(policy).Statement,
    },
  ]),
);

describe('the central bus policy', () => {
  it('lets the organisation put l4e.autopilot events on the central bus, and nothing else, when OrganizationId is set', () => {
    // Assess
    expect(policies.OrganizationPolicy).toEqual({
      condition: 'FromOrganization',
      bus: { Ref: 'CentralBus' },
      statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': ['CentralBus', 'Arn'] },
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' }, 'events:source': EVENT_SOURCE },
        },
      },
    });
  });

  it('lets the listed spoke accounts put l4e.autopilot events on it, and nothing else, when SpokeAccountIds is set', () => {
    // Assess
    expect(policies.AccountsPolicy).toEqual({
      condition: 'FromAccounts',
      bus: { Ref: 'CentralBus' },
      statement: {
        Effect: 'Allow',
        Principal: { AWS: { Ref: 'SpokeAccountIds' } },
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': ['CentralBus', 'Arn'] },
        Condition: { StringEquals: { 'events:source': EVENT_SOURCE } },
      },
    });
    expect(Object.keys(policies).sort()).toEqual(['AccountsPolicy', 'OrganizationPolicy']);
  });

  it('grants nobody by default, and only an organisation id to the whole organisation', () => {
    // Assess
    expect(template.Parameters.OrganizationId?.Default).toBe('');
    expect(template.Parameters.SpokeAccountIds?.Default).toBe('');
    expect(template.Conditions).toEqual({
      FromOrganization: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }] },
      FromAccounts: { 'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', { Ref: 'SpokeAccountIds' }] }, ''] }] },
    });
    const pattern = new RegExp(String(template.Parameters.OrganizationId?.AllowedPattern));
    expect(['', 'o-a1b2c3d4e5'].map((id) => pattern.test(id))).toEqual([true, true]);
    expect(['o-*', '*', 'o-short', '123456789012'].some((id) => pattern.test(id))).toBe(false);
  });
});
