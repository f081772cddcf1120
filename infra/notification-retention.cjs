'use strict';
// How long notify remembers what it delivered. An event can come back to notify long after it was
// first handled: EventBridge retries it for up to 6 hours, Lambda's asynchronous queue for up to 6 more,
// and a dead-lettered event waits up to 14 days in the DLQ for someone to redrive it. Forgetting a
// delivery before then would send it twice, so anything shorter is refused at package time.
// Used from serverless.yml as `${file(./infra/notification-retention.cjs):days}`.

const { PackagingError, reportingPackagingErrors } = require('./packaging-error.cjs');

const DLQ_RETENTION_SECONDS = 14 * 86400;
const RULE_MAX_EVENT_AGE_SECONDS = 21600;
const LAMBDA_MAX_EVENT_AGE_SECONDS = 21600;
const MIN_DAYS = Math.ceil(
  (DLQ_RETENTION_SECONDS + RULE_MAX_EVENT_AGE_SECONDS + LAMBDA_MAX_EVENT_AGE_SECONDS) / 86400,
);

function notificationRetentionDays(value) {
  const days = Number(value);
  if (!Number.isInteger(days) || days < MIN_DAYS) {
    throw new PackagingError(
      `notificationRetentionDays must be a whole number of days, at least ${MIN_DAYS} (a dead-lettered event can come back that late), got ${JSON.stringify(value)}`,
    );
  }
  return days;
}

async function resolveNotificationRetention({ resolveVariable }) {
  return { days: notificationRetentionDays(await resolveVariable('param:notificationRetentionDays')) };
}

module.exports = reportingPackagingErrors(resolveNotificationRetention);
module.exports.notificationRetentionDays = notificationRetentionDays;
module.exports.MIN_DAYS = MIN_DAYS;
