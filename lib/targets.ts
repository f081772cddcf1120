// The fleet one hub deployment watches: which accounts and regions, through which roles, with which
// providers. Read from the `/<prefix>/targets` parameter, a JSON list of
// `{account, region, roleArn?, activatorRoleArn?, externalId?, providers?}` entries and, where the fleet
// is discovered, `{organizationalUnit, regions, recursive?, exclude?, providers?, externalId?}` entries;
// pure, tested with values.
import type { Target, TargetsContext } from './targets-entry.js';
import { ENGLISH, entrySchema, homeTarget, TargetsError, toTarget, where } from './targets-entry.js';
import type { OuSource } from './targets-ou.js';
import { isOuEntry, ouLabel, parseOuEntry } from './targets-ou.js';

export type { Target, TargetsContext } from './targets-entry.js';
export { TargetsError } from './targets-entry.js';
export type { OuSource } from './targets-ou.js';

/** The listed targets (home included) and the organizational units whose accounts are targets too. */
export interface TargetsSource {
  targets: Target[];
  discover: OuSource[];
}

/**
 * Parses the targets parameter (absent or empty: the home account and region only). Throws a
 * TargetsError listing every problem, each naming its entry, so one bad entry never drops silently; an
 * organizational unit entry is one of them, since this reader does not discover its accounts.
 */
export function parseTargets(text: string | undefined, context: TargetsContext): Target[] {
  return readSource(text, context, { discovers: false }).targets;
}

/**
 * Parses the targets parameter as parseTargets does, and returns its organizational unit entries apart,
 * for lib/fleet/org-discovery.ts to expand; every problem of either kind of entry is listed.
 */
export function parseTargetsSource(text: string | undefined, context: TargetsContext): TargetsSource {
  return readSource(text, context, { discovers: true });
}

/**
 * The fleet: the listed targets, then each discovered target whose account and region no listed entry
 * (and no earlier discovered one) has, since an explicit entry says how that target is reached.
 */
export function withDiscovered(listed: readonly Target[], discovered: readonly Target[]): Target[] {
  const keys = new Set(listed.map((target) => target.key));
  const fleet = [...listed];
  for (const target of discovered) {
    if (keys.has(target.key)) continue;
    keys.add(target.key);
    fleet.push(target);
  }
  return fleet;
}

function readSource(
  text: string | undefined,
  context: TargetsContext,
  options: { discovers: boolean },
): TargetsSource {
  const problems: string[] = [];
  const refuse = (problem: string) => problems.push(problem);
  const targets = new ListedTargets(context, refuse);
  const units = new ListedUnits(context, refuse);
  readList(text).forEach((raw, index) => {
    if (!isOuEntry(raw)) targets.add(raw, index);
    else if (options.discovers) units.add(raw, index);
    else {
      refuse(
        `${ouLabel(raw, index)}: names an organizational unit, whose accounts are discovered only by the fleet dispatcher`,
      );
    }
  });
  if (problems.length > 0) {
    throw new TargetsError(`the targets parameter is refused:\n- ${problems.join('\n- ')}`);
  }
  return { targets: targets.withHome(), discover: units.sources };
}

class ListedTargets {
  private readonly targets: Target[] = [];
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly context: TargetsContext,
    private readonly refuse: (problem: string) => void,
  ) {}

  add(raw: unknown, index: number): void {
    const label = labelOf(raw, index);
    const result = entrySchema.safeParse(raw, { error: ENGLISH.localeError });
    if (!result.success) {
      for (const issue of result.error.issues) this.refuse(`${label}${where(issue.path)}: ${issue.message}`);
      return;
    }
    const target = toTarget(result.data, this.context, (problem) => this.refuse(`${label}: ${problem}`));
    if (target === undefined) return;
    const earlier = this.seen.get(target.key);
    if (earlier !== undefined) this.refuse(`${label} repeats ${earlier}`);
    else this.seen.set(target.key, `targets[${index}]`);
    this.targets.push(target);
  }

  withHome(): Target[] {
    const home = homeTarget(this.context);
    const includeHome = this.context.includeHome !== false && !this.seen.has(home.key);
    return includeHome ? [home, ...this.targets] : this.targets;
  }
}

class ListedUnits {
  readonly sources: OuSource[] = [];
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly context: TargetsContext,
    private readonly refuse: (problem: string) => void,
  ) {}

  add(raw: { organizationalUnit: unknown }, index: number): void {
    const label = ouLabel(raw, index);
    const source = parseOuEntry(raw, label, this.context, this.refuse);
    if (source === undefined) return;
    const earlier = this.seen.get(source.organizationalUnit);
    if (earlier !== undefined) {
      this.refuse(`${label} repeats ${earlier}; list all its regions in one entry`);
      return;
    }
    this.seen.set(source.organizationalUnit, `targets[${index}]`);
    this.sources.push(source);
  }
}

function readList(text: string | undefined): unknown[] {
  if (text === undefined || text.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new TargetsError(`the targets parameter is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) {
    throw new TargetsError('the targets parameter must be a JSON list of {account, region, ...} entries');
  }
  return raw;
}

function labelOf(raw: unknown, index: number): string {
  if (typeof raw !== 'object' || raw === null) return `targets[${index}]`;
  const { account, region } = raw as { account?: unknown; region?: unknown };
  const named = [account, region].filter((part) => typeof part === 'string' && part.length <= 40);
  return named.length === 2 ? `targets[${index}] (${named.join('/')})` : `targets[${index}]`;
}
