'use strict';
// Spoke mode: with the `forwardToBusArn` stage parameter set, the stack forwards every l4e.autopilot event
// of its own bus to a central bus (in another account, another region, or both), through a role only
// EventBridge may assume, for this rule only, and that may put events on that one bus. Unset (the
// default), it adds nothing. The ARN is checked at package time.
// Used from serverless.yml as a `resources` entry: `${file(./infra/forward-to-bus.cjs)}`.
const { PackagingError, reportingPackagingErrors } = require('./packaging-error.cjs');

const EVENT_SOURCE = 'l4e.autopilot';
// arn:<partition>:events:<region>:<account>:event-bus/<name>, a bus name as EventBridge allows it.
const BUS_ARN =
  /^arn:aws[a-z-]*:events:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):event-bus\/([A-Za-z0-9._-]{1,256})$/;
const BUS_ARN_RULE = 'arn:<partition>:events:<region>:<12-digit account>:event-bus/<name>';

/** The central bus, or undefined when the parameter is empty (spoke mode off). */
function parseForwardToBusArn(value, ownBus) {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return undefined;
  const match = BUS_ARN.exec(text);
  if (match === null) {
    throw new PackagingError(`forwardToBusArn must be ${BUS_ARN_RULE}, got ${JSON.stringify(value)}`);
  }
  const [, region, , name] = match;
  // The account is not known without credentials; in the account the stack deploys to, a bus of this
  // name in this region is the stack's own, and forwarding to it would feed the rule its own events.
  if (region === ownBus.region && name === ownBus.name) {
    throw new PackagingError(
      `forwardToBusArn names a bus called ${ownBus.name} in ${ownBus.region}, the name of this stack's own bus: the central bus must have another name or be in another region`,
    );
  }
  return text;
}

/** `{ Resources }` of the forward rule, its role and its dead-letter queue; `{}` without a central bus. */
function forwardResources({ busArn, ruleName }) {
  if (busArn === undefined) return {};
  const ruleArn = {
    'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/\${AutopilotBus}/${ruleName}`,
  };
  return {
    Resources: {
      ForwardRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: ruleName,
          Description: 'Every autopilot event goes to the central bus (spoke mode)',
          EventBusName: { Ref: 'AutopilotBus' },
          EventPattern: { source: [EVENT_SOURCE] },
          Targets: [
            {
              Id: 'central-bus',
              Arn: busArn,
              RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] },
              RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
              DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ForwardDlq', 'Arn'] } },
            },
          ],
        },
      },
      ForwardRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sts:AssumeRole',
                // Only EventBridge acting for this rule of this account (confused-deputy protection).
                Condition: {
                  StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                  ArnEquals: { 'aws:SourceArn': ruleArn },
                },
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'forward-to-central-bus',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: busArn }],
              },
            },
          ],
        },
      },
      ForwardDlq: {
        Type: 'AWS::SQS::Queue',
        Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true },
      },
      ForwardDlqPolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'ForwardDlq' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ForwardRuleDeadLetters',
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: { 'Fn::GetAtt': ['ForwardDlq', 'Arn'] },
                Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['ForwardRule', 'Arn'] } } },
              },
            ],
          },
        },
      },
    },
  };
}

async function resolveForwardResources({ resolveVariable }) {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  const region = await resolveVariable('self:provider.region');
  const ownBus = { name: `${service}-${stage}`, region };
  const busArn = parseForwardToBusArn(await resolveVariable('param:forwardToBusArn'), ownBus);
  return forwardResources({ busArn, ruleName: `${service}-${stage}-forward` });
}

module.exports = reportingPackagingErrors(resolveForwardResources);
Object.assign(module.exports, { EVENT_SOURCE, parseForwardToBusArn, forwardResources });
