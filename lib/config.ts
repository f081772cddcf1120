// Configuration is read once, when a function loads, and fails fast naming the missing variable.
import { PROVIDER_NAMES, type ProviderName } from './core/model.js';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export type Env = Readonly<Record<string, string | undefined>>;

export function requireEnv(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(`environment variable ${name} is required but not set`);
  }
  return value;
}

export function optionalEnv(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function numberEnv(env: Env, name: string, fallback: number, min = 0): number {
  const raw = optionalEnv(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new ConfigurationError(`environment variable ${name} must be a number >= ${min}, got "${raw}"`);
  }
  return value;
}

function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}

/**
 * The providers the stage watches: `PROVIDERS`, a comma list of provider names (default: Amazon Lookout
 * for Equipment alone). A name not known is refused with the valid ones; repeats count once.
 */
export function providersEnv(env: Env): ProviderName[] {
  const raw = optionalEnv(env, 'PROVIDERS');
  if (raw === undefined) return [PROVIDER_NAMES[0]];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isProviderName(name));
  if (unknown.length > 0 || names.length === 0) {
    const got = unknown.length > 0 ? `unknown ${unknown.map((n) => `"${n}"`).join(', ')}` : 'no name';
    throw new ConfigurationError(
      `environment variable PROVIDERS must be a comma list of ${PROVIDER_NAMES.join(', ')}; got ${got}`,
    );
  }
  return [...new Set(names.filter(isProviderName))];
}

export interface WatcherConfig {
  /** The providers watched, each with its own state. */
  providers: ProviderName[];
  eventBusName: string;
  stateTableName: string;
  leaseSeconds: number;
  baselineLookbackHours: number;
  promotionResultWaitHours: number;
}

export function readWatcherConfig(env: Env = process.env): WatcherConfig {
  return {
    providers: providersEnv(env),
    eventBusName: requireEnv(env, 'EVENT_BUS_NAME'),
    stateTableName: requireEnv(env, 'STATE_TABLE_NAME'),
    leaseSeconds: numberEnv(env, 'OUTBOX_LEASE_SECONDS', 120, 1),
    baselineLookbackHours: numberEnv(env, 'BASELINE_LOOKBACK_HOURS', 24),
    promotionResultWaitHours: numberEnv(env, 'PROMOTION_RESULT_WAIT_HOURS', 24),
  };
}

export interface DeciderConfig {
  /** The providers decided for: a trigger for another provider's model is refused. */
  providers: ProviderName[];
  eventBusName: string;
  stateTableName: string;
  parameterPrefix: string;
  /** 0 (the default): every decision reads its policy from SSM, so a policy change applies at once. */
  policyCacheSeconds: number;
  /** Base of the backoff between activation attempts within one invocation. */
  activationRetryDelayMs: number;
}

export function readDeciderConfig(env: Env = process.env): DeciderConfig {
  return {
    providers: providersEnv(env),
    eventBusName: requireEnv(env, 'EVENT_BUS_NAME'),
    stateTableName: requireEnv(env, 'STATE_TABLE_NAME'),
    parameterPrefix: requireEnv(env, 'PARAMETER_PREFIX').replace(/\/+$/, ''),
    policyCacheSeconds: numberEnv(env, 'POLICY_CACHE_SECONDS', 0),
    activationRetryDelayMs: numberEnv(env, 'ACTIVATION_RETRY_DELAY_MS', 500),
  };
}

export interface NotifierConfig {
  stateTableName: string;
  parameterPrefix: string;
  /** Slack is off when unset. */
  slackWebhookParameter: string | undefined;
  /** Teams is off when unset. */
  teamsWebhookParameter: string | undefined;
  /** SNS is off when unset. */
  notificationTopicArn: string | undefined;
  /** The Amazon Q Developer custom-notification topic; off when unset. */
  chatTopicArn: string | undefined;
  retentionDays: number;
  parameterCacheSeconds: number;
  /** Least time between two Slack posts from one instance (Slack takes about one a second). */
  slackMinIntervalMs: number;
}

export function readNotifierConfig(env: Env = process.env): NotifierConfig {
  return {
    stateTableName: requireEnv(env, 'STATE_TABLE_NAME'),
    parameterPrefix: requireEnv(env, 'PARAMETER_PREFIX').replace(/\/+$/, ''),
    slackWebhookParameter: optionalEnv(env, 'SLACK_WEBHOOK_PARAMETER'),
    teamsWebhookParameter: optionalEnv(env, 'TEAMS_WEBHOOK_PARAMETER'),
    notificationTopicArn: optionalEnv(env, 'NOTIFICATION_TOPIC_ARN'),
    chatTopicArn: optionalEnv(env, 'CHAT_TOPIC_ARN'),
    retentionDays: numberEnv(env, 'NOTIFICATION_RETENTION_DAYS', 15, 1),
    parameterCacheSeconds: numberEnv(env, 'PARAMETER_CACHE_SECONDS', 300),
    slackMinIntervalMs: numberEnv(env, 'SLACK_MIN_INTERVAL_MS', 1000),
  };
}

export interface ReportWidgetConfig {
  /** The providers whose models the report shows. */
  providers: ProviderName[];
  stateTableName: string;
  parameterPrefix: string;
  parameterCacheSeconds: number;
  /** Shown as the report's source. */
  region: string;
}

export function readReportWidgetConfig(env: Env = process.env): ReportWidgetConfig {
  return {
    providers: providersEnv(env),
    stateTableName: requireEnv(env, 'STATE_TABLE_NAME'),
    parameterPrefix: requireEnv(env, 'PARAMETER_PREFIX').replace(/\/+$/, ''),
    parameterCacheSeconds: numberEnv(env, 'PARAMETER_CACHE_SECONDS', 300),
    region: optionalEnv(env, 'AWS_REGION') ?? 'this region',
  };
}
