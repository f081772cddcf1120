import { describe, expect, it } from 'vitest';
import type { TargetsContext } from '../../lib/targets.js';
import { parseTargets, TargetsError } from '../../lib/targets.js';

const HOME = '111111111111';
const SPOKE = '222222222222';
const OTHER = '333333333333';

const context: TargetsContext = {
  home: { account: HOME, region: 'eu-west-1' },
  defaultProviders: ['lookout-equipment'],
  roleNames: { reader: 'l4e-autopilot-reader', activator: 'l4e-autopilot-activator' },
  externalId: 'fleet-external-id',
};

const homeTarget = {
  key: `${HOME}/eu-west-1`,
  account: HOME,
  region: 'eu-west-1',
  home: true,
  providers: ['lookout-equipment'],
};

/** The error message parseTargets throws for `entries`, or a note that it threw none. */
function refusal(entries: unknown, options: Partial<TargetsContext> = {}): string {
  try {
    parseTargets(JSON.stringify(entries), { ...context, ...options });
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(TargetsError);
    return (error as Error).message;
  }
}

describe('parseTargets', () => {
  it.each([
    ['absent', undefined],
    ['blank', '  '],
    ['an empty list', '[]'],
  ])('watches the home account and region alone when the parameter is %s', (_, text) => {
    // Act
    const targets = parseTargets(text, context);

    // Assess
    expect(targets).toEqual([homeTarget]);
  });

  it('derives the spoke roles, external id and providers an entry leaves out, home first', () => {
    // Prepare
    const text = JSON.stringify([
      { account: SPOKE, region: 'us-east-1' },
      {
        account: OTHER,
        region: 'ap-southeast-2',
        roleArn: `arn:aws:iam::${OTHER}:role/custom/reader`,
        externalId: 'own-id',
        providers: ['iot-sitewise', 'lookout-equipment'],
      },
    ]);

    // Act
    const targets = parseTargets(text, context);

    // Assess
    expect(targets).toEqual([
      homeTarget,
      {
        key: `${SPOKE}/us-east-1`,
        account: SPOKE,
        region: 'us-east-1',
        home: false,
        readerRoleArn: `arn:aws:iam::${SPOKE}:role/l4e-autopilot-reader`,
        activatorRoleArn: `arn:aws:iam::${SPOKE}:role/l4e-autopilot-activator`,
        externalId: 'fleet-external-id',
        providers: ['lookout-equipment'],
      },
      {
        key: `${OTHER}/ap-southeast-2`,
        account: OTHER,
        region: 'ap-southeast-2',
        home: false,
        readerRoleArn: `arn:aws:iam::${OTHER}:role/custom/reader`,
        activatorRoleArn: `arn:aws:iam::${OTHER}:role/l4e-autopilot-activator`,
        externalId: 'own-id',
        providers: ['iot-sitewise', 'lookout-equipment'],
      },
    ]);
  });

  it('keeps an entry for the home account and region where it is listed, without roles; the hub account elsewhere has them', () => {
    // Prepare
    const text = JSON.stringify([
      { account: SPOKE, region: 'eu-west-1' },
      { account: HOME, region: 'eu-west-1', providers: ['iot-sitewise'] },
      { account: HOME, region: 'us-west-2' },
    ]);

    // Act
    const targets = parseTargets(text, context);

    // Assess
    expect(targets.map((t) => [t.key, t.home, t.readerRoleArn, t.providers])).toEqual([
      [`${SPOKE}/eu-west-1`, false, `arn:aws:iam::${SPOKE}:role/l4e-autopilot-reader`, ['lookout-equipment']],
      [`${HOME}/eu-west-1`, true, undefined, ['iot-sitewise']],
      [`${HOME}/us-west-2`, false, `arn:aws:iam::${HOME}:role/l4e-autopilot-reader`, ['lookout-equipment']],
    ]);
  });

  it('leaves the home account out when told to, and derives ARNs in the home partition', () => {
    // Act
    const targets = parseTargets(JSON.stringify([{ account: SPOKE, region: 'cn-north-1' }]), {
      ...context,
      home: { account: HOME, region: 'cn-north-1', partition: 'aws-cn' },
      includeHome: false,
    });

    // Assess
    expect(targets.map((t) => t.readerRoleArn)).toEqual([
      `arn:aws-cn:iam::${SPOKE}:role/l4e-autopilot-reader`,
    ]);
  });

  it('refuses a repeated account and region, naming both entries', () => {
    // Act
    const message = refusal([
      { account: SPOKE, region: 'us-east-1' },
      { account: OTHER, region: 'us-east-1' },
      { account: SPOKE, region: 'us-east-1', providers: ['iot-sitewise'] },
    ]);

    // Assess
    expect(message).toBe(
      `the targets parameter is refused:\n- targets[2] (${SPOKE}/us-east-1) repeats targets[0]`,
    );
  });

  it('lists every bad value, each with its entry and member', () => {
    // Act
    const message = refusal([
      { account: '12345', region: 'us-east-1' },
      { account: SPOKE, region: 'us-east' },
      { account: SPOKE, region: 'eu-west-1', providers: ['lookout'] },
      { account: SPOKE, region: 'eu-west-2', providers: [] },
      { account: SPOKE, region: 'eu-west-3', externalID: 'typo' },
      { account: SPOKE, region: 'eu-north-1', roleArn: `arn:aws:iam::${OTHER}:role/reader` },
      { account: SPOKE, region: 'eu-south-1', roleArn: 'arn:aws:iam::role/reader' },
      'not an entry',
      { account: SPOKE, region: 'us-west-1', providers: ['iot-sitewise', 'iot-sitewise'] },
    ]);

    // Assess
    expect(message.split('\n')).toEqual([
      'the targets parameter is refused:',
      '- targets[0] (12345/us-east-1).account: "12345" is not a 12-digit account id',
      `- targets[1] (${SPOKE}/us-east).region: "us-east" is not a region name such as eu-west-1`,
      `- targets[2] (${SPOKE}/eu-west-1).providers[0]: unknown provider "lookout"; expected one of lookout-equipment, iot-sitewise`,
      `- targets[3] (${SPOKE}/eu-west-2).providers: names no provider; leave it out to watch the default providers`,
      `- targets[4] (${SPOKE}/eu-west-3): Unrecognized key: "externalID"`,
      `- targets[5] (${SPOKE}/eu-north-1): roleArn belongs to account ${OTHER}, not ${SPOKE}`,
      `- targets[6] (${SPOKE}/eu-south-1).roleArn: "arn:aws:iam::role/reader" is not an IAM role ARN`,
      '- targets[7]: Invalid input: expected object, received string',
      `- targets[8] (${SPOKE}/us-west-1).providers: names a provider twice`,
    ]);
  });

  it('refuses a spoke with no external id, since the spoke roles trust the hub only with one', () => {
    // Act
    const message = refusal([{ account: SPOKE, region: 'us-east-1' }], { externalId: undefined });

    // Assess
    expect(message).toBe(
      `the targets parameter is refused:\n- targets[0] (${SPOKE}/us-east-1): needs an externalId: the spoke roles trust the hub only with one`,
    );
  });

  it.each([
    ['text that is not JSON', '[{', /^the targets parameter is not valid JSON: /],
    ['an object', '{"account":"222222222222"}', /^the targets parameter must be a JSON list/],
  ])('refuses %s', (_, text, expected) => {
    // Act
    const error = (() => {
      try {
        return parseTargets(text, context);
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(TargetsError);
    expect((error as Error).message).toMatch(expected);
  });
});
