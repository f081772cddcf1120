// The fleet a scenario describes, as the hub sees it: its own account and region, then each of the
// scenario's targets with the reader and activator roles the local STS holds for it (trusting the hub's
// account with an external id), and the spans in which those roles refuse AssumeRole.
import { addDuration, parseDuration } from '../emulator/durations.js';
import type { ParsedScenario } from '../emulator/scenario.js';

export const READER_ROLE_NAME = 'l4e-autopilot-reader';
export const ACTIVATOR_ROLE_NAME = 'l4e-autopilot-activator';
/** The external id the local spoke roles were "deployed" with. */
export const LOCAL_EXTERNAL_ID = 'l4e-autopilot-local-fleet';

export interface FleetTarget {
  /** `<account>/<region>`. */
  key: string;
  account: string;
  region: string;
  /** The scenario's own account and region: the hub, read with its own credentials. */
  home: boolean;
  /** Roles in another account than the hub's; the hub's own account needs none. */
  roles?: { reader: string; activator: string };
  /**
   * Epoch-ms spans [from, until) in which the roles refuse AssumeRole: IAM roles belong to the account,
   * so an outage declared on any target of an account cuts off every target of it.
   */
  outages: Array<{ from: number; until: number }>;
  /** The target's model names. */
  models: string[];
}

const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

/** The hub's account and region first, then the scenario's targets in their order. */
export function fleetTargets(scenario: ParsedScenario): FleetTarget[] {
  const start = Date.parse(scenario.startTime);
  const hub = scenario.accountId;
  const home: FleetTarget = {
    key: `${hub}/${scenario.region}`,
    account: hub,
    region: scenario.region,
    home: true,
    outages: [],
    models: scenario.models.map((m) => m.name),
  };
  return [
    home,
    ...scenario.targets.map((t): FleetTarget => {
      // The same span declared on two targets of the account is one outage.
      const declared = scenario.targets
        .filter((other) => other.account === t.account)
        .flatMap((o) => o.outages);
      const outages = [...new Map(declared.map((o) => [`${o.at}/${o.for}`, o])).values()];
      return {
        key: `${t.account}/${t.region}`,
        account: t.account,
        region: t.region,
        home: false,
        // The hub's own account in another region too: the hub reaches it through its spoke roles.
        roles: {
          reader: roleArn(t.account, READER_ROLE_NAME),
          activator: roleArn(t.account, ACTIVATOR_ROLE_NAME),
        },
        outages: outages.map((o) => {
          const from = addDuration(start, parseDuration(o.at));
          return { from, until: addDuration(from, parseDuration(o.for)) };
        }),
        models: t.models.map((m) => m.name),
      };
    }),
  ];
}

/** The `/<prefix>/targets` parameter's value: every target other than the hub's own, which is implied. */
export function targetsParameter(targets: readonly FleetTarget[]): string {
  return JSON.stringify(
    targets
      .filter((t) => !t.home)
      .map((t) => ({
        account: t.account,
        region: t.region,
        ...(t.roles === undefined
          ? {}
          : { roleArn: t.roles.reader, activatorRoleArn: t.roles.activator, externalId: LOCAL_EXTERNAL_ID }),
      })),
  );
}

/** The spoke roles, as infra/spoke-roles.yml creates them: trusting the hub's account, with the external id. */
export function spokeRoles(targets: readonly FleetTarget[], hubAccount: string) {
  const accounts = new Map(targets.flatMap((t) => (t.roles === undefined ? [] : [[t.account, t.roles]])));
  return [...accounts.values()].flatMap((roles) =>
    [roles.reader, roles.activator].map((arn) => ({
      roleArn: arn,
      externalId: LOCAL_EXTERNAL_ID,
      trustedPrincipals: [`arn:aws:iam::${hubAccount}:root`],
    })),
  );
}
