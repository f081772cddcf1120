import {
  AccessDeniedException,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOrganizationReader } from '../../../lib/adapters/organizations.js';
import { OrganizationReadError } from '../../../lib/ports/organization.js';

const organizations = mockClient(OrganizationsClient);
const UNIT = 'ou-ab12-plants01';

beforeEach(() => {
  organizations.reset();
});

describe('the Organizations reader', () => {
  it('reads an account’s State, and its Status when an answer carries no State', async () => {
    // Prepare
    organizations.on(ListAccountsForParentCommand).resolves({
      Accounts: [
        { Id: '200000000000', State: 'ACTIVE', Status: 'ACTIVE' },
        { Id: '300000000000', State: 'PENDING_ACTIVATION', Status: 'ACTIVE' },
        { Id: '400000000000', Status: 'ACTIVE' },
        { Id: '500000000000', Status: 'SUSPENDED' },
        { Name: 'no id' },
      ],
    });

    // Act
    const accounts = await createOrganizationReader(new OrganizationsClient({})).accountsOf(UNIT);

    // Assess
    expect(accounts).toEqual([
      { id: '200000000000', active: true },
      { id: '300000000000', active: false },
      { id: '400000000000', active: true },
      { id: '500000000000', active: false },
    ]);
  });

  it('follows NextToken through a short page, asking 20 at a time', async () => {
    // Prepare
    organizations
      .on(ListOrganizationalUnitsForParentCommand)
      .resolvesOnce({ OrganizationalUnits: [{ Id: 'ou-ab12-a0000001' }], NextToken: 't1' })
      .resolvesOnce({ OrganizationalUnits: [], NextToken: 't2' })
      .resolvesOnce({ OrganizationalUnits: [{ Id: 'ou-ab12-a0000002' }] });

    // Act
    const units = await createOrganizationReader(new OrganizationsClient({})).unitsOf('r-ab12');

    // Assess
    expect(units).toEqual(['ou-ab12-a0000001', 'ou-ab12-a0000002']);
    expect(
      organizations.commandCalls(ListOrganizationalUnitsForParentCommand).map((c) => c.args[0].input),
    ).toEqual([
      { ParentId: 'r-ab12', MaxResults: 20, NextToken: undefined },
      { ParentId: 'r-ab12', MaxResults: 20, NextToken: 't1' },
      { ParentId: 'r-ab12', MaxResults: 20, NextToken: 't2' },
    ]);
  });

  it('stops, failing, when the service hands back the token it was given', async () => {
    // Prepare
    organizations.on(ListAccountsForParentCommand).resolves({ Accounts: [], NextToken: 'same' });

    // Act
    const error = await createOrganizationReader(new OrganizationsClient({}))
      .accountsOf(UNIT)
      .catch((e: unknown) => e);

    // Assess
    expect((error as Error).message).toBe(`Organizations repeated a page token listing ${UNIT}`);
    expect(organizations.commandCalls(ListAccountsForParentCommand)).toHaveLength(2);
  });

  it('names an AccessDeniedException as a refused read', async () => {
    // Prepare
    organizations
      .on(ListAccountsForParentCommand)
      .rejects(new AccessDeniedException({ message: 'You don’t have permissions', $metadata: {} }));

    // Act
    const error = await createOrganizationReader(new OrganizationsClient({}))
      .accountsOf(UNIT)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(OrganizationReadError);
    expect(error).toMatchObject({ failure: 'access-denied' });
  });
});
