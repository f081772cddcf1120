'use strict';
// Everything that has to agree with the poll schedule is derived here from the `pollRate` stage
// parameter, so changing the rate can never leave the stale-poll alarm or the retry windows behind.
// Used from serverless.yml as `${file(./infra/poll-rate.cjs):<setting>}` (CommonJS: Serverless
// loads it with require, and the package itself is ESM).

/** "No successful poll for this many intervals" is what the stale-poll alarm means. */
const STALE_INTERVALS = 3;
const UNIT_SECONDS = { minute: 60, hour: 3600, day: 86400 };
// A poll more than a day apart would make the stale alarm's window longer than CloudWatch allows
// for the periods it then needs, and is no longer a watcher.
const MAX_INTERVAL_SECONDS = 86400;
// EventBridge keeps retrying a target for 60 s to 24 h; Lambda's own asynchronous queue 60 s to 6 h.
const EVENTBRIDGE_EVENT_AGE = { min: 60, max: 86400 };
const LAMBDA_EVENT_AGE = { min: 60, max: 21600 };

const { PackagingError, reportingPackagingErrors } = require('./packaging-error.cjs');

class PollRateError extends PackagingError {
  constructor(message, options) {
    super(message, options);
    this.name = 'PollRateError';
  }
}

const RANGE = 'a rate expression from rate(1 minute) to rate(1 day), e.g. rate(5 minutes) or rate(2 hours)';

const clamp = (value, { min, max }) => Math.min(max, Math.max(min, value));

/**
 * Parses an EventBridge `rate(...)` expression: `rate(1 minute)`, `rate(5 minutes)`, `rate(2 hours)`,
 * `rate(1 day)`. EventBridge rejects `rate(1 minutes)` and `rate(5 minute)` at deploy time, so they
 * are rejected here, at package time.
 */
function parsePollRate(expression) {
  const text = typeof expression === 'string' ? expression.trim() : '';
  const match = /^rate\((\d+) (minute|hour|day)(s?)\)$/.exec(text);
  const value = match ? Number(match[1]) : 0;
  const plural = match ? match[3] === 's' : false;
  if (!match || value < 1 || plural !== value > 1) {
    throw new PollRateError(`pollRate must be ${RANGE}, got ${JSON.stringify(expression)}`);
  }
  const seconds = value * UNIT_SECONDS[match[2]];
  if (seconds > MAX_INTERVAL_SECONDS) {
    throw new PollRateError(`pollRate must be ${RANGE}, got ${JSON.stringify(text)}: longer than a day`);
  }
  return { expression: text, seconds };
}

function describeSeconds(seconds) {
  const [unit, size] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ].find(([, s]) => seconds % s === 0);
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** The settings serverless.yml reads, all derived from one rate expression. */
function pollSettings(expression) {
  const { seconds } = parsePollRate(expression);
  return {
    intervalSeconds: seconds,
    // CloudWatch periods are multiples of 60 s, which every rate expression is.
    stalePeriodSeconds: seconds,
    staleEvaluationPeriods: STALE_INTERVALS,
    staleWindow: describeSeconds(seconds * STALE_INTERVALS),
    // A poll that could not start within one interval is superseded by the next one.
    ruleMaxEventAgeSeconds: clamp(seconds, EVENTBRIDGE_EVENT_AGE),
    asyncMaxEventAgeSeconds: clamp(seconds, LAMBDA_EVENT_AGE),
  };
}

async function resolvePollSettings({ resolveVariable }) {
  return pollSettings(await resolveVariable('param:pollRate'));
}

module.exports = reportingPackagingErrors(resolvePollSettings);
module.exports.parsePollRate = parsePollRate;
module.exports.pollSettings = pollSettings;
module.exports.PollRateError = PollRateError;
module.exports.STALE_INTERVALS = STALE_INTERVALS;
