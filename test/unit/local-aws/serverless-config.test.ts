import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  functionLogicalId,
  loadServerlessConfig,
  loadServerlessConfigWithScripts,
  parseServerlessConfig,
  ServerlessConfigError,
} from '../../../local/aws/serverless-config.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/serverless-fixture.yml', import.meta.url));

describe('loadServerlessConfig on the fixture', () => {
  const config = loadServerlessConfig(FIXTURE, 'local');

  it('parses CloudFormation short tags into their long form', () => {
    // Act
    const raw = config.raw as {
      provider: { environment: Record<string, unknown> };
      resources: Array<{ Resources: Record<string, { Properties: Record<string, unknown> }> }>;
    };
    const queue = raw.resources[0]?.Resources.ApplyPolicyDlq?.Properties;

    // Assess
    expect(raw.provider.environment.STATE_TABLE).toEqual({ Ref: 'StateTable' });
    expect(queue?.QueueName).toEqual({ 'Fn::Sub': `\${AWS::StackName}-apply-policy-dlq` });
    expect(queue?.Tags).toEqual([{ Key: 'zones', Value: { 'Fn::Join': [',', { 'Fn::GetAZs': '' }] } }]);
    expect(config.resource('StateTable')).toMatchObject({
      Condition: 'IsProd',
      Properties: {
        PointInTimeRecoverySpecification: {
          PointInTimeRecoveryEnabled: { 'Fn::If': ['IsProd', true, false] },
        },
      },
    });
  });

  it('merges default and stage params, resolving variables inside them', () => {
    // Act
    const local = config.stageParams();
    const prod = config.stageParams('prod');

    // Assess
    expect(local).toEqual({
      pollRate: 1,
      parameterPrefix: '/l4e-autopilot/local',
      alertEmail: 'reliability@example.com',
      retryAttempts: 2,
    });
    expect(prod).toMatchObject({ pollRate: 15, parameterPrefix: '/l4e-autopilot/prod', alertEmail: '' });
  });

  it('lists function eventBridge events and AWS::Events::Rule resources targeting functions', () => {
    // Act
    const rules = config.eventBridgeRules();

    // Assess
    expect(rules).toEqual([
      {
        declaredBy: 'function-event',
        functionName: 'applyPolicy',
        handler: 'functions/apply-policy.handler',
        targetId: 'applyPolicy',
        pattern: {
          source: ['l4e.autopilot'],
          'detail-type': ['Scheduled Retraining State Change'],
          detail: { status: ['SUCCESS'] },
        },
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
        eventBus: { 'Fn::GetAtt': ['AutopilotBus', 'Arn'] },
        hasDeadLetterQueue: true,
        deadLetterQueueArn: { 'Fn::GetAtt': ['ApplyPolicyDlq', 'Arn'] },
        enabled: true,
      },
      {
        declaredBy: 'resource',
        functionName: 'notify',
        handler: 'functions/notify.handler',
        ruleName: 'l4e-autopilot-local-notify',
        targetId: 'notify',
        pattern: { source: ['l4e.autopilot'], 'replay-name': [{ exists: false }] },
        retryPolicy: { maximumRetryAttempts: 12, maximumEventAgeInSeconds: 21600 },
        eventBus: { Ref: 'AutopilotBus' },
        hasDeadLetterQueue: true,
        deadLetterQueueArn: { 'Fn::GetAtt': ['NotifyDlq', 'Arn'] },
        enabled: true,
      },
    ]);
    expect(rules.map((rule) => config.busName(rule.eventBus))).toEqual([
      'l4e-autopilot-local',
      'l4e-autopilot-local',
    ]);
  });

  it('lists schedules with stage params substituted', () => {
    // Act
    const schedules = config.schedules();

    // Assess
    expect(schedules).toEqual([
      {
        functionName: 'pollModels',
        handler: 'functions/poll-models.handler',
        targetId: 'pollModels',
        expressions: ['rate(1 minutes)'],
        enabled: true,
      },
    ]);
  });

  it('merges provider and function environment, raw, and resolves on request', () => {
    // Act
    const raw = config.functionEnvironment('pollModels');
    const resolved = config.resolve(raw);
    const applyPolicy = config.resolve(config.functionEnvironment('applyPolicy')) as Record<string, unknown>;

    // Assess
    expect(raw).toEqual({
      POWERTOOLS_SERVICE_NAME: `\${self:service}`,
      EVENT_BUS_NAME: `\${self:custom.busName}`,
      PARAMETER_PREFIX: `\${param:parameterPrefix}`,
      STATE_TABLE: { Ref: 'StateTable' },
      LOG_LEVEL: 'DEBUG',
      STAGE: `\${self:provider.stage}`,
    });
    expect(resolved).toEqual({
      POWERTOOLS_SERVICE_NAME: 'l4e-autopilot',
      EVENT_BUS_NAME: 'l4e-autopilot-local',
      PARAMETER_PREFIX: '/l4e-autopilot/local',
      STATE_TABLE: { Ref: 'StateTable' },
      LOG_LEVEL: 'DEBUG',
      STAGE: 'local',
    });
    expect(applyPolicy.LOG_LEVEL).toBe('INFO');
    expect(applyPolicy.SLACK_WEBHOOK_PARAMETER).toBe(`\${ssm:/l4e-autopilot/slack-webhook-name}`);
  });

  it('reads DynamoDB tables, including resources pulled in with file()', () => {
    // Act
    const tables = config.dynamoTables();

    // Assess
    expect(tables).toEqual([
      {
        logicalId: 'StateTable',
        tableName: 'l4e-autopilot-local-state',
        billingMode: 'PAY_PER_REQUEST',
        attributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
        ],
        keySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        globalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        ttlAttribute: 'expiresAt',
      },
    ]);
    expect(config.resource('AlertsTopic')).toEqual({
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: { 'Fn::Sub': `\${AWS::StackName}-alerts` } },
    });
  });
});

describe('schedules declared as AWS::Events::Rule resources', () => {
  const yaml = `
service: svc
params:
  default: { pollRate: rate(5 minutes) }
functions:
  pollModels:
    handler: functions/poll-models.handler
  notify:
    handler: functions/notify.handler
resources:
  - Resources:
      PollScheduleRule:
        Type: AWS::Events::Rule
        Properties:
          ScheduleExpression: \${param:pollRate}
          Targets:
            - Id: poll-models
              Arn: !GetAtt PollModelsLambdaFunction.Arn
              DeadLetterConfig: { Arn: !GetAtt PollModelsDlq.Arn }
      PausedRule:
        Type: AWS::Events::Rule
        Properties:
          ScheduleExpression: rate(1 hour)
          State: DISABLED
          Targets:
            - Id: notify
              Arn: !GetAtt NotifyLambdaFunction.Arn
      ElsewhereRule:
        Type: AWS::Events::Rule
        Properties:
          ScheduleExpression: rate(1 day)
          Targets:
            - Id: other
              Arn: arn:aws:lambda:us-east-1:123456789012:function:other
  - \${file(./infra/schema-resources.cjs)}
`;

  it('finds the rule, resolves its expression and skips targets outside the service', () => {
    // Prepare
    const config = parseServerlessConfig(yaml, 'dev');

    // Act
    const schedules = config.schedules();

    // Assess
    expect(schedules).toEqual([
      {
        functionName: 'pollModels',
        handler: 'functions/poll-models.handler',
        ruleName: 'PollScheduleRule',
        targetId: 'poll-models',
        expressions: ['rate(5 minutes)'],
        enabled: true,
        deadLetterQueueArn: { 'Fn::GetAtt': ['PollModelsDlq', 'Arn'] },
      },
      {
        functionName: 'notify',
        handler: 'functions/notify.handler',
        ruleName: 'PausedRule',
        targetId: 'notify',
        expressions: ['rate(1 hour)'],
        enabled: false,
      },
    ]);
  });

  it('keeps schedule rules out of the EventBridge pattern rules and skips resources built by JavaScript', () => {
    // Prepare
    const config = parseServerlessConfig(yaml, 'dev');

    // Act
    const rules = config.eventBridgeRules();

    // Assess
    expect(rules).toEqual([]);
    expect(config.resource('PollScheduleRule')).toMatchObject({ Type: 'AWS::Events::Rule' });
    expect(config.resource('EventSchemaRegistry')).toBeUndefined();
  });
});

describe('functionLogicalId', () => {
  it.each([
    ['notify', 'NotifyLambdaFunction'],
    ['applyPolicy', 'ApplyPolicyLambdaFunction'],
    ['apply-policy', 'ApplyDashpolicyLambdaFunction'],
    ['poll_models', 'PollUnderscoremodelsLambdaFunction'],
  ])('names %s as Serverless does: %s', (name, expected) => {
    // Act
    const logicalId = functionLogicalId(name);

    // Assess
    expect(logicalId).toBe(expected);
  });
});

describe('Serverless variables', () => {
  const yaml = `
service: svc
params:
  default: { pollRate: 5, name: 'n-\${sls:stage}' }
custom:
  which: pollRate
  list: [a, b]
provider:
  name: aws
values:
  fallback: \${param:missing, 'fallback'}
  numberFallback: \${param:missing, 42}
  nested: \${param:\${self:custom.which}}
  typed: \${param:pollRate}
  embedded: rate(\${param:pollRate} minutes)
  list: \${self:custom.list}
  env: \${env:L4E_TEST_VALUE}
  envFallback: \${env:L4E_TEST_MISSING, 'x'}
  ssm: \${ssm:/a/b, 'not-used'}
  stage: \${self:provider.stage}
  region: \${aws:region}
  outer: pre-\${ssm:/a}-\${sls:stage}
`;

  it('resolves params, self, stage, fallbacks and nesting; leaves unavailable sources as written', () => {
    // Prepare
    const config = parseServerlessConfig(yaml, 'dev');
    const withEnv = parseServerlessConfig(yaml, 'dev', {
      env: { L4E_TEST_VALUE: 'from-env' },
      region: 'eu-west-3',
    });

    // Act
    const values = config.resolve(config.raw.values);
    const envValues = withEnv.resolve(withEnv.raw.values) as Record<string, unknown>;

    // Assess
    expect(values).toEqual({
      fallback: 'fallback',
      numberFallback: 42,
      nested: 5,
      typed: 5,
      embedded: 'rate(5 minutes)',
      list: ['a', 'b'],
      env: `\${env:L4E_TEST_VALUE}`,
      envFallback: `\${env:L4E_TEST_MISSING, 'x'}`,
      ssm: `\${ssm:/a/b, 'not-used'}`,
      stage: 'dev',
      region: 'us-east-1',
      outer: `pre-\${ssm:/a}-dev`,
    });
    expect(envValues).toMatchObject({ env: 'from-env', envFallback: 'x', region: 'eu-west-3' });
    expect(config.stageParams()).toEqual({ pollRate: 5, name: 'n-dev' });
  });

  it('reports bad YAML, bad patterns and unknown functions as ServerlessConfigError', () => {
    // Prepare
    const badPattern = parseServerlessConfig(
      'functions:\n  f:\n    handler: f.handler\n    events:\n      - eventBridge:\n          pattern:\n            source: l4e.autopilot\n',
    );

    // Act
    const errors = [
      () => parseServerlessConfig('functions: [unclosed'),
      () => badPattern.eventBridgeRules(),
      () => badPattern.functionEnvironment('missing'),
    ].map((run) => {
      try {
        run();
        return undefined;
      } catch (error) {
        return error;
      }
    });

    // Assess
    expect(errors.every((error) => error instanceof ServerlessConfigError)).toBe(true);
    expect(String(errors[1])).toContain(
      'function f: eventBridge pattern is not valid: source: must be an array',
    );
    expect(String(errors[2])).toContain('function missing is not defined');
  });
});

describe('what a deployment resolves beyond plain variables', () => {
  it('runs the JavaScript files that file() variables name, so the poll settings follow pollRate', async () => {
    // Prepare
    const params = { pollRate: 'rate(2 hours)' };

    // Act
    const config = await loadServerlessConfigWithScripts('serverless.yml', 'local', { params });

    // Assess
    expect(config.schedules()).toEqual([
      {
        functionName: 'pollModels',
        handler: 'functions/poll-models.handler',
        ruleName: 'l4e-autopilot-local-poll',
        targetId: 'poll-models',
        expressions: ['rate(2 hours)'],
        enabled: true,
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 7200 },
        deadLetterQueueArn: { 'Fn::GetAtt': ['PollModelsDlq', 'Arn'] },
      },
      {
        functionName: 'dispatchTargets',
        handler: 'functions/dispatch-targets.handler',
        ruleName: 'l4e-autopilot-local-dispatch',
        targetId: 'dispatch-targets',
        expressions: ['rate(2 hours)'],
        enabled: true,
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 7200 },
        deadLetterQueueArn: { 'Fn::GetAtt': ['DispatchTargetsDlq', 'Arn'] },
      },
    ]);
    expect(config.functionAsyncInvoke('dispatchTargets')).toEqual({
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 7200,
    });
    expect(config.functionAsyncInvoke('pollModels')).toEqual({
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 7200,
    });
    expect(config.functionAsyncInvoke('applyPolicy')).toEqual({
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 3600,
      onFailure: { 'Fn::GetAtt': ['ApplyPolicyDlq', 'Arn'] },
    });
    expect(config.functionAsyncInvoke('reportWidget')).toBeUndefined();
  });

  it('says which loader resolves a retry policy that a JavaScript file computes', () => {
    // Prepare
    const config = loadServerlessConfig('serverless.yml', 'local');

    // Act
    const read = () => config.schedules();

    // Assess
    expect(read).toThrow(ServerlessConfigError);
    expect(read).toThrow(/loadServerlessConfigWithScripts/);
  });

  const subscriptions = `
service: svc
params:
  default: { alertEmail: '', smsNumber: '+15555550100' }
resources:
  Conditions:
    HasAlertEmail: !Not [!Equals ['\${param:alertEmail}', '']]
    HasSms: !And [!Condition HasAlertEmail, !Not [!Equals ['\${param:smsNumber}', '']]]
  Resources:
    Email:
      Type: AWS::SNS::Subscription
      Condition: HasAlertEmail
      Properties: { TopicArn: !Ref Topic, Protocol: email, Endpoint: '\${param:alertEmail}' }
    Sms:
      Type: AWS::SNS::Subscription
      Condition: HasSms
      Properties:
        TopicArn: !Ref Topic
        Protocol: sms
        Endpoint: '\${param:smsNumber}'
        FilterPolicy: { severity: [error] }
    Queue:
      Type: AWS::SNS::Subscription
      Properties: { TopicArn: !Ref Topic, Protocol: sqs, Endpoint: arn:aws:sqs:us-east-1:123456789012:q }
`;

  it('subscribes only what the resources conditions allow, and params given on the command line win', () => {
    // Prepare
    const byDefault = parseServerlessConfig(subscriptions, 'dev');
    const withEmail = parseServerlessConfig(subscriptions, 'dev', {
      params: { alertEmail: 'ops@example.com' },
    });

    // Act
    const endpoints = (config: typeof byDefault) => config.snsSubscriptions().map((s) => s.endpoint);

    // Assess
    expect(endpoints(byDefault)).toEqual(['arn:aws:sqs:us-east-1:123456789012:q']);
    expect(withEmail.snsSubscriptions()).toEqual([
      { logicalId: 'Email', topicArn: { Ref: 'Topic' }, protocol: 'email', endpoint: 'ops@example.com' },
      {
        logicalId: 'Sms',
        topicArn: { Ref: 'Topic' },
        protocol: 'sms',
        endpoint: '+15555550100',
        filterPolicy: { severity: ['error'] },
      },
      {
        logicalId: 'Queue',
        topicArn: { Ref: 'Topic' },
        protocol: 'sqs',
        endpoint: 'arn:aws:sqs:us-east-1:123456789012:q',
      },
    ]);
    expect(withEmail.stageParams()).toEqual({ alertEmail: 'ops@example.com', smsNumber: '+15555550100' });
  });
});
