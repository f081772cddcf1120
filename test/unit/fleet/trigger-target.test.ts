import { describe, expect, it } from 'vitest';
import type { FleetConfig } from '../../../lib/fleet/fleet-config.js';
import { targetOfTrigger } from '../../../lib/fleet/trigger-target.js';
import type { FleetMember } from '../../../lib/ports.js';
import type { Target } from '../../../lib/targets.js';
import { memoryRegistry, spokeTarget } from '../../support/memory-fleet.js';

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

const SPOKE_TARGET = spokeTarget(SPOKE, 'us-east-1');

/** The fleet registry holding `targets` (as the dispatcher resolved them), and which keys were read. */
async function registry(targets: Target[] = [SPOKE_TARGET], removed: Target[] = []) {
  const fleet = memoryRegistry();
  for (const target of [...targets, ...removed]) await fleet.add(target, '2026-01-01T00:00:00.000Z');
  for (const target of removed) await fleet.markRemoved(target, '2026-01-01T00:05:00.000Z');
  const asked: string[] = [];
  return {
    asked,
    resolve: async (member: FleetMember) => {
      asked.push(`${member.account}/${member.region}`);
      return fleet.resolved(member);
    },
  };
}

const NOT_A_TARGET = `is not a target of the fleet (${PREFIX}/targets, as the dispatcher last resolved it); nothing was read or activated`;

const l4e = (account: string, region: string) => ({
  provider: 'lookout-equipment' as const,
  modelArn: `arn:aws:lookoutequipment:${region}:${account}:model/pump/0d6f1a2b`,
  account,
  region,
});

describe('targetOfTrigger', () => {
  it('decides a trigger of the hub’s own account and region as home, without reading the registry', async () => {
    // Prepare
    const store = await registry();

    // Act
    const place = await targetOfTrigger(l4e(HOME, 'eu-west-1'), config, store.resolve);

    // Assess
    expect(place).toEqual({ kind: 'home' });
    expect(store.asked).toEqual([]);
  });

  it('finds the target of a spoke’s model as the registry holds it, with one read', async () => {
    // Prepare
    const store = await registry();

    // Act
    const place = await targetOfTrigger(l4e(SPOKE, 'us-east-1'), config, store.resolve);

    // Assess
    expect(place).toEqual({ kind: 'target', target: SPOKE_TARGET });
    expect(store.asked).toEqual([`${SPOKE}/us-east-1`]);
  });

  it('refuses a target whose removal is under way', async () => {
    // Prepare
    const store = await registry([], [SPOKE_TARGET]);

    // Act
    const place = await targetOfTrigger(l4e(SPOKE, 'us-east-1'), config, store.resolve);

    // Assess
    expect(place).toEqual({ kind: 'refused', reason: `account ${SPOKE}, region us-east-1 ${NOT_A_TARGET}` });
  });

  it.each([
    [
      'an account no target names',
      l4e('333333333333', 'us-east-1'),
      `account 333333333333, region us-east-1 ${NOT_A_TARGET}`,
    ],
    [
      'a target’s account in a region it does not list',
      l4e(SPOKE, 'ap-southeast-2'),
      `account ${SPOKE}, region ap-southeast-2 ${NOT_A_TARGET}`,
    ],
    [
      'the hub’s account in another region not listed',
      l4e(HOME, 'us-east-1'),
      `account ${HOME}, region us-east-1 ${NOT_A_TARGET}`,
    ],
    [
      'a trigger whose account contradicts its model ARN',
      { ...l4e('333333333333', 'us-east-1'), account: SPOKE },
      `the trigger says account ${SPOKE}, region us-east-1, but its model ARN is in account 333333333333, region us-east-1; nothing was read or activated`,
    ],
    [
      'a provider the target does not watch',
      { ...l4e(SPOKE, 'us-east-1'), provider: 'iot-sitewise' as const },
      `target ${SPOKE}/us-east-1 of the fleet does not watch iot-sitewise (it watches lookout-equipment); nothing was read or activated`,
    ],
  ])('refuses %s with the reason, never the external id', async (_, trigger, reason) => {
    // Act
    const place = await targetOfTrigger(trigger, config, (await registry()).resolve);

    // Assess
    expect(place).toEqual({ kind: 'refused', reason });
    expect(reason).not.toContain('fleet-external-id');
  });

  it('throws when the registry cannot be read, so the trigger is retried rather than decided', async () => {
    // Prepare
    const down = new Error('ProvisionedThroughputExceededException');

    // Act
    const placing = targetOfTrigger(l4e(SPOKE, 'us-east-1'), config, async () => {
      throw down;
    });

    // Assess
    await expect(placing).rejects.toBe(down);
  });
});
