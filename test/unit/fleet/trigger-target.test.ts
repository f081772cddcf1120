import { describe, expect, it } from 'vitest';
import type { FleetConfig } from '../../../lib/fleet/fleet-config.js';
import { targetOfTrigger } from '../../../lib/fleet/trigger-target.js';
import { TargetsError } from '../../../lib/targets.js';

const HOME = '111111111111';
const SPOKE = '222222222222';
const PREFIX = '/l4e-autopilot/prod';

const config: FleetConfig = {
  hubAccount: HOME,
  region: 'eu-west-1',
  parameterPrefix: PREFIX,
  providers: ['lookout-equipment'],
  roleNames: { reader: 'l4e-autopilot-reader', activator: 'l4e-autopilot-activator' },
  externalId: 'fleet-external-id',
};

function parameters(targets: unknown[] | string | undefined) {
  const asked: string[] = [];
  return {
    asked,
    get: async (name: string) => {
      asked.push(name);
      return Array.isArray(targets) ? JSON.stringify(targets) : targets;
    },
  };
}

const l4e = (account: string, region: string) => ({
  provider: 'lookout-equipment' as const,
  modelArn: `arn:aws:lookoutequipment:${region}:${account}:model/pump/0d6f1a2b`,
  account,
  region,
});

describe('targetOfTrigger', () => {
  it('decides a trigger of the hub’s own account and region as home, without reading the targets parameter', async () => {
    // Prepare
    const store = parameters('not json');

    // Act
    const place = await targetOfTrigger(l4e(HOME, 'eu-west-1'), config, store);

    // Assess
    expect(place).toEqual({ kind: 'home' });
    expect(store.asked).toEqual([]);
  });

  it('finds the target of a spoke’s model, with its roles and the fleet external id', async () => {
    // Act
    const place = await targetOfTrigger(
      l4e(SPOKE, 'us-east-1'),
      config,
      parameters([{ account: SPOKE, region: 'us-east-1' }]),
    );

    // Assess
    expect(place).toMatchObject({
      kind: 'target',
      target: {
        key: `${SPOKE}/us-east-1`,
        readerRoleArn: `arn:aws:iam::${SPOKE}:role/l4e-autopilot-reader`,
        activatorRoleArn: `arn:aws:iam::${SPOKE}:role/l4e-autopilot-activator`,
      },
    });
  });

  it.each([
    [
      'an account no target names',
      l4e('333333333333', 'us-east-1'),
      `account 333333333333, region us-east-1 is not a target of ${PREFIX}/targets; nothing was read or activated`,
    ],
    [
      'a target’s account in a region it does not list',
      l4e(SPOKE, 'ap-southeast-2'),
      `account ${SPOKE}, region ap-southeast-2 is not a target of ${PREFIX}/targets; nothing was read or activated`,
    ],
    [
      'the hub’s account in another region not listed',
      l4e(HOME, 'us-east-1'),
      `account ${HOME}, region us-east-1 is not a target of ${PREFIX}/targets; nothing was read or activated`,
    ],
    [
      'a trigger whose account contradicts its model ARN',
      { ...l4e('333333333333', 'us-east-1'), account: SPOKE },
      `the trigger says account ${SPOKE}, region us-east-1, but its model ARN is in account 333333333333, region us-east-1; nothing was read or activated`,
    ],
    [
      'a provider the target does not watch',
      { ...l4e(SPOKE, 'us-east-1'), provider: 'iot-sitewise' as const },
      `target ${SPOKE}/us-east-1 of ${PREFIX}/targets does not watch iot-sitewise (it watches lookout-equipment); nothing was read or activated`,
    ],
  ])('refuses %s with the reason, never the external id', async (_, trigger, reason) => {
    // Act
    const place = await targetOfTrigger(
      trigger,
      config,
      parameters([{ account: SPOKE, region: 'us-east-1' }]),
    );

    // Assess
    expect(place).toEqual({ kind: 'refused', reason });
    expect(reason).not.toContain('fleet-external-id');
  });

  it('throws when the targets parameter is refused, so the trigger is retried rather than decided', async () => {
    // Act
    const placing = targetOfTrigger(l4e(SPOKE, 'us-east-1'), config, parameters('[{"account": 1}]'));

    // Assess
    await expect(placing).rejects.toBeInstanceOf(TargetsError);
  });
});
