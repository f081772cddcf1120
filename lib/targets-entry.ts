// One `{account, region, ...}` entry of the targets parameter and the target it names: the shapes, the
// patterns every entry is checked against, and the roles a spoke's target derives; pure.
import * as z from 'zod/mini';
import english from 'zod/v4/locales/en.js';
import { PROVIDER_NAMES, type ProviderName } from './core/model.js';

export class TargetsError extends Error {
  override readonly name = 'TargetsError';
}

export interface Target {
  /** `<account>/<region>`, unique in the fleet. */
  key: string;
  account: string;
  region: string;
  /**
   * The hub's own account and region, reached with the hub's own credentials unless the entry names a role.
   * Any other target, the hub's account in another region included, is reached through its spoke roles.
   */
  home: boolean;
  /** The role the hub's poller and CLI assume to read; absent: the hub's own credentials. */
  readerRoleArn?: string;
  /** The role apply-policy assumes to activate a version; absent: the hub's own credentials. */
  activatorRoleArn?: string;
  /** Required by the spoke roles' trust (sts:ExternalId); present whenever a role is. */
  externalId?: string;
  providers: ProviderName[];
}

export interface TargetsContext {
  /** Where the hub runs; included in the fleet when the list leaves it out. */
  home: { account: string; region: string; partition?: string };
  /** What a target watches when its entry names no providers (the hub's own PROVIDERS). */
  defaultProviders: readonly ProviderName[];
  /** The role names `infra/spoke-roles.yml` creates in every member account. */
  roleNames: { reader: string; activator: string };
  /** The external id the spoke roles were deployed with, used when an entry names none. */
  externalId?: string;
  /** `false` watches only the listed targets; default `true`. */
  includeHome?: boolean;
}

export const ACCOUNT = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
export const ROLE_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export const pattern = (regex: RegExp, what: string) =>
  z.string().check(z.regex(regex, { error: (issue) => `${JSON.stringify(issue.input)} is not ${what}` }));

export const accountSchema = pattern(ACCOUNT, 'a 12-digit account id');
export const regionSchema = pattern(REGION, 'a region name such as eu-west-1');
export const externalIdSchema = pattern(EXTERNAL_ID, 'an external id (2-1224 characters of [\\w+=,.@:/-])');

export const providersSchema = z
  .array(
    z.enum(PROVIDER_NAMES, {
      error: (issue) =>
        `unknown provider ${JSON.stringify(issue.input)}; expected one of ${PROVIDER_NAMES.join(', ')}`,
    }),
  )
  .check(
    z.minLength(1, { error: 'names no provider; leave it out to watch the default providers' }),
    z.refine((names) => new Set(names).size === names.length, { error: 'names a provider twice' }),
  );

export const entrySchema = z.strictObject({
  account: accountSchema,
  region: regionSchema,
  roleArn: z.optional(pattern(ROLE_ARN, 'an IAM role ARN')),
  activatorRoleArn: z.optional(pattern(ROLE_ARN, 'an IAM role ARN')),
  externalId: z.optional(externalIdSchema),
  providers: z.optional(providersSchema),
});

export type Entry = z.infer<typeof entrySchema>;

/** zod/mini carries no messages of its own: a person reads these, in zod's English wording. */
export const ENGLISH = english();

export const NEEDS_EXTERNAL_ID = 'needs an externalId: the spoke roles trust the hub only with one';

/** `[0].account`: where in an entry a problem is. */
export function where(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
}

/**
 * Parses the targets parameter (absent or empty: the home account and region only). Throws a
 * TargetsError listing every problem, each naming its entry, so one bad entry never drops silently.
 */
/** The target an entry names, or undefined after telling `refuse` every problem with it. */
export function toTarget(
  entry: Entry,
  context: TargetsContext,
  refuse: (problem: string) => void,
): Target | undefined {
  const roles = rolesOf(entry, context);
  const externalId = entry.externalId ?? context.externalId;
  const assumesRole = roles.readerRoleArn !== undefined || roles.activatorRoleArn !== undefined;
  const problems = foreignRoles(entry);
  if (assumesRole && externalId === undefined) problems.push(NEEDS_EXTERNAL_ID);
  if (problems.length > 0) {
    problems.forEach(refuse);
    return undefined;
  }
  return {
    key: `${entry.account}/${entry.region}`,
    account: entry.account,
    region: entry.region,
    home: isHome(entry, context),
    ...roles,
    ...(assumesRole && externalId !== undefined ? { externalId } : {}),
    providers: [...(entry.providers ?? context.defaultProviders)],
  };
}

function isHome(entry: Entry, context: TargetsContext): boolean {
  return entry.account === context.home.account && entry.region === context.home.region;
}

/**
 * A spoke's roles default to the template's names; the home account and region needs none unless it names
 * one. The hub's account in another region has them too: the hub's functions are granted the services in
 * their own region only, and reach every other target through its reader and activator roles.
 */
function rolesOf(entry: Entry, context: TargetsContext): Pick<Target, 'readerRoleArn' | 'activatorRoleArn'> {
  const derive = !isHome(entry, context) || entry.roleArn !== undefined;
  const readerRoleArn = entry.roleArn ?? (derive ? roleArn(context, entry.account, 'reader') : undefined);
  const activatorRoleArn =
    entry.activatorRoleArn ?? (derive ? roleArn(context, entry.account, 'activator') : undefined);
  return {
    ...(readerRoleArn === undefined ? {} : { readerRoleArn }),
    ...(activatorRoleArn === undefined ? {} : { activatorRoleArn }),
  };
}

/** A role in another account than the entry's is a typo that would reach the wrong fleet member. */
function foreignRoles(entry: Entry): string[] {
  const named = [
    ['roleArn', entry.roleArn],
    ['activatorRoleArn', entry.activatorRoleArn],
  ] as const;
  return named.flatMap(([member, arn]) => {
    const owner = arn === undefined ? undefined : ROLE_ARN.exec(arn)?.[2];
    return owner === undefined || owner === entry.account
      ? []
      : [`${member} belongs to account ${owner}, not ${entry.account}`];
  });
}

function roleArn(context: TargetsContext, account: string, role: 'reader' | 'activator'): string {
  return `arn:${context.home.partition ?? 'aws'}:iam::${account}:role/${context.roleNames[role]}`;
}

export function homeTarget(context: TargetsContext): Target {
  const { account, region } = context.home;
  return {
    key: `${account}/${region}`,
    account,
    region,
    home: true,
    providers: [...context.defaultProviders],
  };
}
