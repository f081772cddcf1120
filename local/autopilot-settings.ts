// The `autopilot` section of a scenario file: the policies and the notification routing that
// `npm start` writes to the local SSM. Checked when the scenario is loaded, with the same schemas
// apply-policy and notify use, so a typo (`polices`, `mnin`) stops the run instead of turning every
// decision into SKIPPED.
import { z } from 'zod';
import { validatePolicy } from '../lib/core/policy.js';
import { parseRouting } from '../lib/core/routing.js';

const settingsSchema = z.strictObject({
  policies: z
    .strictObject({
      default: z.unknown().optional(),
      models: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  notifications: z.unknown().optional(),
});

export interface AutopilotSettings {
  policies: { default?: unknown; models: Record<string, unknown> };
  notifications?: unknown;
}

export class AutopilotSettingsError extends Error {
  override name = 'AutopilotSettingsError';
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}

const where = (path: readonly PropertyKey[]) =>
  ['autopilot', ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].join('.');

/** Validates a scenario's `autopilot` section; throws AutopilotSettingsError listing every problem. */
export function parseAutopilotSettings(raw: unknown, source: string): AutopilotSettings {
  const result = settingsSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `${where(issue.path)}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')} (expected policies, notifications; policies has default and models)`
        : `${where(issue.path)}: ${issue.message}`,
    );
    throw new AutopilotSettingsError(`${source}: ${problems[0]}`, problems);
  }
  const { policies = {}, notifications } = result.data;
  const problems: string[] = [];
  const checkPolicy = (path: string, policy: unknown) => {
    const parsed = validatePolicy(policy);
    if (!parsed.ok) problems.push(...parsed.errors.map((e) => `${path}: ${e}`));
  };
  if (policies.default !== undefined) checkPolicy('autopilot.policies.default', policies.default);
  for (const [model, policy] of Object.entries(policies.models ?? {})) {
    checkPolicy(`autopilot.policies.models.${model}`, policy);
  }
  if (notifications !== undefined) {
    const routing = parseRouting(JSON.stringify(notifications));
    problems.push(...routing.problems.map((p) => `autopilot.notifications: ${p}`));
  }
  if (problems.length > 0) {
    throw new AutopilotSettingsError(`${source}: ${problems[0]}`, problems);
  }
  return {
    policies: {
      ...(policies.default === undefined ? {} : { default: policies.default }),
      models: policies.models ?? {},
    },
    ...(notifications === undefined ? {} : { notifications }),
  };
}
