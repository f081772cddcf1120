'use strict';
// The CloudWatch dashboard body: the retraining report (a custom widget), polls, events published,
// models observed, function errors, DLQ depth and the alarms. Built here because a dashboard body is
// a JSON document inside the template; it is returned as an Fn::Sub so CloudFormation fills in the
// function, queue and alarm names.
// Used from serverless.yml as `${file(./infra/dashboard.cjs):body}`.
const { pollSettings } = require('./poll-rate.cjs');
const { reportingPackagingErrors } = require('./packaging-error.cjs');

const NAMESPACE = 'L4eAutopilot';
const POLLER_DIMENSION = ['service', 'poll-models'];
const FUNCTIONS = [
  { label: 'poll-models', id: 'PollModels' },
  { label: 'apply-policy', id: 'ApplyPolicy' },
  { label: 'notify', id: 'Notify' },
];
/** Invoked by the dashboard only: errors, no dead-letter queue. */
const REPORT_WIDGET = { label: 'report-widget', id: 'ReportWidget' };
const FIVE_MINUTES = 300;

/** A `${Name}` / `${Name.Attribute}` placeholder that Fn::Sub replaces. */
const sub = (name) => `\${${name}}`;

function metricWidget(title, position, properties) {
  return {
    type: 'metric',
    ...position,
    width: 12,
    height: 6,
    properties: { title, region: sub('AWS::Region'), view: 'timeSeries', ...properties },
  };
}

function pollerMetric(name, label, stat) {
  return [NAMESPACE, name, ...POLLER_DIMENSION, { label, stat }];
}

function dashboardBody(intervalSeconds) {
  const widgets = [
    metricWidget(
      'Successful polls',
      { x: 0, y: 0 },
      {
        period: intervalSeconds,
        stat: 'Sum',
        metrics: [pollerMetric('PollSucceeded', 'successful polls', 'Sum')],
        annotations: { horizontal: [{ label: 'stale below 1 per interval', value: 1 }] },
      },
    ),
    metricWidget(
      'Events published',
      { x: 12, y: 0 },
      {
        period: intervalSeconds,
        stat: 'Sum',
        metrics: [
          pollerMetric('EventsPublished', 'published', 'Sum'),
          pollerMetric('EventsUnpublished', 'left for the next poll', 'Sum'),
        ],
      },
    ),
    metricWidget(
      'Models observed',
      { x: 0, y: 6 },
      {
        period: intervalSeconds,
        metrics: [
          pollerMetric('ModelsWatched', 'models watched', 'Maximum'),
          pollerMetric('ModelsObserved', 'models that changed', 'Sum'),
          pollerMetric('ModelErrors', 'models that failed to describe', 'Sum'),
        ],
      },
    ),
    metricWidget(
      'Function errors',
      { x: 12, y: 6 },
      {
        period: FIVE_MINUTES,
        stat: 'Sum',
        metrics: [...FUNCTIONS, REPORT_WIDGET].map(({ label, id }) => [
          'AWS/Lambda',
          'Errors',
          'FunctionName',
          sub(`${id}LambdaFunction`),
          { label },
        ]),
      },
    ),
    metricWidget(
      'Dead-letter queue depth',
      { x: 0, y: 12 },
      {
        period: FIVE_MINUTES,
        stat: 'Maximum',
        metrics: FUNCTIONS.map(({ label, id }) => [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          sub(`${id}Dlq.QueueName`),
          { label },
        ]),
      },
    ),
    {
      type: 'alarm',
      x: 12,
      y: 12,
      width: 12,
      height: 6,
      properties: {
        title: 'Alarms',
        alarms: [
          sub('StalePollAlarm.Arn'),
          sub('ModelErrorsAlarm.Arn'),
          sub('EventsUnpublishedAlarm.Arn'),
          ...FUNCTIONS.flatMap(({ id }) => [sub(`${id}ErrorsAlarm.Arn`), sub(`${id}DeadLettersAlarm.Arn`)]),
          sub(`${REPORT_WIDGET.id}ErrorsAlarm.Arn`),
        ],
      },
    },
    {
      // The report-widget function answers with the fleet overview, worst health first; a copy of
      // the widget with {"model": "NAME"} shows one model's version timeline.
      type: 'custom',
      x: 0,
      y: 18,
      width: 24,
      height: 12,
      properties: {
        title: 'Retraining fleet (worst health first)',
        endpoint: sub('ReportWidgetLambdaFunction.Arn'),
        params: { page: 1 },
        updateOn: { refresh: true, resize: false, timeRange: false },
      },
    },
  ];
  return { 'Fn::Sub': JSON.stringify({ widgets }) };
}

async function resolveDashboard({ resolveVariable }) {
  const { intervalSeconds } = pollSettings(await resolveVariable('param:pollRate'));
  return { body: dashboardBody(intervalSeconds) };
}

module.exports = reportingPackagingErrors(resolveDashboard);
module.exports.dashboardBody = dashboardBody;
