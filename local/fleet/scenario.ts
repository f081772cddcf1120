// A generated organisation for fleet tests: accounts × regions, each target with the same generated
// models (so every model name lives in every account and region), the first account being the hub's.
import { generateFleetScenario } from '../emulator/fleet.js';
import type { Scenario } from '../emulator/scenario.js';

export interface FleetOrgOptions {
  /** 12-digit account ids; the first is the hub's. */
  accounts: string[];
  /** Regions; the first is the hub's. */
  regions: string[];
  modelsPerTarget: number;
  days: number;
  seed?: number;
  /** Accounts whose roles refuse AssumeRole, from `at` for `for` (ISO-8601 durations after the start). */
  outages?: Array<{ account: string; at: string; for: string }>;
}

export function generateFleetOrgScenario(options: FleetOrgOptions): Scenario {
  const [hubAccount, ...otherAccounts] = options.accounts;
  const [hubRegion] = options.regions;
  if (hubAccount === undefined || hubRegion === undefined) {
    throw new RangeError('a fleet needs at least one account and one region');
  }
  const base = generateFleetScenario({
    models: options.modelsPerTarget,
    days: options.days,
    seed: options.seed ?? 1,
  });
  const section = { datasets: base.datasets ?? [], models: base.models ?? [], actions: base.actions ?? [] };
  const scopes = options.accounts.flatMap((account) =>
    options.regions.map((region) => ({ account, region })),
  );
  const targets = scopes
    .filter((s) => !(s.account === hubAccount && s.region === hubRegion))
    .map((s) => {
      const outages = (options.outages ?? [])
        .filter((o) => o.account === s.account)
        .map((o) => ({ at: o.at, for: o.for }));
      return { ...s, ...section, ...(outages.length === 0 ? {} : { outages }) };
    });
  const spokes = new Set(otherAccounts);
  for (const outage of options.outages ?? []) {
    if (!spokes.has(outage.account)) throw new RangeError(`no spoke account ${outage.account} to cut off`);
  }
  return {
    ...base,
    name: `fleet-org-${options.accounts.length}x${options.regions.length}x${options.modelsPerTarget}`,
    description: `${scopes.length} targets (${options.accounts.length} accounts × ${options.regions.length} regions) of ${options.modelsPerTarget} generated models each.`,
    accountId: hubAccount,
    region: hubRegion,
    targets,
    // One lenient policy for every model, so that MANUAL models' runs are activated in every target.
    autopilot: {
      policies: {
        default: { mode: 'enforce', rules: [{ metric: 'recall', min: 0.5 }], onMissingMetric: 'reject' },
      },
    },
  };
}
