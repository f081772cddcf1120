// Every template check passes the good fixture and fails a template broken in the way it guards against.
import { describe, expect, it } from 'vitest';
import {
  alarmProblems,
  archiveProblems,
  busPolicyProblems,
  type CfnTemplate,
  concurrencyProblems,
  deadLetterQueueProblems,
  deliveryMemoryProblems,
  exclusiveAccessProblems,
  exclusiveActionProblems,
  failureDestinationProblems,
  leadingKeyProblems,
  logRetentionProblems,
  longestName,
  nameLengthProblems,
  partitionProblems,
  rateSeconds,
  repairedFailureProblems,
  ruleTargetProblems,
  runtimeProblems,
  schemaRegistryProblems,
  storageProblems,
  wildcardActionProblems,
  wildcardResourceProblems,
} from '../../integration/infra/template-checks.js';
import {
  firstTarget,
  goodTemplate,
  MODELS,
  mutated,
  props,
  roleStatements,
  SCHEMA,
  STALE,
  WEBHOOK,
} from './fixture.js';

const ACTIVATE = 'lookoutequipment:UpdateActiveModelVersion';
const SCHEMA_FILES = [{ file: 'thing-changed.json', schema: SCHEMA }];
const KEYS_OUT_OF_REACH = { ActorRole: ['WATCH'], PollerRole: ['MODEL#pump-a', 'EVENT#1'] };

const CHECKS: Record<string, (template: CfnTemplate) => string[]> = {
  wildcardActionProblems,
  wildcardResourceProblems: (t) => wildcardResourceProblems(t, ['lookoutequipment:ListModels']),
  exclusiveActionProblems: (t) => exclusiveActionProblems(t, ACTIVATE, ['ActorRole']),
  exclusiveAccessProblems: (t) => exclusiveAccessProblems(t, 'ssm:GetParameter', WEBHOOK, ['ActorRole']),
  partitionProblems,
  ruleTargetProblems,
  deadLetterQueueProblems,
  failureDestinationProblems: (t) => failureDestinationProblems(t, ['PollerLambdaFunction']),
  repairedFailureProblems: (t) => repairedFailureProblems(t, 'PollerLambdaFunction'),
  concurrencyProblems: (t) => concurrencyProblems(t, 'ActorLambdaFunction', 1),
  deliveryMemoryProblems: (t) => deliveryMemoryProblems(t, 'ActorLambdaFunction', 'RETENTION_DAYS'),
  busPolicyProblems: (t) => busPolicyProblems(t, 'Bus', 'app', ['PollerRole']),
  leadingKeyProblems: (t) => leadingKeyProblems(t, 'Table', KEYS_OUT_OF_REACH),
  archiveProblems,
  schemaRegistryProblems: (t) => schemaRegistryProblems(t, SCHEMA_FILES),
  storageProblems,
  logRetentionProblems,
  nameLengthProblems,
  alarmProblems: (t) => alarmProblems(t, STALE),
  runtimeProblems,
};

const grant = (action: unknown, resource: unknown = { 'Fn::Sub': MODELS }) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});

describe('the good fixture', () => {
  it.each(Object.entries(CHECKS))('passes %s', (_name, check) => {
    // Act
    const problems = check(goodTemplate());

    // Assess
    expect(problems).toEqual([]);
  });
});

describe('lookoutequipment:UpdateActiveModelVersion stays with the actor', () => {
  it.each([
    ['the action itself', grant(ACTIVATE)],
    ['a service wildcard', grant('lookoutequipment:*')],
    ['a prefix wildcard', grant('lookoutequipment:Update*')],
    ['"*"', grant('*')],
    ['a different case', grant('LookoutEquipment:updateactivemodelversion')],
    ['NotAction', { Effect: 'Allow', NotAction: 'ssm:*', Resource: '*' }],
  ])('fails when another role gains it through %s', (_how, statement) => {
    // Prepare
    const template = mutated((t) => roleStatements(t, 'PollerRole').push(statement));

    // Act
    const problems = exclusiveActionProblems(template, ACTIVATE, ['ActorRole']);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PollerRole\/inline\/\d+ grants lookoutequipment:UpdateActiveModelVersion/);
  });

  it('fails when a standalone policy attached to another role grants it', () => {
    // Prepare
    const template = mutated((t) => {
      t.Resources.Extra = {
        Type: 'AWS::IAM::Policy',
        Properties: { Roles: [{ Ref: 'PollerRole' }], PolicyDocument: { Statement: [grant(ACTIVATE)] } },
      };
    });

    // Act
    const problems = exclusiveActionProblems(template, ACTIVATE, ['ActorRole']);

    // Assess
    expect(problems).toEqual([
      'Extra(PollerRole)/0 grants lookoutequipment:UpdateActiveModelVersion, which only ActorRole may have',
    ]);
  });

  it('ignores a Deny and fails when the actor itself lost the grant', () => {
    // Prepare
    const template = mutated((t) => {
      roleStatements(t, 'PollerRole').push({ ...grant(ACTIVATE), Effect: 'Deny' });
      props(t, 'ActorRole').Policies = [];
    });

    // Act
    const problems = exclusiveActionProblems(template, ACTIVATE, ['ActorRole']);

    // Assess
    expect(problems).toEqual(['none of ActorRole is granted lookoutequipment:UpdateActiveModelVersion']);
  });
});

describe('wildcards', () => {
  it.each([
    ['"*"', '*', 'PollerRole/inline/4 allows "*"'],
    ['a service wildcard', 's3:*', 'PollerRole/inline/4 allows "s3:*"'],
    [
      'a prefix wildcard',
      'lookoutequipment:Describe*',
      'PollerRole/inline/4 allows "lookoutequipment:Describe*"',
    ],
  ])('fails on %s as an action', (_what, action, expected) => {
    // Prepare
    const template = mutated((t) => roleStatements(t, 'PollerRole').push(grant(action)));

    // Act
    const problems = wildcardActionProblems(template);

    // Assess
    expect(problems).toEqual([expected]);
  });

  it('fails on wildcards in resource policies, NotAction and managed policies, not on a Deny', () => {
    // Prepare
    const template = mutated((t) => {
      (props(t, 'DlqPolicy').PolicyDocument as { Statement: unknown[] }).Statement.push(
        { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' },
        { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: '*' },
      );
      roleStatements(t, 'ActorRole').push({ Sid: 'All', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
      props(t, 'PollerRole').ManagedPolicyArns = [
        `arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess`,
      ];
    });

    // Act
    const problems = wildcardActionProblems(template);

    // Assess
    expect(problems).toEqual([
      'DlqPolicy/Open allows "sqs:*"',
      'ActorRole/inline/All allows everything except iam:* (NotAction)',
      'PollerRole attaches managed policies, whose actions cannot be checked here',
    ]);
  });

  it('fails on "*" resources for actions that support scoping', () => {
    // Prepare
    const template = mutated((t) =>
      roleStatements(t, 'PollerRole').push(grant('lookoutequipment:DescribeModel', '*')),
    );

    // Act
    const problems = wildcardResourceProblems(template, ['lookoutequipment:ListModels']);

    // Assess
    expect(problems).toEqual([
      'PollerRole/inline/4 grants lookoutequipment:DescribeModel on "*", though it can be scoped to resources',
    ]);
  });
});

describe('exclusive access to the webhook parameter', () => {
  it('fails when another role may read a path that covers it', () => {
    // Prepare
    const path = `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/app/test/*`;
    const template = mutated((t) =>
      roleStatements(t, 'PollerRole').push(grant('ssm:GetParameter', { 'Fn::Sub': path })),
    );

    // Act
    const problems = exclusiveAccessProblems(template, 'ssm:GetParameter', WEBHOOK, ['ActorRole']);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('PollerRole/inline/4 grants ssm:GetParameter');
  });
});

describe('partitions', () => {
  it.each(['arn:aws:lookoutequipment:us-east-1:123456789012:model/*', 'arn:aws-cn:sqs:cn-north-1:1:q'])(
    'fails on the hard-coded %s',
    (arn) => {
      // Prepare
      const template = mutated((t) => roleStatements(t, 'PollerRole').push(grant('sqs:SendMessage', arn)));

      // Act
      const problems = partitionProblems(template);

      // Assess
      expect(problems).toEqual([
        `Resources/PollerRole/Properties/Policies[0]/PolicyDocument/Statement[4]/Resource hard-codes a partition: ${arn}`,
      ]);
    },
  );
});

describe('rule targets', () => {
  it.each<[string, (t: CfnTemplate) => void, string]>([
    [
      'without a DLQ',
      (t) => delete firstTarget(t, 'ScheduleRule').DeadLetterConfig,
      'ScheduleRule target poller has no SQS dead-letter queue of this stack',
    ],
    [
      'without a retry policy',
      (t) => delete firstTarget(t, 'ActorRule').RetryPolicy,
      'ActorRule target actor has no retry policy (MaximumRetryAttempts and MaximumEventAgeInSeconds)',
    ],
    [
      'whose DLQ does not admit the rule',
      (t) => {
        firstTarget(t, 'ScheduleRule').DeadLetterConfig = { Arn: { 'Fn::GetAtt': ['ActorDlq', 'Arn'] } };
      },
      "ScheduleRule target poller: no queue policy lets events.amazonaws.com send ScheduleRule's dead letters to ActorDlq",
    ],
    ['of a rule without targets', (t) => (props(t, 'ActorRule').Targets = []), 'ActorRule has no targets'],
  ])('fails on a target %s', (_what, change, expected) => {
    // Prepare
    const template = mutated(change);

    // Act
    const problems = ruleTargetProblems(template);

    // Assess
    expect(problems).toEqual([expected]);
  });
});

describe('dead letters and failure destinations', () => {
  it('fails on an unencrypted DLQ and one that keeps messages 4 days', () => {
    // Prepare
    const template = mutated((t) => {
      props(t, 'PollerDlq').SqsManagedSseEnabled = false;
      delete props(t, 'ActorDlq').MessageRetentionPeriod;
    });

    // Act
    const problems = deadLetterQueueProblems(template);

    // Assess
    expect(problems).toEqual(['ActorDlq keeps messages 345600 s, not 14 days', 'PollerDlq is not encrypted']);
  });

  it('fails on a function without an on-failure destination, or whose role may not use it', () => {
    // Prepare
    const template = mutated((t) => {
      const statements = roleStatements(t, 'ActorRole');
      statements.splice(
        statements.findIndex((statement) => statement.Sid === 'Dlq'),
        1,
      );
    });

    // Act
    const problems = failureDestinationProblems(template);
    const exempted = failureDestinationProblems(template, ['PollerLambdaFunction']);

    // Assess
    expect(problems).toEqual([
      'PollerLambdaFunction has no SQS on-failure destination',
      "ActorLambdaFunction's role ActorRole may not send to its on-failure destination ActorDlq",
    ]);
    expect(exempted).toEqual([
      "ActorLambdaFunction's role ActorRole may not send to its on-failure destination ActorDlq",
    ]);
  });
});

describe('a poll failure the next poll repairs', () => {
  it.each<[string, (t: CfnTemplate) => void, string[]]>([
    [
      'a poller that dead-letters failed runs',
      (t) =>
        (props(t, 'PollerEventInvokeConfig').DestinationConfig = {
          OnFailure: { Destination: { 'Fn::GetAtt': ['PollerDlq', 'Arn'] } },
        }),
      ['PollerLambdaFunction dead-letters failed runs, which the next run repairs'],
    ],
    [
      'a poller that Lambda retries',
      (t) => (props(t, 'PollerEventInvokeConfig').MaximumRetryAttempts = 2),
      ['PollerLambdaFunction retries a failed run 2 times; the next run repairs it'],
    ],
    [
      'a poller without invoke config (Lambda retries twice by default)',
      (t) => delete t.Resources.PollerEventInvokeConfig,
      ['PollerLambdaFunction has no event invoke config: Lambda would retry a failed run'],
    ],
    [
      'a schedule that dead-letters after two quick retries',
      (t) =>
        (firstTarget(t, 'ScheduleRule').RetryPolicy = {
          MaximumEventAgeInSeconds: 300,
          MaximumRetryAttempts: 2,
        }),
      [
        'ScheduleRule must retry invoking PollerLambdaFunction for one interval (300 s, 185 attempts) before dead-lettering, got 300 s and 2 attempts',
      ],
    ],
  ])('fails on %s', (_what, change, expected) => {
    // Prepare
    const template = mutated(change);

    // Act
    const problems = repairedFailureProblems(template, 'PollerLambdaFunction');

    // Assess
    expect(problems).toEqual(expected);
  });
});

describe('bounded delivery', () => {
  it.each<[string, (t: CfnTemplate) => void, string]>([
    [
      'no reserved concurrency',
      (t) => delete props(t, 'ActorLambdaFunction').ReservedConcurrentExecutions,
      'ActorLambdaFunction has no reserved concurrency: its instances are unbounded',
    ],
    [
      'a reserved concurrency above the bound',
      (t) => (props(t, 'ActorLambdaFunction').ReservedConcurrentExecutions = 5),
      'ActorLambdaFunction may run 5 instances at once (1 to 1 allowed)',
    ],
  ])('fails on %s', (_what, change, expected) => {
    // Act
    const problems = concurrencyProblems(mutated(change), 'ActorLambdaFunction', 1);

    // Assess
    expect(problems).toEqual([expected]);
  });

  it('fails when delivery marks expire before a dead-lettered event can be redriven', () => {
    // Prepare
    const template = mutated(
      (t) =>
        ((
          props(t, 'ActorLambdaFunction').Environment as { Variables: Record<string, unknown> }
        ).Variables.RETENTION_DAYS = 7),
    );

    // Act
    const problems = deliveryMemoryProblems(template, 'ActorLambdaFunction', 'RETENTION_DAYS');

    // Assess
    expect(problems).toEqual([
      'ActorLambdaFunction forgets deliveries after 7 days, but an event can come back after 14.25 days (retries, then its DLQ)',
    ]);
  });
});

describe('only the producers speak for the source', () => {
  const statement = (t: CfnTemplate) => props(t, 'BusPolicy').Statement as Record<string, unknown>;
  const condition = (t: CfnTemplate) => statement(t).Condition as Record<string, Record<string, unknown>>;

  it.each<[string, (t: CfnTemplate) => void, string[]]>([
    [
      'no bus policy',
      (t) => delete t.Resources.BusPolicy,
      ['nothing keeps other principals from putting app events on Bus'],
    ],
    [
      'an Allow instead of a Deny',
      (t) => (statement(t).Effect = 'Allow'),
      ['nothing keeps other principals from putting app events on Bus'],
    ],
    [
      'a denial of another source',
      (t) => (condition(t).StringEquals = { 'events:source': 'other' }),
      ['nothing keeps other principals from putting app events on Bus'],
    ],
    [
      'a denial for one principal only',
      (t) => (statement(t).Principal = { AWS: 'arn:aws:iam::123456789012:root' }),
      ['nothing keeps other principals from putting app events on Bus'],
    ],
    [
      'a policy on another bus',
      (t) => (props(t, 'BusPolicy').EventBusName = 'default'),
      ['nothing keeps other principals from putting app events on Bus'],
    ],
    [
      'an exemption for a consumer',
      (t) =>
        (condition(t).ArnNotEquals = {
          'aws:PrincipalArn': [
            { 'Fn::GetAtt': ['PollerRole', 'Arn'] },
            { 'Fn::GetAtt': ['ActorRole', 'Arn'] },
          ],
        }),
      ['BusPolicy/0 also lets GetAtt:ActorRole.Arn speak as app'],
    ],
    [
      'a denial that shuts out the producer',
      (t) => (condition(t).ArnNotEquals = { 'aws:PrincipalArn': [] }),
      ['BusPolicy/0 denies GetAtt:PollerRole.Arn, a producer, its own app events'],
    ],
    [
      'a condition that narrows the denial',
      (t) => (condition(t).IpAddress = { 'aws:SourceIp': '10.0.0.0/8' }),
      ['BusPolicy/0 has a IpAddress condition that narrows the denial'],
    ],
  ])('fails on %s', (_what, change, expected) => {
    // Act
    const problems = busPolicyProblems(mutated(change), 'Bus', 'app', ['PollerRole']);

    // Assess
    expect(problems).toEqual(expected);
  });
});

describe('partition keys per role', () => {
  const snapshots = (t: CfnTemplate) => {
    const found = roleStatements(t, 'PollerRole').find((s) => s.Sid === 'Snapshots');
    if (found === undefined) throw new Error('no Snapshots statement');
    return found;
  };

  it.each<[string, (t: CfnTemplate) => void, string]>([
    [
      'a statement without LeadingKeys',
      (t) => delete snapshots(t).Condition,
      'PollerRole/inline/Snapshots reaches every item of Table (no dynamodb:LeadingKeys)',
    ],
    [
      'LeadingKeys under ForAnyValue, which does not limit them',
      (t) => (snapshots(t).Condition = { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': ['WATCH'] } }),
      'PollerRole/inline/Snapshots reaches every item of Table (no dynamodb:LeadingKeys)',
    ],
    [
      'a pattern that reaches another role’s items',
      (t) =>
        (snapshots(t).Condition = {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WATCH', 'MODEL#*'] },
        }),
      'PollerRole/inline/Snapshots lets PollerRole reach the items under MODEL#pump-a',
    ],
  ])('fails on %s', (_what, change, expected) => {
    // Act
    const problems = leadingKeyProblems(mutated(change), 'Table', KEYS_OUT_OF_REACH);

    // Assess
    expect(problems[0]).toBe(expected);
  });
});

describe('archive and schema registry', () => {
  it('fails on a bus without archive', () => {
    // Prepare
    const template = mutated((t) => delete t.Resources.Archive);

    // Act
    const problems = archiveProblems(template);

    // Assess
    expect(problems).toEqual(['Bus has no archive']);
  });

  it('fails on a schema that drifted from its file, a foreign schema and a wrong type', () => {
    // Prepare
    const template = mutated((t) => {
      props(t, 'ThingChangedSchema').Content = JSON.stringify({ ...SCHEMA, type: 'array' });
      props(t, 'ThingChangedSchema').Type = 'OpenApi3';
    });

    // Act
    const problems = schemaRegistryProblems(template, SCHEMA_FILES);

    // Assess
    expect(problems).toEqual([
      'thing-changed.json: 0 schema resources carry its content',
      'ThingChangedSchema matches no file in events/schemas',
      'ThingChangedSchema is of type OpenApi3',
    ]);
  });

  it('fails when a file has no schema resource, or the registry is missing', () => {
    // Prepare
    const files = [...SCHEMA_FILES, { file: 'other.json', schema: { title: 'Other' } }];
    const noRegistry = mutated((t) => delete t.Resources.Registry);

    // Act
    const problems = schemaRegistryProblems(goodTemplate(), files);
    const registryProblems = schemaRegistryProblems(noRegistry, SCHEMA_FILES);

    // Assess
    expect(problems).toEqual(['other.json: 0 schema resources carry its content']);
    expect(registryProblems).toEqual(['expected one schema registry, found 0']);
  });
});

describe('storage', () => {
  it('fails on a table without SSE, PITR or TTL and a topic without KMS', () => {
    // Prepare
    const template = mutated((t) => {
      const table = props(t, 'Table');
      table.SSESpecification = { SSEEnabled: false };
      delete table.PointInTimeRecoverySpecification;
      table.TimeToLiveSpecification = { AttributeName: 'expiresAt', Enabled: false };
      delete props(t, 'Topic').KmsMasterKeyId;
    });

    // Act
    const problems = storageProblems(template);

    // Assess
    expect(problems).toEqual(['Table: no SSE', 'Table: no PITR', 'Table: no TTL', 'Topic is not encrypted']);
  });

  it('fails when alarms publish to a topic under a key CloudWatch cannot use', () => {
    // Prepare
    const managedKey = mutated((t) => (props(t, 'Topic').KmsMasterKeyId = 'alias/aws/sns'));
    const closedKey = mutated((t) => (props(t, 'Key').KeyPolicy = { Statement: [] }));

    // Act
    const problems = [...storageProblems(managedKey), ...storageProblems(closedKey)];

    // Assess
    expect(problems).toEqual([
      'Topic receives alarms but its key alias/aws/sns cannot admit cloudwatch.amazonaws.com',
      "Key's policy does not let CloudWatch alarms use it",
    ]);
  });
});

describe('logs, names and runtime', () => {
  it('fails on a log group without retention and a function without log group', () => {
    // Prepare
    const template = mutated((t) => {
      delete props(t, 'PollerLogGroup').RetentionInDays;
      delete t.Resources.ActorLogGroup;
    });

    // Act
    const problems = logRetentionProblems(template);

    // Assess
    expect(problems).toEqual([
      'PollerLogGroup keeps logs forever',
      'ActorLambdaFunction has no log group of this stack',
    ]);
  });

  it('fails on names over their limit, counting Fn::Sub placeholders at their longest', () => {
    // Prepare
    const template = mutated((t) => {
      props(t, 'PollerLambdaFunction').FunctionName = 'f'.repeat(65);
      props(t, 'ScheduleRule').Name = { 'Fn::Sub': `${'r'.repeat(50)}-\${AWS::Region}` };
      props(t, 'Archive').ArchiveName = 'a'.repeat(48);
    });

    // Act
    const problems = nameLengthProblems(template);

    // Assess
    expect(longestName({ 'Fn::Sub': `x-\${AWS::AccountId}` })).toBe(14);
    expect(problems).toEqual([
      'PollerLambdaFunction.FunctionName can be 65 characters (max 64)',
      'ScheduleRule.Name can be 65 characters (max 64)',
    ]);
  });

  it('fails on another runtime, architecture or missing source maps', () => {
    // Prepare
    const template = mutated((t) => {
      const poller = props(t, 'PollerLambdaFunction');
      poller.Runtime = 'nodejs20.x';
      poller.Architectures = ['x86_64'];
      poller.Environment = { Variables: {} };
    });

    // Act
    const problems = runtimeProblems(template);

    // Assess
    expect(problems).toEqual([
      'PollerLambdaFunction runs nodejs20.x',
      'PollerLambdaFunction is not arm64',
      'PollerLambdaFunction does not enable source maps',
    ]);
  });
});

describe('alarms', () => {
  it.each<[string, (t: CfnTemplate) => void, string | string[]]>([
    [
      'a function without errors alarm',
      (t) => delete t.Resources.ActorErrorsAlarm,
      'no Errors alarm for ActorLambdaFunction',
    ],
    [
      'a DLQ alarm that waits for 2 messages',
      (t) => (props(t, 'PollerDlqAlarm').Threshold = 1),
      'no alarm on messages sent to PollerDlq (Sum > 0, missing data not breaching)',
    ],
    [
      'a DLQ alarm on messages waiting, which latches',
      (t) => (props(t, 'ActorDlqAlarm').MetricName = 'ApproximateNumberOfMessagesVisible'),
      [
        'ActorDlqAlarm fires on messages waiting in ActorDlq, and stays in alarm until it is emptied',
        'no alarm on messages sent to ActorDlq (Sum > 0, missing data not breaching)',
      ],
    ],
    [
      'no alarm on model errors',
      (t) => delete t.Resources.ModelErrorsAlarm,
      'no alarm on App/ModelErrors {service=poller}',
    ],
    [
      'an unpublished-events alarm that one cycle fires',
      (t) => Object.assign(props(t, 'UnpublishedAlarm'), { EvaluationPeriods: 1, DatapointsToAlarm: 1 }),
      'UnpublishedAlarm: expected 3 consecutive periods of 300 s (the schedule), got 1 of 1 × 300 s',
    ],
    [
      'a poller errors alarm where no data breaches',
      (t) => (props(t, 'PollerErrorsAlarm').TreatMissingData = 'breaching'),
      "PollerErrorsAlarm: missing data must not breach (a stopped poller is the stale-poll alarm's)",
    ],
    [
      'an alarm that notifies nobody',
      (t) => (props(t, 'ActorDlqAlarm').AlarmActions = []),
      'ActorDlqAlarm notifies no topic of this stack',
    ],
    [
      'a stale alarm on another dimension',
      (t) => (props(t, 'StaleAlarm').Dimensions = [{ Name: 'service', Value: 'app' }]),
      'no stale-poll alarm on App/PollSucceeded {service=poller}',
    ],
    [
      'a stale alarm where no data is fine',
      (t) => (props(t, 'StaleAlarm').TreatMissingData = 'notBreaching'),
      'StaleAlarm: missing data must count as breaching',
    ],
    [
      'a schedule that moved without its alarm',
      (t) => (props(t, 'ScheduleRule').ScheduleExpression = 'rate(1 hour)'),
      [
        'StaleAlarm: expected 3 of 3 periods of 3600 s (the schedule), got 3 of 3 × 300 s',
        'ModelErrorsAlarm: expected 3 consecutive periods of 3600 s (the schedule), got 3 of 3 × 300 s',
        'UnpublishedAlarm: expected 3 consecutive periods of 3600 s (the schedule), got 3 of 3 × 300 s',
        'PollerErrorsAlarm: expected 3 consecutive periods of 3600 s (the schedule), got 3 of 3 × 300 s',
      ],
    ],
  ])('fails on %s', (_what, change, expected) => {
    // Prepare
    const template = mutated(change);

    // Act
    const problems = alarmProblems(template, STALE);

    // Assess
    expect(problems).toEqual([expected].flat());
  });

  it('reads rate expressions, and nothing else, as intervals', () => {
    // Act
    const parsed = [
      'rate(1 minute)',
      'rate(5 minutes)',
      'rate(2 hours)',
      'rate(1 day)',
      'cron(0 * * * ? *)',
    ].map(rateSeconds);

    // Assess
    expect(parsed).toEqual([60, 300, 7200, 86400, undefined]);
  });
});
