// Notification routing (DESIGN §5): which events go to Slack, Microsoft Teams, the SNS topic and the
// Amazon Q Developer chat topic. The document lives
// in SSM at `/<prefix>/notifications`; one zod schema gives both the validator and the type.

import * as z from 'zod/mini';
import { closestMatch } from './closest.js';
import { DETAIL_TYPES, type DeliveredEvent, type DetailTypeName } from './events.js';
import { isAtLeast, SEVERITIES, type Severity } from './severity.js';

const severitySchema = z.enum(SEVERITIES as [Severity, ...Severity[]]);
const detailTypeSchema = z.enum(DETAIL_TYPES as [DetailTypeName, ...DetailTypeName[]]);

interface ChannelDefaults {
  enabled: boolean;
  minSeverity: Severity;
  minSeverityByDetailType: Partial<Record<DetailTypeName, Severity>>;
  detailTypes: readonly DetailTypeName[];
}

/**
 * Slack is the team's feed and gets everything; SNS reaches email and phones, so it gets only
 * what needs a person (warning and above) plus every change of the serving version, and a fleet
 * target's recovery: whoever was told a target is unreachable is told when it is back.
 */
const SLACK_DEFAULTS: ChannelDefaults = {
  enabled: true,
  minSeverity: 'info',
  minSeverityByDetailType: {},
  detailTypes: DETAIL_TYPES,
};
const SNS_DEFAULTS: ChannelDefaults = {
  enabled: true,
  minSeverity: 'warning',
  minSeverityByDetailType: { 'Active Model Version Change': 'info', 'Fleet Target Recovered': 'info' },
  detailTypes: DETAIL_TYPES,
};

/**
 * One channel. Every key is optional and defaults per channel, so `{"sns": {"modelPrefixes":
 * ["pump-"]}}` narrows SNS without also lowering its severity. Unknown keys are rejected so a typo
 * (`minSeverty`) fails loudly instead of silently routing everything.
 */
function channelSchema(defaults: ChannelDefaults) {
  return z.strictObject({
    enabled: z._default(z.boolean(), defaults.enabled),
    /** Events below this severity are not sent. */
    minSeverity: z._default(severitySchema, defaults.minSeverity),
    /** Replaces `minSeverity` for one detail type, e.g. to send every activation whatever its severity. */
    minSeverityByDetailType: z._default(z.partialRecord(detailTypeSchema, severitySchema), () => ({
      ...defaults.minSeverityByDetailType,
    })),
    /** To route nothing, set `enabled: false`; an empty list here would be a silent misconfiguration. */
    detailTypes: z._default(
      z
        .array(detailTypeSchema)
        .check(
          z.minLength(1, 'must list at least one detail type (use "enabled": false to turn the channel off)'),
        ),
      () => [...defaults.detailTypes],
    ),
    /** Model-name prefixes this channel cares about; empty means every model. */
    modelPrefixes: z._default(
      z.array(z.string().check(z.minLength(1, 'must not be an empty string'))),
      () => [],
    ),
  });
}

/** The keys of one channel's settings. */
const CHANNEL_KEYS = Object.keys(channelSchema(SLACK_DEFAULTS).shape);

export const routingSchema = z.strictObject({
  slack: z.prefault(channelSchema(SLACK_DEFAULTS), {}),
  /** Teams is a team's feed, as Slack is. */
  teams: z.prefault(channelSchema(SLACK_DEFAULTS), {}),
  sns: z.prefault(channelSchema(SNS_DEFAULTS), {}),
  /**
   * The Amazon Q Developer topic is off until a team maps it to a chat channel and turns it on with
   * `{"chat": {"enabled": true}}`; then it gets what Slack gets.
   */
  chat: z.prefault(channelSchema({ ...SLACK_DEFAULTS, enabled: false }), {}),
});

/** Every channel the routing document names. */
export const CHANNELS = ['slack', 'teams', 'sns', 'chat'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export type Routing = z.infer<typeof routingSchema>;
export type ChannelRouting = Routing['slack'];
/** The document as a person writes it: every key optional. */
export type RoutingInput = z.input<typeof routingSchema>;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** What an empty document means; frozen so no caller can change it for the next invocation. */
export const DEFAULT_ROUTING: Routing = deepFreeze(routingSchema.parse({}));

export interface ParsedRouting {
  routing: Routing;
  /** One sentence per problem, naming the key, e.g. `slack.minSeverity: must be one of …`. */
  problems: string[];
  usedDefault: boolean;
}

/** Keys allowed at a depth: the channels, a channel's settings, then detail types. */
function allowedKeys(depth: number): readonly string[] {
  if (depth === 0) return Object.keys(routingSchema.shape);
  if (depth === 1) return CHANNEL_KEYS;
  return DETAIL_TYPES;
}

function suggestion(key: string, candidates: readonly string[]): string {
  const best = closestMatch(key, candidates);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Nested too deeply to print before the stack runs out: say what it is instead.
    text = Array.isArray(value) ? 'a list' : 'an object';
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return index === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const path = formatPath(issue.path);
  const where = path === '' ? 'document' : path;
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${shown(issue.input)})` : '';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(issue.path.length);
      return issue.keys.map((key) => {
        const name = formatPath([...issue.path, key]);
        return `${name}: unknown key${suggestion(key, allowed) || ` (allowed: ${allowed.join(', ')})`}`;
      });
    }
    case 'invalid_value':
      return [`${where}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`];
    case 'invalid_type':
      return [`${where}: must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}${got}`];
    default:
      return [`${where}: ${issue.message}`];
  }
}

/**
 * Reads the routing document. Never throws: an absent document yields the default; an invalid one
 * yields the default plus the problems, so alerts keep flowing while the mistake is reported.
 */
export function parseRouting(json: string | undefined): ParsedRouting {
  if (json === undefined) return { routing: DEFAULT_ROUTING, problems: [], usedDefault: true };
  if (json.trim() === '') {
    return { routing: DEFAULT_ROUTING, problems: ['document: is empty'], usedDefault: true };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { routing: DEFAULT_ROUTING, problems: [`document: not valid JSON (${why})`], usedDefault: true };
  }
  const result = routingSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    return {
      routing: DEFAULT_ROUTING,
      problems: result.error.issues.flatMap(describeIssue),
      usedDefault: true,
    };
  }
  return { routing: result.data, problems: [], usedDefault: false };
}

function wants(
  channel: ChannelRouting,
  detailType: DetailTypeName,
  modelName: string | null,
  severity: Severity,
): boolean {
  if (!channel.enabled) return false;
  if (!channel.detailTypes.includes(detailType)) return false;
  const minimum = channel.minSeverityByDetailType[detailType] ?? channel.minSeverity;
  if (!isAtLeast(severity, minimum)) return false;
  if (modelName === null || channel.modelPrefixes.length === 0) return true;
  return channel.modelPrefixes.some((p) => modelName.startsWith(p));
}

/**
 * Where one event goes; the event is parsed at the edge, so its detail type is one of the contract's.
 * An event about a fleet target is about every model of the target, so `modelPrefixes` do not hold it back.
 */
export function routeEvent(
  event: DeliveredEvent,
  severity: Severity,
  routing: Routing,
): Record<ChannelName, boolean> {
  const detailType = event['detail-type'];
  const modelName = 'modelName' in event.detail ? event.detail.modelName : null;
  return {
    slack: wants(routing.slack, detailType, modelName, severity),
    teams: wants(routing.teams, detailType, modelName, severity),
    sns: wants(routing.sns, detailType, modelName, severity),
    chat: wants(routing.chat, detailType, modelName, severity),
  };
}
