import { describe, expect, it } from 'vitest';
import { createOrgDiscovery, MAX_UNIT_DEPTH } from '../../../lib/fleet/org-discovery.js';
import type { OrganizationReader } from '../../../lib/ports/organization.js';
import type { TargetsContext } from '../../../lib/targets.js';
import { parseTargetsSource } from '../../../lib/targets.js';

const context: TargetsContext = {
  home: { account: '111111111111', region: 'eu-west-1' },
  defaultProviders: ['lookout-equipment'],
  roleNames: { reader: 'reader', activator: 'activator' },
  externalId: 'fleet-external-id',
};

const sourcesOf = (entries: unknown[]) => parseTargetsSource(JSON.stringify(entries), context).discover;

/** A reader over units that each hold one account named after their depth and one nested unit, forever. */
function endlessReader() {
  const asked: string[] = [];
  const depthOf = (parentId: string) => Number(/(\d+)$/.exec(parentId)?.[1] ?? 0);
  const reader: OrganizationReader = {
    accountsOf: async (parentId) => {
      asked.push(`accounts ${parentId}`);
      return [{ id: String(200000000000 + depthOf(parentId)), active: true }];
    },
    unitsOf: async (parentId) => {
      asked.push(`units ${parentId}`);
      return [`ou-ab12-level${String(depthOf(parentId) + 1).padStart(3, '0')}`];
    },
  };
  return { reader, asked };
}

describe('createOrgDiscovery', () => {
  it(`descends at most ${MAX_UNIT_DEPTH} levels below a unit, as deep as Organizations nests`, async () => {
    // Prepare
    const { reader, asked } = endlessReader();

    // Act
    const targets = await createOrgDiscovery(reader)(
      sourcesOf([{ organizationalUnit: 'ou-ab12-level000', regions: ['eu-west-1'], recursive: true }]),
    );

    // Assess
    expect(targets).toHaveLength(MAX_UNIT_DEPTH + 1);
    expect(asked.filter((call) => call.startsWith('units'))).toHaveLength(MAX_UNIT_DEPTH);
  });

  it('lists no nested unit unless the entry is recursive', async () => {
    // Prepare
    const { reader, asked } = endlessReader();

    // Act
    const targets = await createOrgDiscovery(reader)(
      sourcesOf([{ organizationalUnit: 'ou-ab12-level000', regions: ['eu-west-1', 'us-east-1'] }]),
    );

    // Assess
    expect(asked).toEqual(['accounts ou-ab12-level000']);
    expect(targets.map((t) => t.key)).toEqual(['200000000000/eu-west-1', '200000000000/us-east-1']);
  });

  it('gives an account and region two entries hold to the first, and skips an excluded account', async () => {
    // Prepare
    const reader: OrganizationReader = {
      accountsOf: async () => [
        { id: '300000000000', active: true },
        { id: '200000000000', active: true },
        { id: '400000000000', active: false },
      ],
      unitsOf: async () => [],
    };

    // Act
    const targets = await createOrgDiscovery(reader)(
      sourcesOf([
        { organizationalUnit: 'ou-ab12-first001', regions: ['eu-west-1'], exclude: ['300000000000'] },
        { organizationalUnit: 'ou-ab12-second01', regions: ['eu-west-1'], providers: ['iot-sitewise'] },
      ]),
    );

    // Assess
    expect(targets.map((t) => [t.key, t.providers])).toEqual([
      ['200000000000/eu-west-1', ['lookout-equipment']],
      ['300000000000/eu-west-1', ['iot-sitewise']],
    ]);
  });
});
