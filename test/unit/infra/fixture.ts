// A small template shaped like the product's (a scheduled poller, a rule-driven actor, DLQs, alarms) that
// passes every template check, and helpers to break one thing at a time.
import type { CfnResource, CfnTemplate } from '../../integration/infra/template-checks.js';

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
  ComparisonOperator: 'GreaterThanThreshold',
  Threshold: 0,
  Period: 300,
  EvaluationPeriods: 1,
};

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
              RetryPolicy: retry,
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
      ActorLambdaFunction: fn('actor', 'ActorRole'),
      PollerEventInvokeConfig: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: ref('PollerLambdaFunction'),
          DestinationConfig: { OnFailure: { Destination: getAtt('PollerDlq') } },
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
        { Sid: 'Dlq', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt('PollerDlq') },
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
        overZero,
      ),
      ActorErrorsAlarm: alarm('AWS/Lambda', 'Errors', ['FunctionName', ref('ActorLambdaFunction')], overZero),
      PollerDlqAlarm: alarm(
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        ['QueueName', getAtt('PollerDlq', 'QueueName')],
        overZero,
      ),
      ActorDlqAlarm: alarm(
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        ['QueueName', getAtt('ActorDlq', 'QueueName')],
        overZero,
      ),
    },
  };
}

export const STALE = {
  namespace: 'App',
  metricName: 'PollSucceeded',
  dimensions: { service: 'poller' },
  pollerLogicalId: 'PollerLambdaFunction',
  intervals: 3,
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
