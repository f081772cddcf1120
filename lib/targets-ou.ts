// An organizational unit entry of the targets parameter: every ACTIVE account of an AWS Organizations unit
// (or root), in each listed region, is a target, its roles derived as for an `{account, region}` entry
// naming none. Parsing here is pure; lib/fleet/org-discovery.ts lists the unit's accounts.
import * as z from 'zod/mini';
import type { ProviderName } from './core/model.js';
import type { Target, TargetsContext } from './targets-entry.js';
import {
  accountSchema,
  ENGLISH,
  externalIdSchema,
  NEEDS_EXTERNAL_ID,
  pattern,
  providersSchema,
  regionSchema,
  TargetsError,
  toTarget,
  where,
} from './targets-entry.js';

/** One organizational unit to discover, with the entry's defaults resolved. */
export interface OuSource {
  /** `targets[<n>] (<unit id>)`: names the entry in errors. */
  label: string;
  /** `ou-…`, or a root `r-…` for the whole organization. */
  organizationalUnit: string;
  regions: string[];
  /** Whether the accounts of the unit's nested units are targets too. */
  recursive: boolean;
  /** Accounts of the unit that are never targets. */
  exclude: string[];
  providers: ProviderName[];
  externalId?: string;
  /** The fleet the entry belongs to: home account, partition and role names. */
  context: TargetsContext;
}

const UNIT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

const distinct = (what: string) =>
  z.refine<string[]>((items) => new Set(items).size === items.length, { error: `names ${what} twice` });

const ouSchema = z.strictObject({
  organizationalUnit: pattern(UNIT_ID, 'an organizational unit id (ou-…) or a root id (r-…)'),
  regions: z
    .array(regionSchema)
    .check(
      z.minLength(1, { error: 'names no region; list the regions to watch its accounts in' }),
      distinct('a region'),
    ),
  recursive: z.optional(z.boolean()),
  exclude: z.optional(z.array(accountSchema).check(distinct('an account'))),
  providers: z.optional(providersSchema),
  externalId: z.optional(externalIdSchema),
});

/** Whether a raw entry of the list names an organizational unit rather than an account. */
export function isOuEntry(raw: unknown): raw is { organizationalUnit: unknown } {
  return typeof raw === 'object' && raw !== null && 'organizationalUnit' in raw;
}

/** `targets[<n>] (<unit id>)`, or `targets[<n>]` when the id is not a short string. */
export function ouLabel(raw: { organizationalUnit: unknown }, index: number): string {
  const unit = raw.organizationalUnit;
  return typeof unit === 'string' && unit.length <= 70 ? `targets[${index}] (${unit})` : `targets[${index}]`;
}

/**
 * The unit an entry names with its defaults resolved, or undefined after telling `refuse` every problem
 * with it, each starting with the entry's label.
 */
export function parseOuEntry(
  raw: { organizationalUnit: unknown },
  label: string,
  context: TargetsContext,
  refuse: (problem: string) => void,
): OuSource | undefined {
  const result = ouSchema.safeParse(raw, { error: ENGLISH.localeError });
  if (!result.success) {
    for (const issue of result.error.issues) refuse(`${label}${where(issue.path)}: ${issue.message}`);
    return undefined;
  }
  const entry = result.data;
  const externalId = entry.externalId ?? context.externalId;
  if (externalId === undefined) {
    refuse(`${label}: ${NEEDS_EXTERNAL_ID}`);
    return undefined;
  }
  return {
    label,
    organizationalUnit: entry.organizationalUnit,
    regions: entry.regions,
    recursive: entry.recursive ?? false,
    exclude: entry.exclude ?? [],
    providers: entry.providers ?? [...context.defaultProviders],
    externalId,
    context,
  };
}

/** The target of one account of the unit in one region, as an entry naming no roles would give it. */
export function targetOfDiscovered(source: OuSource, account: string, region: string): Target {
  const problems: string[] = [];
  const target = toTarget(
    {
      account,
      region,
      providers: source.providers,
      ...(source.externalId === undefined ? {} : { externalId: source.externalId }),
    },
    source.context,
    (problem) => problems.push(problem),
  );
  if (target === undefined) {
    throw new TargetsError(`${source.label}: account ${account} in ${region}: ${problems.join('; ')}`);
  }
  return target;
}
