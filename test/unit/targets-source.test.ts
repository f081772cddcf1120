import { describe, expect, it } from 'vitest';
import type { TargetsContext } from '../../lib/targets.js';
import { parseTargets, parseTargetsSource, TargetsError, withDiscovered } from '../../lib/targets.js';
import { targetOfDiscovered } from '../../lib/targets-ou.js';

const HOME = '111111111111';
const SPOKE = '222222222222';
const OU = 'ou-ab12-cdef3456';
const ROOT = 'r-ab12';

const context: TargetsContext = {
  home: { account: HOME, region: 'eu-west-1' },
  defaultProviders: ['lookout-equipment'],
  roleNames: { reader: 'l4e-autopilot-reader', activator: 'l4e-autopilot-activator' },
  externalId: 'fleet-external-id',
};

/** The error message parseTargetsSource throws for `entries`, or a note that it threw none. */
function refusal(entries: unknown, options: Partial<TargetsContext> = {}): string {
  try {
    parseTargetsSource(JSON.stringify(entries), { ...context, ...options });
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(TargetsError);
    return (error as Error).message;
  }
}

describe('parseTargetsSource', () => {
  it('keeps the listed targets and returns each organizational unit entry with its defaults resolved', () => {
    // Prepare
    const text = JSON.stringify([
      { account: SPOKE, region: 'us-east-1' },
      { organizationalUnit: OU, regions: ['eu-west-1', 'us-east-1'] },
      {
        organizationalUnit: ROOT,
        regions: ['ap-southeast-2'],
        recursive: true,
        exclude: [SPOKE],
        providers: ['iot-sitewise'],
        externalId: 'own-id',
      },
    ]);

    // Act
    const source = parseTargetsSource(text, context);

    // Assess
    expect(source.targets.map((t) => t.key)).toEqual([`${HOME}/eu-west-1`, `${SPOKE}/us-east-1`]);
    expect(source.discover).toEqual([
      {
        label: `targets[1] (${OU})`,
        organizationalUnit: OU,
        regions: ['eu-west-1', 'us-east-1'],
        recursive: false,
        exclude: [],
        providers: ['lookout-equipment'],
        externalId: 'fleet-external-id',
        context,
      },
      {
        label: `targets[2] (${ROOT})`,
        organizationalUnit: ROOT,
        regions: ['ap-southeast-2'],
        recursive: true,
        exclude: [SPOKE],
        providers: ['iot-sitewise'],
        externalId: 'own-id',
        context,
      },
    ]);
  });

  it('reads a list without organizational units exactly as parseTargets does', () => {
    // Prepare
    const text = JSON.stringify([{ account: SPOKE, region: 'us-east-1', providers: ['iot-sitewise'] }]);

    // Act
    const source = parseTargetsSource(text, context);

    // Assess
    expect(source).toEqual({ targets: parseTargets(text, context), discover: [] });
  });

  it('lists every bad value of an organizational unit entry, each with its entry and member', () => {
    // Act
    const message = refusal([
      { organizationalUnit: 'ou-12', regions: ['eu-west-1'] },
      { organizationalUnit: OU, regions: ['eu-west-1'] },
      { organizationalUnit: 'ou-ab12-aaaabbbb', regions: ['eu-west-1', 'eu-west'] },
      { organizationalUnit: 'ou-ab12-ccccdddd', regions: ['eu-west-1', 'eu-west-1'] },
      { organizationalUnit: 'ou-ab12-eeeeffff', regions: ['eu-west-1'], exclude: ['12'], recursive: 'yes' },
      { organizationalUnit: 'ou-ab12-gggghhhh', regions: ['eu-west-1'], roleArn: 'x' },
      { organizationalUnit: 'ou-ab12-iiiijjjj' },
      { organizationalUnit: OU, regions: ['us-east-1'] },
      { organizationalUnit: 'ou-ab12-kkkkllll', regions: ['eu-west-1'], providers: ['lookout'] },
      { organizationalUnit: 'ou-ab12-mmmmnnnn', regions: [] },
    ]);

    // Assess
    expect(message.split('\n')).toEqual([
      'the targets parameter is refused:',
      '- targets[0] (ou-12).organizationalUnit: "ou-12" is not an organizational unit id (ou-…) or a root id (r-…)',
      '- targets[2] (ou-ab12-aaaabbbb).regions[1]: "eu-west" is not a region name such as eu-west-1',
      '- targets[3] (ou-ab12-ccccdddd).regions: names a region twice',
      '- targets[4] (ou-ab12-eeeeffff).recursive: Invalid input: expected boolean, received string',
      '- targets[4] (ou-ab12-eeeeffff).exclude[0]: "12" is not a 12-digit account id',
      '- targets[5] (ou-ab12-gggghhhh): Unrecognized key: "roleArn"',
      '- targets[6] (ou-ab12-iiiijjjj).regions: Invalid input: expected array, received undefined',
      `- targets[7] (${OU}) repeats targets[1]; list all its regions in one entry`,
      '- targets[8] (ou-ab12-kkkkllll).providers[0]: unknown provider "lookout"; expected one of lookout-equipment, iot-sitewise',
      '- targets[9] (ou-ab12-mmmmnnnn).regions: names no region; list the regions to watch its accounts in',
    ]);
  });

  it('refuses an organizational unit with no external id, since the spoke roles trust the hub only with one', () => {
    // Act
    const message = refusal([{ organizationalUnit: OU, regions: ['eu-west-1'] }], { externalId: undefined });

    // Assess
    expect(message).toBe(
      `the targets parameter is refused:\n- targets[0] (${OU}): needs an externalId: the spoke roles trust the hub only with one`,
    );
  });
});

describe('parseTargets', () => {
  it('refuses an organizational unit entry, which only a reader that discovers can expand', () => {
    // Act
    const error = (() => {
      try {
        return parseTargets(JSON.stringify([{ organizationalUnit: OU, regions: ['eu-west-1'] }]), context);
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(TargetsError);
    expect((error as Error).message).toBe(
      `the targets parameter is refused:\n- targets[0] (${OU}): names an organizational unit, whose accounts are discovered only by the fleet dispatcher`,
    );
  });
});

describe('a discovered target', () => {
  const [source] = parseTargetsSource(
    JSON.stringify([{ organizationalUnit: OU, regions: ['us-east-1'], providers: ['iot-sitewise'] }]),
    { ...context, home: { account: HOME, region: 'cn-north-1', partition: 'aws-cn' } },
  ).discover;

  it('gets the spoke roles, external id and providers an explicit entry naming no roles would', () => {
    // Act
    const target = source === undefined ? undefined : targetOfDiscovered(source, SPOKE, 'us-east-1');

    // Assess
    expect(target).toEqual({
      key: `${SPOKE}/us-east-1`,
      account: SPOKE,
      region: 'us-east-1',
      home: false,
      readerRoleArn: `arn:aws-cn:iam::${SPOKE}:role/l4e-autopilot-reader`,
      activatorRoleArn: `arn:aws-cn:iam::${SPOKE}:role/l4e-autopilot-activator`,
      externalId: 'fleet-external-id',
      providers: ['iot-sitewise'],
    });
  });

  it('is the home target without roles when the unit holds the hub’s own account, in the hub’s region', () => {
    // Act
    const target = source === undefined ? undefined : targetOfDiscovered(source, HOME, 'cn-north-1');

    // Assess
    expect(target).toEqual({
      key: `${HOME}/cn-north-1`,
      account: HOME,
      region: 'cn-north-1',
      home: true,
      providers: ['iot-sitewise'],
    });
  });

  it('reaches the hub’s own account in another region through its spoke roles', () => {
    // Act
    const target = source === undefined ? undefined : targetOfDiscovered(source, HOME, 'us-east-1');

    // Assess
    expect(target).toMatchObject({
      key: `${HOME}/us-east-1`,
      home: false,
      readerRoleArn: `arn:aws-cn:iam::${HOME}:role/l4e-autopilot-reader`,
      activatorRoleArn: `arn:aws-cn:iam::${HOME}:role/l4e-autopilot-activator`,
    });
  });
});

describe('withDiscovered', () => {
  it('adds the discovered targets after the listed ones, a listed account and region winning', () => {
    // Prepare
    const listed = parseTargets(
      JSON.stringify([{ account: SPOKE, region: 'us-east-1', providers: ['iot-sitewise'] }]),
      context,
    );
    const [source] = parseTargetsSource(
      JSON.stringify([{ organizationalUnit: OU, regions: ['eu-west-1', 'us-east-1'] }]),
      context,
    ).discover;
    const discovered =
      source === undefined
        ? []
        : [HOME, SPOKE].flatMap((account) =>
            source.regions.map((region) => targetOfDiscovered(source, account, region)),
          );

    // Act
    const fleet = withDiscovered(listed, discovered);

    // Assess
    expect(fleet.map((t) => [t.key, t.providers])).toEqual([
      [`${HOME}/eu-west-1`, ['lookout-equipment']],
      [`${SPOKE}/us-east-1`, ['iot-sitewise']],
      [`${HOME}/us-east-1`, ['lookout-equipment']],
      [`${SPOKE}/eu-west-1`, ['lookout-equipment']],
    ]);
    expect(fleet[0]).toBe(listed[0]);
  });
});
