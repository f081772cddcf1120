import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrganizationReader } from '../../../lib/adapters/organizations.js';
import { organizationsClient } from '../../../lib/clients/organizations.js';
import type { FleetConfig } from '../../../lib/fleet/fleet-config.js';
import { loadTargets } from '../../../lib/fleet/load-targets.js';
import { createOrgDiscovery, TargetDiscoveryError } from '../../../lib/fleet/org-discovery.js';
import type { TargetsContext } from '../../../lib/targets.js';
import { parseTargetsSource, TargetsError } from '../../../lib/targets.js';
import type { LocalOrganizations, LocalOrgUnit } from '../../../local/aws/organizations.js';
import { startLocalOrganizations } from '../../../local/aws/organizations.js';
import { useLocalAwsEnv } from '../support/env.js';

const HUB = '111111111111';
const MANAGEMENT = '100000000000';
const MEMBER = '200000000000';
const ROOT = 'r-ab12';
const PLANTS = 'ou-ab12-plants01';
const EUROPE = 'ou-ab12-europe01';
const LINES = 'ou-ab12-lines001';
const SANDBOX = 'ou-ab12-sandbox1';
/** 45 accounts: three pages of 20 under the plants unit. */
const PLANT_ACCOUNTS = Array.from({ length: 45 }, (_, i) => String(300000000000 + i));
const SUSPENDED = PLANT_ACCOUNTS[7] ?? '';
const CLOSED = PLANT_ACCOUNTS[30] ?? '';
const EUROPE_ACCOUNT = '400000000000';
const LINE_ACCOUNT = '500000000000';
const SANDBOX_ACCOUNT = '600000000000';

const context: TargetsContext = {
  home: { account: HUB, region: 'eu-west-1' },
  defaultProviders: ['lookout-equipment'],
  roleNames: { reader: 'l4e-autopilot-reader', activator: 'l4e-autopilot-activator' },
  externalId: 'fleet-external-id',
};

const tree: LocalOrgUnit[] = [
  {
    id: PLANTS,
    accounts: PLANT_ACCOUNTS.map((id) => ({
      id,
      state: id === SUSPENDED ? 'SUSPENDED' : id === CLOSED ? 'CLOSED' : 'ACTIVE',
    })),
    units: [
      {
        id: EUROPE,
        accounts: [{ id: EUROPE_ACCOUNT }, { id: HUB }],
        units: [{ id: LINES, accounts: [{ id: LINE_ACCOUNT }] }],
      },
    ],
  },
  { id: SANDBOX, accounts: [{ id: SANDBOX_ACCOUNT }] },
];

describe('targets discovered from an organizational unit', () => {
  let organizations: LocalOrganizations;
  let restoreEnv: () => void;
  const discover = () => createOrgDiscovery(createOrganizationReader(organizationsClient));
  const sourcesOf = (entries: unknown[]) => parseTargetsSource(JSON.stringify(entries), context);

  beforeAll(async () => {
    organizations = await startLocalOrganizations({
      managementAccount: MANAGEMENT,
      delegatedAdministrators: [HUB],
      callers: { AKIDLOCALTESTING: HUB, AKIDMEMBER: MEMBER },
      root: { accounts: [{ id: MEMBER }], units: tree },
    });
    restoreEnv = useLocalAwsEnv({ ORGANIZATIONS: organizations.url });
  });

  beforeEach(() => organizations.setDelegatedAdministrators([HUB]));

  afterAll(async () => {
    restoreEnv();
    await organizations.close();
  });

  it('lists every page of a unit’s accounts and keeps the ACTIVE ones, minus the excluded, in each region', async () => {
    // Prepare
    const { discover: sources } = sourcesOf([
      { organizationalUnit: PLANTS, regions: ['eu-west-1', 'us-east-1'], exclude: [PLANT_ACCOUNTS[0]] },
    ]);
    const before = organizations.calls().length;

    // Act
    const targets = await discover()(sources);

    // Assess
    const calls = organizations.calls().slice(before);
    expect(calls.map((c) => [c.op, c.parentId, c.continued, c.returned])).toEqual([
      ['ListAccountsForParent', PLANTS, false, 20],
      ['ListAccountsForParent', PLANTS, true, 20],
      ['ListAccountsForParent', PLANTS, true, 5],
    ]);
    const accounts = PLANT_ACCOUNTS.filter((id) => ![PLANT_ACCOUNTS[0], SUSPENDED, CLOSED].includes(id));
    expect(targets.map((t) => t.key)).toEqual(
      accounts.flatMap((id) => [`${id}/eu-west-1`, `${id}/us-east-1`]),
    );
    expect(targets[0]).toEqual({
      key: `${PLANT_ACCOUNTS[1]}/eu-west-1`,
      account: PLANT_ACCOUNTS[1],
      region: 'eu-west-1',
      home: false,
      readerRoleArn: `arn:aws:iam::${PLANT_ACCOUNTS[1]}:role/l4e-autopilot-reader`,
      activatorRoleArn: `arn:aws:iam::${PLANT_ACCOUNTS[1]}:role/l4e-autopilot-activator`,
      externalId: 'fleet-external-id',
      providers: ['lookout-equipment'],
    });
  });

  it('descends into nested units only when recursive, the hub’s own account among them without roles', async () => {
    // Prepare
    const flat = sourcesOf([{ organizationalUnit: EUROPE, regions: ['eu-west-1'] }]).discover;
    const deep = sourcesOf([
      { organizationalUnit: ROOT, regions: ['eu-central-1'], recursive: true, providers: ['iot-sitewise'] },
    ]).discover;

    // Act
    const flatTargets = await discover()(flat);
    const deepTargets = await discover()(deep);

    // Assess
    expect(flatTargets.map((t) => [t.key, t.home, t.readerRoleArn])).toEqual([
      [`${HUB}/eu-west-1`, true, undefined],
      [`${EUROPE_ACCOUNT}/eu-west-1`, false, `arn:aws:iam::${EUROPE_ACCOUNT}:role/l4e-autopilot-reader`],
    ]);
    const deepAccounts = deepTargets.map((t) => t.account);
    expect(deepAccounts).toHaveLength(2 + 43 + 2 + 1 + 1);
    expect(deepAccounts).toEqual(
      expect.arrayContaining([MANAGEMENT, MEMBER, LINE_ACCOUNT, SANDBOX_ACCOUNT, HUB]),
    );
    expect(deepAccounts).not.toEqual(expect.arrayContaining([SUSPENDED]));
    expect(new Set(deepTargets.map((t) => t.providers.join()))).toEqual(new Set(['iot-sitewise']));
  });

  it('keeps an explicit entry over the discovered target of the same account and region', async () => {
    // Prepare
    const store = {
      get: async () =>
        JSON.stringify([
          { organizationalUnit: EUROPE, regions: ['eu-west-1', 'us-east-1'], recursive: true },
          {
            account: EUROPE_ACCOUNT,
            region: 'us-east-1',
            roleArn: `arn:aws:iam::${EUROPE_ACCOUNT}:role/custom-reader`,
            providers: ['iot-sitewise'],
          },
        ]),
    };

    // Act
    const targets = await loadTargets(store, fleetConfig, discover());

    // Assess
    expect(targets.map((t) => [t.key, t.readerRoleArn, t.providers])).toEqual([
      [`${HUB}/eu-west-1`, undefined, ['lookout-equipment']],
      [`${EUROPE_ACCOUNT}/us-east-1`, `arn:aws:iam::${EUROPE_ACCOUNT}:role/custom-reader`, ['iot-sitewise']],
      [`${HUB}/us-east-1`, `arn:aws:iam::${HUB}:role/l4e-autopilot-reader`, ['lookout-equipment']],
      [
        `${EUROPE_ACCOUNT}/eu-west-1`,
        `arn:aws:iam::${EUROPE_ACCOUNT}:role/l4e-autopilot-reader`,
        ['lookout-equipment'],
      ],
      [
        `${LINE_ACCOUNT}/eu-west-1`,
        `arn:aws:iam::${LINE_ACCOUNT}:role/l4e-autopilot-reader`,
        ['lookout-equipment'],
      ],
      [
        `${LINE_ACCOUNT}/us-east-1`,
        `arn:aws:iam::${LINE_ACCOUNT}:role/l4e-autopilot-reader`,
        ['lookout-equipment'],
      ],
    ]);
  });

  it('shows an account that joins the unit as a target and one that is closed or moved out as gone', async () => {
    // Prepare
    const { discover: sources } = sourcesOf([{ organizationalUnit: SANDBOX, regions: ['eu-west-1'] }]);
    const before = await discover()(sources);

    // Act
    organizations.addAccount(SANDBOX, { id: '600000000001' });
    const joined = await discover()(sources);
    organizations.setAccountState('600000000001', 'CLOSED');
    organizations.moveAccount(SANDBOX_ACCOUNT, ROOT);
    const left = await discover()(sources);
    organizations.moveAccount(SANDBOX_ACCOUNT, SANDBOX);

    // Assess
    expect(before.map((t) => t.account)).toEqual([SANDBOX_ACCOUNT]);
    expect(joined.map((t) => t.account)).toEqual([SANDBOX_ACCOUNT, '600000000001']);
    expect(left).toEqual([]);
  });

  it('says the hub is neither the management account nor a delegated administrator when Organizations refuses it', async () => {
    // Prepare
    organizations.setDelegatedAdministrators([]);
    const { discover: sources } = sourcesOf([{ organizationalUnit: PLANTS, regions: ['eu-west-1'] }]);

    // Act
    const error = await discover()(sources).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TargetDiscoveryError);
    expect((error as Error).message).toBe(
      `targets[0] (${PLANTS}): the hub may not list the accounts of ${PLANTS}: AWS Organizations answered AccessDenied, ` +
        'so the hub’s account is neither the management account of the organization nor a delegated administrator for AWS Organizations, ' +
        'or its role lacks organizations:ListAccountsForParent and organizations:ListOrganizationalUnitsForParent. ' +
        'From the management account, register the hub’s account as a delegated administrator with a resource-based delegation policy ' +
        'that allows both actions, and deploy the hub with the fleetDiscovery parameter set to true, which grants them to its dispatcher.',
    );
  });

  it('fails the whole discovery, never a part of it, when a later page of a listing fails', async () => {
    // Prepare
    organizations.failCalls('ListAccountsForParent', { after: 1, code: 'ServiceException' });
    const { discover: sources } = sourcesOf([{ organizationalUnit: PLANTS, regions: ['eu-west-1'] }]);

    // Act
    const error = await discover()(sources).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TargetDiscoveryError);
    expect((error as Error).message).toBe(
      `targets[0] (${PLANTS}): listing the accounts of ${PLANTS} failed: injected ServiceException for ListAccountsForParent`,
    );
  });

  it.each([
    [
      'a unit the organization does not have',
      'ou-ab12-gone0001',
      'is not a unit or root of the hub’s organization',
    ],
  ])('names %s', async (_, unit, said) => {
    // Act
    const error = await discover()(
      sourcesOf([{ organizationalUnit: unit, regions: ['eu-west-1'] }]).discover,
    ).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TargetDiscoveryError);
    expect((error as Error).message).toBe(`targets[0] (${unit}): ${unit} ${said}`);
  });

  it('refuses an organizational unit entry where targets are loaded without discovery', async () => {
    // Prepare
    const store = {
      get: async () => JSON.stringify([{ organizationalUnit: PLANTS, regions: ['eu-west-1'] }]),
    };

    // Act
    const error = await loadTargets(store, fleetConfig).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TargetsError);
  });
});

const fleetConfig: FleetConfig = {
  hubAccount: HUB,
  region: 'eu-west-1',
  parameterPrefix: '/l4e-autopilot/test',
  providers: ['lookout-equipment'],
  roleNames: context.roleNames,
  externalId: 'fleet-external-id',
};
