import { describe, expect, it } from 'vitest';
import type { FleetConfig } from '../../../lib/fleet/fleet-config.js';
import { loadTargets, partitionOf } from '../../../lib/fleet/load-targets.js';
import { TargetsError } from '../../../lib/targets.js';

const HOME = '111111111111';
const SPOKE = '222222222222';

const config: FleetConfig = {
  hubAccount: HOME,
  region: 'eu-west-1',
  parameterPrefix: '/l4e-autopilot/prod',
  providers: ['lookout-equipment'],
  roleNames: { reader: 'plant-reader', activator: 'plant-activator' },
  externalId: 'fleet-external-id',
};

/** A parameter store holding `values`, recording which names were asked for. */
function parameters(values: Record<string, string>) {
  const asked: string[] = [];
  return {
    asked,
    get: async (name: string) => {
      asked.push(name);
      return values[name];
    },
  };
}

describe('loadTargets', () => {
  it('is the hub’s account and region alone when the targets parameter does not exist', async () => {
    // Prepare
    const store = parameters({});

    // Act
    const targets = await loadTargets(store, config);

    // Assess
    expect(store.asked).toEqual(['/l4e-autopilot/prod/targets']);
    expect(targets).toEqual([
      {
        key: `${HOME}/eu-west-1`,
        account: HOME,
        region: 'eu-west-1',
        home: true,
        providers: ['lookout-equipment'],
      },
    ]);
  });

  it('derives a spoke’s roles from the configured names in the hub’s partition, with the fleet external id', async () => {
    // Prepare
    const store = parameters({
      '/l4e-autopilot/prod/targets': JSON.stringify([{ account: SPOKE, region: 'cn-north-1' }]),
    });

    // Act
    const targets = await loadTargets(store, { ...config, region: 'cn-northwest-1' });

    // Assess
    expect(targets.map((t) => t.key)).toEqual([`${HOME}/cn-northwest-1`, `${SPOKE}/cn-north-1`]);
    expect(targets[1]).toMatchObject({
      home: false,
      readerRoleArn: `arn:aws-cn:iam::${SPOKE}:role/plant-reader`,
      activatorRoleArn: `arn:aws-cn:iam::${SPOKE}:role/plant-activator`,
      externalId: 'fleet-external-id',
    });
  });

  it('throws the parser’s TargetsError for a refused parameter', async () => {
    // Prepare
    const store = parameters({ '/l4e-autopilot/prod/targets': '{"account":' });

    // Act
    const loading = loadTargets(store, config);

    // Assess
    await expect(loading).rejects.toBeInstanceOf(TargetsError);
  });
});

describe('partitionOf', () => {
  it.each([
    ['eu-west-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
  ])('puts %s in %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});
