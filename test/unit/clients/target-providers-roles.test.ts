// A poller of a large fleet keeps the clients of its most recently used roles only.
import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import type { AssumedRoleCredentials, RoleToAssume } from '../../../lib/clients/assumed-role.js';
import { MAX_ROLES_WITH_CLIENTS, providerOf } from '../../../lib/clients/target-providers.js';

function countingCredentials(): AssumedRoleCredentials & { made: string[] } {
  const made: string[] = [];
  const identity: AwsCredentialIdentity = { accessKeyId: 'ASIALOCAL', secretAccessKey: 'local' };
  return {
    made,
    credentialsFor: async () => identity,
    providerFor(role: RoleToAssume) {
      made.push(role.roleArn);
      return async () => identity;
    },
  };
}

const role = (i: number): RoleToAssume => ({
  roleArn: `arn:aws:iam::${String(100000000000 + i)}:role/l4e-autopilot-reader`,
  externalId: 'fleet-external-id',
});

describe('providerOf', () => {
  it('gives the same provider for a role while it stays among the most recently used', () => {
    // Prepare
    const assumed = countingCredentials();
    const first = providerOf(assumed, role(0));

    // Act
    for (let i = 1; i < MAX_ROLES_WITH_CLIENTS; i++) providerOf(assumed, role(i));
    const again = providerOf(assumed, role(0));

    // Assess
    expect(again).toBe(first);
    expect(assumed.made).toHaveLength(MAX_ROLES_WITH_CLIENTS);
  });

  it('lets the least recently used role go past the bound, so its clients can be collected', () => {
    // Prepare
    const assumed = countingCredentials();
    const first = providerOf(assumed, role(0));
    const second = providerOf(assumed, role(1));
    providerOf(assumed, role(0)); // role 0 used again: role 1 is now the least recently used

    // Act
    for (let i = 2; i <= MAX_ROLES_WITH_CLIENTS; i++) providerOf(assumed, role(i));

    // Assess
    expect(providerOf(assumed, role(0))).toBe(first);
    expect(providerOf(assumed, role(1))).not.toBe(second);
    expect(assumed.made).toHaveLength(MAX_ROLES_WITH_CLIENTS + 2);
  });
});
