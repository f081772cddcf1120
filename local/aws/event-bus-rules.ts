// Rule-side checks and the read-only EventBridge operations, kept apart from event routing.
import type { JsonInput } from './aws-json.js';
import { optionalNumber, optionalString } from './aws-json.js';
import { LocalAwsServiceError } from './errors.js';
import type { LocalTarget } from './event-bus-delivery.js';
import type { EventPattern } from './event-pattern.js';
import { matchesEventPattern, validateEventPattern } from './event-pattern.js';
import { isPlainObject } from './json.js';

export interface LocalRule {
  name: string;
  eventBusName: string;
  pattern: EventPattern;
  targets: LocalTarget[];
}

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const MAX_TARGETS_PER_RULE = 5;

/** What PutRule and PutTargets would refuse: a bad name or pattern, too many targets, bad retry policies. */
export function validateRule(rule: LocalRule): void {
  if (!RULE_NAME.test(rule.name)) {
    throw new LocalAwsServiceError('ValidationException', `Rule name ${rule.name} is not valid.`);
  }
  const problems = validateEventPattern(rule.pattern);
  if (problems.length > 0) {
    throw new LocalAwsServiceError(
      'InvalidEventPatternException',
      `Event pattern is not valid. Reason: ${problems.join('; ')}`,
    );
  }
  checkTargets(rule);
}

export function busNotFound(name: string): LocalAwsServiceError {
  return new LocalAwsServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
}

function checkTargets(rule: LocalRule): void {
  if (rule.targets.length > MAX_TARGETS_PER_RULE) {
    throw new LocalAwsServiceError(
      'LimitExceededException',
      `A rule can have at most ${MAX_TARGETS_PER_RULE} targets.`,
    );
  }
  const ids = new Set(rule.targets.map((target) => target.id));
  if (ids.size !== rule.targets.length) {
    throw new LocalAwsServiceError('ValidationException', `Target ids of rule ${rule.name} must be unique.`);
  }
  for (const target of rule.targets) {
    const policy = target.retryPolicy;
    if (policy === undefined) continue;
    const { maximumRetryAttempts: retries, maximumEventAgeInSeconds: age } = policy;
    if (
      !Number.isInteger(retries) ||
      retries < 0 ||
      retries > 185 ||
      !Number.isInteger(age) ||
      age < 60 ||
      age > 86_400
    ) {
      throw new LocalAwsServiceError(
        'ValidationException',
        `Target ${target.id}: MaximumRetryAttempts must be 0-185 and MaximumEventAgeInSeconds 60-86400.`,
      );
    }
  }
}

export function page<T>(items: T[], key: string, input: JsonInput): Record<string, unknown> {
  const limit = optionalNumber(input, 'Limit') ?? 100;
  const start = Number(optionalString(input, 'NextToken') ?? '0');
  if (!Number.isInteger(start) || start < 0) {
    throw new LocalAwsServiceError('ValidationException', 'The NextToken provided is not valid.');
  }
  const end = start + Math.max(1, Math.min(limit, 100));
  return { [key]: items.slice(start, end), ...(end < items.length ? { NextToken: String(end) } : {}) };
}

export function testEventPattern(input: JsonInput) {
  const patternText = optionalString(input, 'EventPattern');
  const eventText = optionalString(input, 'Event');
  if (patternText === undefined || eventText === undefined) {
    throw new LocalAwsServiceError('ValidationException', 'EventPattern and Event are required.');
  }
  let pattern: unknown;
  let event: unknown;
  try {
    pattern = JSON.parse(patternText);
    event = JSON.parse(eventText);
  } catch (error) {
    throw new LocalAwsServiceError('InvalidEventPatternException', 'Event pattern is not valid JSON.', 400, {
      cause: error,
    });
  }
  const problems = validateEventPattern(pattern);
  if (problems.length > 0) {
    throw new LocalAwsServiceError(
      'InvalidEventPatternException',
      `Event pattern is not valid. Reason: ${problems.join('; ')}`,
    );
  }
  if (!isPlainObject(event))
    throw new LocalAwsServiceError('ValidationException', 'Parameter Event is not valid.');
  return { Result: matchesEventPattern(pattern as EventPattern, event) };
}
