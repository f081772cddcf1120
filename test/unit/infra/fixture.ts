// A small template shaped like the product's (a scheduled poller, a rule-driven actor, DLQs, alarms) that
// passes every template check, and helpers to break one thing at a time.
import type { CfnResource, CfnTemplate, StaleAlarmSpec } from '../../integration/infra/template-checks.js';

const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const ref = (id: string) => ({ Ref: id });
const sub = (text: string) => ({ 'Fn::Sub': text });

export const MODELS = `arn:\${AWS::Partition}:lookoutequipment:\${AWS::Region}:\${AWS::AccountId}:model/*`;
export const WEBHOOK = `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/app/test/slack-webhook`;
export const SCHEMA = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'Thing Changed',
  type: 'object',
};

function role(logGroup: string, statements: Array<Record<string, unknown>>): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      Policies: [
        {
          PolicyName: 'inline',
          PolicyDocument: {
            Statement: [
              {
                Sid: 'Logs',
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                Resource: getAtt(logGroup),
              },
              ...statements,
            ],
          },
        },
      ],
    },
  };
}

function fn(name: string, roleId: string): CfnResource {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: `app-test-${name}`,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Role: getAtt(roleId),
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
    },
  };
}

/** The rule-driven function: one instance at a time, remembering deliveries 15 days. */
function actor(): CfnResource {
  const resource = fn('actor', 'ActorRole');
  const properties = resource.Properties ?? {};
  properties.ReservedConcurrentExecutions = 1;
  (properties.Environment as { Variables: Record<string, unknown> }).Variables.RETENTION_DAYS = 15;
  return resource;
}

function alarm(
  namespace: string,
  metric: string,
  dimension: [string, unknown],
  extra: Record<string, unknown>,
) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Namespace: namespace,
      MetricName: metric,
      Dimensions: [{ Name: dimension[0], Value: dimension[1] }],
      AlarmActions: [ref('Topic')],
      ...extra,
    },
  };
}

const overZero = {
  Statistic: 'Sum',
  ComparisonOperator: 'GreaterThanThreshold',
  Threshold: 0,
  Period: 300,
  EvaluationPeriods: 1,
  TreatMissingData: 'notBreaching',
};

/** Above 0 in 3 consecutive poll intervals. */
const persistent = { ...overZero, EvaluationPeriods: 3, DatapointsToAlarm: 3 };

function dlqStatement(queue: string, rule: string) {
  return {
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: getAtt(queue),
    Condition: { ArnEquals: { 'aws:SourceArn': getAtt(rule) } },
  };
}

export function goodTemplate(): CfnTemplate {
  const queue = {
    Type: 'AWS::SQS::Queue',
    Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true },
  };
  const retry = { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 };
  return {
    Resources: {
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'app-test' } },
      Archive: {
        Type: 'AWS::Events::Archive',
        Properties: { ArchiveName: 'app-test', SourceArn: getAtt('Bus') },
      },
      Registry: { Type: 'AWS::EventSchemas::Registry', Properties: { RegistryName: 'app-test' } },
      ThingChangedSchema: {
        Type: 'AWS::EventSchemas::Schema',
        Properties: {
          RegistryName: getAtt('Registry', 'RegistryName'),
          SchemaName: 'app@ThingChanged',
          Type: 'JSONSchemaDraft4',
          Content: JSON.stringify(SCHEMA),
        },
      },
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          SSESpecification: { SSEEnabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        },
      },
      Key: {
        Type: 'AWS::KMS::Key',
        Properties: {
          KeyPolicy: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'cloudwatch.amazonaws.com' },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
                Resource: '*',
              },
            ],
          },
        },
      },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: getAtt('Key') } },
      PollerDlq: structuredClone(queue),
      ActorDlq: structuredClone(queue),
      DlqPolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [ref('PollerDlq'), ref('ActorDlq')],
          PolicyDocument: {
            Statement: [dlqStatement('PollerDlq', 'ScheduleRule'), dlqStatement('ActorDlq', 'ActorRule')],
          },
        },
      },
      ScheduleRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'app-test-poll',
          ScheduleExpression: 'rate(5 minutes)',
          Targets: [
            {
              Id: 'poller',
              Arn: getAtt('PollerLambdaFunction'),
              RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 185 },
              DeadLetterConfig: { Arn: getAtt('PollerDlq') },
            },
          ],
        },
      },
      ActorRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventBusName: ref('Bus'),
          EventPattern: { source: ['app'] },
          Targets: [
            {
              Id: 'actor',
              Arn: getAtt('ActorLambdaFunction'),
              RetryPolicy: retry,
              DeadLetterConfig: { Arn: getAtt('ActorDlq') },
            },
          ],
        },
      },
      PollerLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/lambda/app-test-poller', RetentionInDays: 30 },
      },
      ActorLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/lambda/app-test-actor', RetentionInDays: 30 },
      },
      PollerLambdaFunction: fn('poller', 'PollerRole'),
      ActorLambdaFunction: actor(),
      PollerEventInvokeConfig: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: { FunctionName: ref('PollerLambdaFunction'), MaximumRetryAttempts: 0 },
      },
      BusPolicy: {
        Type: 'AWS::Events::EventBusPolicy',
        Properties: {
          EventBusName: ref('Bus'),
          StatementId: 'OnlyProducers',
          Statement: {
            Effect: 'Deny',
            Principal: '*',
            Action: 'events:PutEvents',
            Resource: getAtt('Bus'),
            Condition: {
              StringEquals: { 'events:source': 'app' },
              ArnNotEquals: { 'aws:PrincipalArn': [getAtt('PollerRole')] },
            },
          },
        },
      },
      ActorEventInvokeConfig: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: ref('ActorLambdaFunction'),
          DestinationConfig: { OnFailure: { Destination: getAtt('ActorDlq') } },
        },
      },
      PollerRole: role('PollerLogGroup', [
        { Sid: 'List', Effect: 'Allow', Action: 'lookoutequipment:ListModels', Resource: '*' },
        { Sid: 'Read', Effect: 'Allow', Action: ['lookoutequipment:DescribeModel'], Resource: sub(MODELS) },
        {
          Sid: 'Snapshots',
          Effect: 'Allow',
          Action: ['dynamodb:Query', 'dynamodb:PutItem'],
          Resource: getAtt('Table'),
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['WATCH'] } },
        },
      ]),
      ActorRole: role('ActorLogGroup', [
        {
          Sid: 'Activate',
          Effect: 'Allow',
          Action: 'lookoutequipment:UpdateActiveModelVersion',
          Resource: sub(MODELS),
        },
        { Sid: 'Webhook', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: sub(WEBHOOK) },
        { Sid: 'Dlq', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt('ActorDlq') },
        {
          Sid: 'Records',
          Effect: 'Allow',
          Action: 'dynamodb:PutItem',
          Resource: getAtt('Table'),
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MODEL#*'] } },
        },
      ]),
      StaleAlarm: alarm('App', 'PollSucceeded', ['service', 'poller'], {
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      }),
      PollerErrorsAlarm: alarm(
        'AWS/Lambda',
        'Errors',
        ['FunctionName', ref('PollerLambdaFunction')],
        persistent,
      ),
      ModelErrorsAlarm: alarm('App', 'ModelErrors', ['service', 'poller'], persistent),
      UnpublishedAlarm: alarm('App', 'EventsUnpublished', ['service', 'poller'], persistent),
      ActorErrorsAlarm: alarm('AWS/Lambda', 'Errors', ['FunctionName', ref('ActorLambdaFunction')], overZero),
      PollerDlqAlarm: alarm(
        'AWS/SQS',
        'NumberOfMessagesSent',
        ['QueueName', getAtt('PollerDlq', 'QueueName')],
        overZero,
      ),
      ActorDlqAlarm: alarm(
        'AWS/SQS',
        'NumberOfMessagesSent',
        ['QueueName', getAtt('ActorDlq', 'QueueName')],
        overZero,
      ),
    },
  };
}

export const STALE: StaleAlarmSpec = {
  namespace: 'App',
  metricName: 'PollSucceeded',
  dimensions: { service: 'poller' },
  pollerLogicalId: 'PollerLambdaFunction',
  intervals: 3,
  persistent: [
    { namespace: 'App', metricName: 'ModelErrors', dimensions: { service: 'poller' } },
    { namespace: 'App', metricName: 'EventsUnpublished', dimensions: { service: 'poller' } },
    {
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: 'Ref:PollerLambdaFunction' },
    },
  ],
};

export class FixtureError extends Error {
  override name = 'FixtureError';
}

/** A copy of the good template with `change` applied to it. */
export function mutated(change: (template: CfnTemplate) => void): CfnTemplate {
  const template = goodTemplate();
  change(template);
  return template;
}

/** The (mutable) Properties of a resource. */
export function props(template: CfnTemplate, id: string): Record<string, unknown> {
  const properties = template.Resources[id]?.Properties;
  if (properties === undefined) throw new FixtureError(`no resource ${id} with properties`);
  return properties;
}

/** The (mutable) statements of a role's inline policy. */
export function roleStatements(template: CfnTemplate, roleId: string): Array<Record<string, unknown>> {
  const policies = props(template, roleId).Policies as Array<{
    PolicyDocument: { Statement: Array<Record<string, unknown>> };
  }>;
  const first = policies[0];
  if (first === undefined) throw new FixtureError(`${roleId} has no inline policy`);
  return first.PolicyDocument.Statement;
}

/** The (mutable) first target of a rule. */
export function firstTarget(template: CfnTemplate, ruleId: string): Record<string, unknown> {
  const target = (props(template, ruleId).Targets as Array<Record<string, unknown>>)[0];
  if (target === undefined) throw new FixtureError(`${ruleId} has no target`);
  return target;
}
