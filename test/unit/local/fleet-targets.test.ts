// The fleet a scenario describes, as the local system hands it to the hub: the targets parameter the
// functions read (parsed here by the product's own parser), the spoke roles and their outages.
import { describe, expect, it } from 'vitest';
import { parseTargets } from '../../../lib/targets.js';
import { parseScenario } from '../../../local/emulator/scenario.js';
import {
  fleetTargets,
  LOCAL_EXTERNAL_ID,
  spokeRoles,
  targetsParameter,
} from '../../../local/fleet/targets.js';

const HUB = '123456789012';
const SPOKE = '222222222222';
const model = (name: string) => ({ datasets: [{ name: 'd' }], models: [{ name, dataset: 'd' }] });

const scenario = parseScenario({
  startTime: '2025-01-01T00:00:00Z',
  accountId: HUB,
  region: 'us-east-1',
  ...model('pump'),
  targets: [
    { account: HUB, region: 'eu-west-1', ...model('fan') },
    { account: SPOKE, region: 'us-east-1', ...model('pump'), outages: [{ at: 'P2D', for: 'PT6H' }] },
    { account: SPOKE, region: 'eu-west-1', ...model('mixer'), outages: [{ at: 'P2D', for: 'PT6H' }] },
  ],
});

describe('the fleet of a scenario', () => {
  it("lists the hub's own account and region first, then each target with its account's roles and outages", () => {
    // Act
    const targets = fleetTargets(scenario);

    // Assess
    expect(targets.map((t) => [t.key, t.home, t.models])).toEqual([
      [`${HUB}/us-east-1`, true, ['pump']],
      [`${HUB}/eu-west-1`, false, ['fan']],
      [`${SPOKE}/us-east-1`, false, ['pump']],
      [`${SPOKE}/eu-west-1`, false, ['mixer']],
    ]);
    // The hub's own account in another region is reached through its spoke roles, as the product does.
    expect(targets[1]?.roles).toEqual({
      reader: `arn:aws:iam::${HUB}:role/l4e-autopilot-reader`,
      activator: `arn:aws:iam::${HUB}:role/l4e-autopilot-activator`,
    });
    expect(targets[2]?.roles).toEqual({
      reader: `arn:aws:iam::${SPOKE}:role/l4e-autopilot-reader`,
      activator: `arn:aws:iam::${SPOKE}:role/l4e-autopilot-activator`,
    });
    // Roles are the account's: its other region is cut off by the same outage.
    const outage = { from: Date.parse('2025-01-03T00:00:00Z'), until: Date.parse('2025-01-03T06:00:00Z') };
    expect(targets[2]?.outages).toEqual([outage]);
    expect(targets[3]?.outages).toEqual([outage]);
  });

  it('writes a targets parameter the product parses back into the same fleet', () => {
    // Prepare
    const targets = fleetTargets(scenario);

    // Act
    const parsed = parseTargets(targetsParameter(targets), {
      home: { account: HUB, region: 'us-east-1' },
      defaultProviders: ['lookout-equipment'],
      roleNames: { reader: 'other-reader', activator: 'other-activator' },
    });

    // Assess
    expect(parsed.map((t) => t.key)).toEqual(targets.map((t) => t.key));
    expect(parsed.find((t) => t.account === SPOKE)).toMatchObject({
      readerRoleArn: `arn:aws:iam::${SPOKE}:role/l4e-autopilot-reader`,
      activatorRoleArn: `arn:aws:iam::${SPOKE}:role/l4e-autopilot-activator`,
      externalId: LOCAL_EXTERNAL_ID,
    });
    expect(parsed.find((t) => t.key === `${HUB}/eu-west-1`)?.readerRoleArn).toBe(
      `arn:aws:iam::${HUB}:role/l4e-autopilot-reader`,
    );
  });

  it("gives each account's roles once, the hub's included, trusting only the hub's account with the external id", () => {
    // Act
    const roles = spokeRoles(fleetTargets(scenario), HUB);

    // Assess
    expect(roles).toEqual(
      [HUB, SPOKE].flatMap((account) =>
        ['reader', 'activator'].map((role) => ({
          roleArn: `arn:aws:iam::${account}:role/l4e-autopilot-${role}`,
          externalId: LOCAL_EXTERNAL_ID,
          trustedPrincipals: [`arn:aws:iam::${HUB}:root`],
        })),
      ),
    );
  });
});
