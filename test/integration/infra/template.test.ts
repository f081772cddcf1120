// The deployment as AWS would receive it: `osls package` into a temporary directory, then checks over
// the generated CloudFormation template, cfn-lint, the bundle-size budget and the bundles themselves.
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alarmProblems,
  archiveProblems,
  busPolicyProblems,
  type CfnTemplate,
  concurrencyProblems,
  deadLetterQueueProblems,
  deadLetterQueues,
  deliveryMemoryProblems,
  exclusiveAccessProblems,
  exclusiveActionProblems,
  failureDestinationProblems,
  grants,
  grantsAction,
  leadingKeyProblems,
  logRetentionProblems,
  nameLengthProblems,
  partitionProblems,
  policyStatements,
  propertiesOf,
  repairedFailureProblems,
  resourcesOfType,
  ruleTargetProblems,
  runtimeProblems,
  type StaleAlarmSpec,
  schemaRegistryProblems,
  storageProblems,
  tableKeyGrants,
  wildcardActionProblems,
  wildcardResourceProblems,
} from './template-checks.js';
import { extractZip } from './zip.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STAGE = 'ci';
const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';

// Actions that support no resource-level permissions, the only ones allowed on "*".
const UNSCOPED_ACTIONS = [
  'lookoutequipment:ListModels',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
];
/** What fleetDiscovery=true grants the dispatcher, on "*": Organizations' list actions take no other. */
const DISCOVERY_GRANTS = {
  'organizations:ListAccountsForParent': ['*'],
  'organizations:ListOrganizationalUnitsForParent': ['*'],
};

const MODELS = `Sub:arn:\${AWS::Partition}:lookoutequipment:\${AWS::Region}:\${AWS::AccountId}:model/*`;
const SSM = `Sub:arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter`;
const PREFIX = `/l4e-autopilot/${STAGE}`;
const WEBHOOK_PARAMETER = `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${PREFIX}/slack-webhook`;
const TEAMS_PARAMETER = `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${PREFIX}/teams-webhook`;
// The spoke roles of infra/spoke-roles.yml with its default RoleNamePrefix, in any member account.
const SPOKE_ROLE = `arn:\${AWS::Partition}:iam::*:role/l4e-autopilot`;

// What each function calls (lib/adapters, lib/*.ts, functions/*.ts), and so all its role may do.
const EXPECTED_GRANTS: Record<string, { fn: string; grants: Record<string, string[]> }> = {
  PollModelsRole: {
    fn: 'PollModelsLambdaFunction',
    grants: {
      'dynamodb:GetItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:PutItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:Query': ['GetAtt:StateTable.Arn'],
      'dynamodb:UpdateItem': ['GetAtt:StateTable.Arn'],
      'events:PutEvents': ['GetAtt:AutopilotBus.Arn'],
      'logs:CreateLogStream': ['GetAtt:PollModelsLogGroup.Arn'],
      'logs:PutLogEvents': ['GetAtt:PollModelsLogGroup.Arn'],
      'lookoutequipment:DescribeModel': [MODELS],
      'lookoutequipment:DescribeModelVersion': [MODELS],
      'lookoutequipment:DescribeRetrainingScheduler': [MODELS],
      'lookoutequipment:ListModels': ['*'],
    },
  },
  ApplyPolicyRole: {
    fn: 'ApplyPolicyLambdaFunction',
    grants: {
      'dynamodb:GetItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:PutItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:Query': ['GetAtt:StateTable.Arn'],
      'dynamodb:UpdateItem': ['GetAtt:StateTable.Arn'],
      'events:PutEvents': ['GetAtt:AutopilotBus.Arn'],
      'logs:CreateLogStream': ['GetAtt:ApplyPolicyLogGroup.Arn'],
      'logs:PutLogEvents': ['GetAtt:ApplyPolicyLogGroup.Arn'],
      'lookoutequipment:DescribeModel': [MODELS],
      'lookoutequipment:DescribeModelVersion': [MODELS],
      'lookoutequipment:DescribeRetrainingScheduler': [MODELS],
      'lookoutequipment:ListModelVersions': [MODELS],
      'lookoutequipment:UpdateActiveModelVersion': [MODELS],
      'sqs:SendMessage': ['GetAtt:ApplyPolicyDlq.Arn'],
      'ssm:GetParameter': [`${SSM}${PREFIX}/policies/*`],
      'sts:AssumeRole': [`Sub:${SPOKE_ROLE}-activator`, `Sub:${SPOKE_ROLE}-reader`],
    },
  },
  NotifyRole: {
    fn: 'NotifyLambdaFunction',
    grants: {
      'dynamodb:DeleteItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:GetItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:PutItem': ['GetAtt:StateTable.Arn'],
      'kms:Decrypt': [
        'GetAtt:NotificationKey.Arn',
        `Sub:arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*`,
      ],
      'kms:GenerateDataKey': ['GetAtt:NotificationKey.Arn'],
      'logs:CreateLogStream': ['GetAtt:NotifyLogGroup.Arn'],
      'logs:PutLogEvents': ['GetAtt:NotifyLogGroup.Arn'],
      'sns:Publish': ['Ref:ChatTopic', 'Ref:NotificationTopic'],
      'sqs:SendMessage': ['GetAtt:NotifyDlq.Arn'],
      'ssm:GetParameter': [
        `${SSM}${PREFIX}/notifications`,
        `${SSM}${PREFIX}/slack-webhook`,
        `${SSM}${PREFIX}/teams-webhook`,
      ],
    },
  },
  DispatchTargetsRole: {
    fn: 'DispatchTargetsLambdaFunction',
    grants: {
      'dynamodb:BatchWriteItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:PutItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:Query': ['GetAtt:StateTable.Arn'],
      'dynamodb:UpdateItem': ['GetAtt:StateTable.Arn'],
      'logs:CreateLogStream': ['GetAtt:DispatchTargetsLogGroup.Arn'],
      'logs:PutLogEvents': ['GetAtt:DispatchTargetsLogGroup.Arn'],
      'sqs:SendMessage': ['GetAtt:FleetQueue.Arn'],
      'ssm:GetParameter': [`${SSM}${PREFIX}/targets`],
    },
  },
  PollTargetRole: {
    fn: 'PollTargetLambdaFunction',
    grants: {
      'dynamodb:GetItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:PutItem': ['GetAtt:StateTable.Arn'],
      'dynamodb:Query': ['GetAtt:StateTable.Arn'],
      'dynamodb:UpdateItem': ['GetAtt:StateTable.Arn'],
      'events:PutEvents': ['GetAtt:AutopilotBus.Arn'],
      'logs:CreateLogStream': ['GetAtt:PollTargetLogGroup.Arn'],
      'logs:PutLogEvents': ['GetAtt:PollTargetLogGroup.Arn'],
      'sqs:DeleteMessage': ['GetAtt:FleetQueue.Arn'],
      'sqs:GetQueueAttributes': ['GetAtt:FleetQueue.Arn'],
      'sqs:ReceiveMessage': ['GetAtt:FleetQueue.Arn'],
      'sts:AssumeRole': [`Sub:arn:\${AWS::Partition}:iam::*:role/l4e-autopilot-reader`],
    },
  },
  ReportWidgetRole: {
    fn: 'ReportWidgetLambdaFunction',
    grants: {
      'dynamodb:Query': ['GetAtt:StateTable.Arn'],
      'logs:CreateLogStream': ['GetAtt:ReportWidgetLogGroup.Arn'],
      'logs:PutLogEvents': ['GetAtt:ReportWidgetLogGroup.Arn'],
      'lookoutequipment:DescribeModel': [MODELS],
      'lookoutequipment:DescribeModelVersion': [MODELS],
      'lookoutequipment:DescribeRetrainingScheduler': [MODELS],
      'lookoutequipment:ListModelVersions': [MODELS],
      'lookoutequipment:ListModels': ['*'],
      'ssm:GetParameter': [`${SSM}${PREFIX}/policies/*`],
    },
  },
};

/**
 * Invoked by the dashboard, or by the fleet queue's event source mapping (whose failures the queue's
 * redrive policy keeps), so they need no on-failure destination.
 */
const SYNCHRONOUS_FUNCTIONS = ['ReportWidgetLambdaFunction', 'PollTargetLambdaFunction'];

const STALE_POLL: StaleAlarmSpec = {
  namespace: 'L4eAutopilot',
  metricName: 'PollSucceeded',
  dimensions: { service: 'poll-models' },
  pollerLogicalId: 'PollModelsLambdaFunction',
  intervals: 3,
  persistent: [
    { namespace: 'L4eAutopilot', metricName: 'ModelErrors', dimensions: { service: 'poll-models' } },
    { namespace: 'L4eAutopilot', metricName: 'EventsUnpublished', dimensions: { service: 'poll-models' } },
    {
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: 'Ref:PollModelsLambdaFunction' },
    },
  ],
};

// The state table's partition keys (lib/adapters/state-{model,decisions,ledger}.ts): WATCH holds the
// snapshots and their outbox, MODEL#<model ARN> a model's decisions, autopilot activations and decision
// lease, EVENT#<id> notification marks.
const TABLE_KEYS: Record<string, Record<string, string[]>> = {
  PollModelsRole: {
    'dynamodb:GetItem': ['MODEL#*'],
    'dynamodb:PutItem': ['WATCH'],
    'dynamodb:Query': ['WATCH'],
    'dynamodb:UpdateItem': ['WATCH'],
  },
  ApplyPolicyRole: {
    'dynamodb:GetItem': ['FLEET', 'MODEL#*'],
    'dynamodb:PutItem': ['MODEL#*'],
    'dynamodb:Query': ['MODEL#*'],
    'dynamodb:UpdateItem': ['MODEL#*'],
  },
  NotifyRole: {
    'dynamodb:DeleteItem': ['EVENT#*'],
    'dynamodb:GetItem': ['EVENT#*'],
    'dynamodb:PutItem': ['EVENT#*'],
  },
  // The fleet: FLEET holds the registry and each target's health, WATCH#<provider>#<account>#<region>
  // the watch partitions of the targets other than the home one.
  DispatchTargetsRole: {
    'dynamodb:BatchWriteItem': ['FLEET', 'WATCH#*#*#*'],
    'dynamodb:PutItem': ['FLEET'],
    'dynamodb:Query': ['FLEET', 'WATCH#*#*#*'],
    'dynamodb:UpdateItem': ['FLEET'],
  },
  PollTargetRole: {
    'dynamodb:GetItem': ['FLEET', 'MODEL#*'],
    'dynamodb:PutItem': ['WATCH#*#*#*'],
    'dynamodb:Query': ['WATCH#*#*#*'],
    'dynamodb:UpdateItem': ['FLEET', 'WATCH#*#*#*'],
  },
};
const KEYS_OUT_OF_REACH = {
  PollModelsRole: ['EVENT#a1b2', 'FLEET'],
  ApplyPolicyRole: ['WATCH', 'EVENT#a1b2'],
  NotifyRole: ['WATCH', 'MODEL#pump-a', 'FLEET'],
  // Never the home target's partitions, whatever the providers.
  DispatchTargetsRole: ['WATCH', 'WATCH#iot-sitewise', 'MODEL#pump-a', 'EVENT#a1b2'],
  PollTargetRole: ['WATCH', 'WATCH#iot-sitewise', 'EVENT#a1b2'],
};

/** Bundles that are loaded, not run: they call AWS as soon as they run. */
const LOADED_ONLY = ['pollModels', 'dispatchTargets', 'pollTarget'];

const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

// What `osls package` reads. It runs on a copy of these because it empties the service's .serverless/
// even when told to write elsewhere with --package, and shares .esbuild/ with any other packaging run.
const SERVICE_FILES = [
  'serverless.yml',
  'package.json',
  'tsconfig.json',
  'functions',
  'lib',
  'events',
  'infra',
];

/** `osls package --package <dir>` for a copy of the service under .tmp/; returns <dir>. */
async function packageInto(...extra: string[]): Promise<string> {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const work = mkdtempSync(join(ROOT, '.tmp', 'infra-package-'));
  workDirs.push(work);
  const service = join(work, 'service');
  for (const entry of SERVICE_FILES) cpSync(join(ROOT, entry), join(service, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(service, 'node_modules'), 'dir');
  const out = join(work, 'package');
  await run(
    'npx',
    [
      'osls',
      'package',
      '--stage',
      STAGE,
      ...(extra.includes('--region') ? [] : ['--region', 'us-east-1']),
      '--package',
      out,
      ...extra,
    ],
    {
      cwd: service,
      timeout: 170_000,
    },
  );
  return out;
}

/** The package with fleetDiscovery=true, made once for the tests that read it. */
let discoveryDir: Promise<string> | undefined;
const discoveryPackage = () => {
  discoveryDir ??= packageInto('--param=fleetDiscovery=true');
  return discoveryDir;
};

const readTemplate = (dir: string) =>
  JSON.parse(readFileSync(join(dir, TEMPLATE_FILE), 'utf8')) as CfnTemplate;

const workDirs: string[] = [];
let packageDir = '';
let template: CfnTemplate;

beforeAll(async () => {
  packageDir = await packageInto();
  template = readTemplate(packageDir);
}, 180_000);

afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

describe('IAM: least privilege per function', () => {
  it.each(Object.entries(EXPECTED_GRANTS))(
    '%s is granted exactly what its function calls',
    (role, expected) => {
      // Act
      const granted = grants(template, role);
      const usedBy = propertiesOf(template.Resources[expected.fn]).Role;

      // Assess
      expect(granted).toEqual(expected.grants);
      expect(usedBy).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    },
  );

  it('grants the dispatcher alone the Organizations reads, and only with fleetDiscovery=true', async () => {
    // Act
    const discovering = readTemplate(await discoveryPackage());

    // Assess
    expect(grants(discovering, 'DispatchTargetsRole')).toEqual({
      ...EXPECTED_GRANTS.DispatchTargetsRole?.grants,
      ...DISCOVERY_GRANTS,
    });
    for (const [role, expected] of Object.entries(EXPECTED_GRANTS)) {
      if (role !== 'DispatchTargetsRole') expect(grants(discovering, role)).toEqual(expected.grants);
    }
    for (const action of Object.keys(DISCOVERY_GRANTS)) {
      expect(exclusiveActionProblems(discovering, action, ['DispatchTargetsRole'])).toEqual([]);
      expect(policyStatements(template).filter((st) => grantsAction(st, action))).toEqual([]);
    }
  }, 180_000);

  it('has no other role than the six function roles', () => {
    // Act
    const roles = resourcesOfType(template, 'AWS::IAM::Role').map(([id]) => id);

    // Assess
    expect(roles.sort()).toEqual(Object.keys(EXPECTED_GRANTS).sort());
  });

  it('allows no wildcard action anywhere, and "*" resources only for actions that cannot be scoped', () => {
    // Act
    const problems = [
      ...wildcardActionProblems(template),
      ...wildcardResourceProblems(template, UNSCOPED_ACTIONS),
    ];

    // Assess
    expect(problems).toEqual([]);
  });

  it.each([
    ['lookoutequipment:UpdateActiveModelVersion', 'ApplyPolicyRole'],
    ['sns:Publish', 'NotifyRole'],
    ['kms:Decrypt', 'NotifyRole'],
  ])('grants %s to %s only', (action, role) => {
    // Act
    const problems = exclusiveActionProblems(template, action, [role]);

    // Assess
    expect(problems).toEqual([]);
  });

  it('lets apply-policy alone assume the spoke activator role', () => {
    // Act
    const problems = exclusiveAccessProblems(template, 'sts:AssumeRole', `${SPOKE_ROLE}-activator`, [
      'ApplyPolicyRole',
    ]);

    // Assess
    expect(problems).toEqual([]);
  });

  it('lets notify alone read the Slack and Teams webhook parameters, and decrypt them only through SSM', () => {
    // Act
    const problems = [
      ...exclusiveAccessProblems(template, 'ssm:GetParameter', WEBHOOK_PARAMETER, ['NotifyRole']),
      ...exclusiveAccessProblems(template, 'ssm:GetParameter', TEAMS_PARAMETER, ['NotifyRole']),
    ];
    const decrypt = policyStatements(template).find(
      (s) => s.role === 'NotifyRole' && s.sid === 'DecryptWebhookOnly',
    );

    // Assess
    expect(problems).toEqual([]);
    expect(decrypt?.condition).toEqual({
      StringEquals: {
        'kms:ViaService': { 'Fn::Sub': `ssm.\${AWS::Region}.amazonaws.com` },
        'kms:EncryptionContext:PARAMETER_ARN': [
          { 'Fn::Sub': WEBHOOK_PARAMETER },
          { 'Fn::Sub': TEAMS_PARAMETER },
        ],
      },
    });
  });

  it('limits every role to its own partition keys of the state table', () => {
    // Act
    const keys = Object.fromEntries(
      Object.keys(TABLE_KEYS).map((role) => [role, tableKeyGrants(template, role, 'StateTable')]),
    );
    const problems = leadingKeyProblems(template, 'StateTable', KEYS_OUT_OF_REACH);

    // Assess
    expect(keys).toEqual(TABLE_KEYS);
    expect(problems).toEqual([]);
  });

  it('lets only poll-models, poll-target and apply-policy put l4e.autopilot events on the bus', () => {
    // Act
    const problems = busPolicyProblems(template, 'AutopilotBus', 'l4e.autopilot', [
      'PollModelsRole',
      'PollTargetRole',
      'ApplyPolicyRole',
    ]);

    // Assess
    expect(problems).toEqual([]);
  });

  it('spells every ARN with the AWS::Partition pseudo parameter', () => {
    // Act
    const problems = partitionProblems(template);

    // Assess
    expect(problems).toEqual([]);
  });
});

describe('events: rules, DLQs, archive and schema registry', () => {
  it('gives every rule target, the poll schedule included, a retry policy and an admitted DLQ', () => {
    // Act
    const rules = resourcesOfType(template, 'AWS::Events::Rule').map(([id]) => id);
    const problems = ruleTargetProblems(template);

    // Assess
    expect(rules.sort()).toEqual([
      'ApplyPolicyRule',
      'DispatchScheduleRule',
      'NotifyRule',
      'PollScheduleRule',
    ]);
    expect(propertiesOf(template.Resources.PollScheduleRule).ScheduleExpression).toBe('rate(5 minutes)');
    expect(propertiesOf(template.Resources.DispatchScheduleRule).ScheduleExpression).toBe('rate(5 minutes)');
    expect(problems).toEqual([]);
  });

  it('keeps dead letters encrypted for 14 days, and sends each function’s failed invocations there', () => {
    // Act
    const queues = deadLetterQueues(template);
    const problems = [
      ...deadLetterQueueProblems(template),
      ...failureDestinationProblems(template, [
        'PollModelsLambdaFunction',
        'DispatchTargetsLambdaFunction',
        ...SYNCHRONOUS_FUNCTIONS,
      ]),
    ];

    // Assess
    expect(queues).toEqual(['ApplyPolicyDlq', 'DispatchTargetsDlq', 'NotifyDlq', 'PollModelsDlq']);
    expect(problems).toEqual([]);
  });

  it('neither retries nor dead-letters a failed poll, which the next poll repairs', () => {
    // Act
    const problems = [
      ...repairedFailureProblems(template, 'PollModelsLambdaFunction'),
      ...repairedFailureProblems(template, 'DispatchTargetsLambdaFunction'),
    ];

    // Assess
    expect(problems).toEqual([]);
  });

  it('runs one notify at a time, and remembers deliveries as long as a dead-lettered event can come back', () => {
    // Act
    const problems = [
      ...concurrencyProblems(template, 'NotifyLambdaFunction', 1),
      ...concurrencyProblems(template, 'PollModelsLambdaFunction', 1),
      ...concurrencyProblems(template, 'DispatchTargetsLambdaFunction', 1),
      ...deliveryMemoryProblems(template, 'NotifyLambdaFunction', 'NOTIFICATION_RETENTION_DAYS'),
    ];

    // Assess
    expect(problems).toEqual([]);
  });

  it('archives the bus', () => {
    // Act
    const problems = archiveProblems(template);

    // Assess
    expect(problems).toEqual([]);
  });

  it('registers one draft-04 schema per file in events/schemas, with the file as its content', () => {
    // Prepare
    const dir = join(ROOT, 'events', 'schemas');
    const files = readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => ({ file, schema: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown }));

    // Act
    const problems = schemaRegistryProblems(template, files);
    const schemas = resourcesOfType(template, 'AWS::EventSchemas::Schema');

    // Assess
    expect(files.length).toBeGreaterThan(0);
    expect(schemas).toHaveLength(files.length);
    expect(problems).toEqual([]);
  });
});

describe('the fleet queue', () => {
  it('hides a message six times as long as poll-target may run, and sends it to an encrypted 14-day DLQ after 3 receives', () => {
    // Act
    const queue = propertiesOf(template.Resources.FleetQueue);
    const dlq = propertiesOf(template.Resources.FleetDlq);
    const timeout = Number(propertiesOf(template.Resources.PollTargetLambdaFunction).Timeout);

    // Assess
    expect(Number(queue.VisibilityTimeout)).toBeGreaterThanOrEqual(6 * timeout);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['FleetDlq', 'Arn'] },
      maxReceiveCount: 3,
    });
    expect(Number(queue.MessageRetentionPeriod)).toBeGreaterThan(3 * Number(queue.VisibilityTimeout));
    expect([queue.SqsManagedSseEnabled, dlq.SqsManagedSseEnabled]).toEqual([true, true]);
    expect(dlq.MessageRetentionPeriod).toBe(1209600);
  });

  it('feeds poll-target in batches, with partial batch failures and the fleetConcurrency bound', () => {
    // Act
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').map(([, m]) =>
      propertiesOf(m),
    );

    // Assess
    expect(mappings).toEqual([
      {
        BatchSize: 5,
        EventSourceArn: { 'Fn::GetAtt': ['FleetQueue', 'Arn'] },
        FunctionName: { 'Fn::GetAtt': ['PollTargetLambdaFunction', 'Arn'] },
        Enabled: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 5 },
      },
    ]);
  });

  it("gives the fleet's functions the hub's account from CloudFormation, not from credentials at package time", () => {
    // Act
    const environment = (fn: string) =>
      (propertiesOf(template.Resources[fn]).Environment as { Variables: Record<string, unknown> }).Variables;

    // Assess
    for (const fn of ['DispatchTargetsLambdaFunction', 'PollTargetLambdaFunction']) {
      expect(environment(fn)).toMatchObject({
        HUB_ACCOUNT_ID: { Ref: 'AWS::AccountId' },
        SPOKE_READER_ROLE_NAME: 'l4e-autopilot-reader',
        SPOKE_ACTIVATOR_ROLE_NAME: 'l4e-autopilot-activator',
        FLEET_EXTERNAL_ID: '',
      });
    }
    expect(environment('DispatchTargetsLambdaFunction').FLEET_QUEUE_URL).toEqual({ Ref: 'FleetQueue' });
  });

  it('alarms when the fleet DLQ is not empty and when target cycles keep failing', () => {
    // Act
    const alarm = (id: string) => propertiesOf(template.Resources[id]);

    // Assess
    expect(alarm('FleetDeadLettersAlarm')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['FleetDlq', 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarm('TargetsFailingAlarm')).toMatchObject({
      Namespace: 'L4eAutopilot',
      MetricName: 'TargetsFailing',
      Dimensions: [{ Name: 'service', Value: 'poll-target' }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it.each([['1'], ['1001'], ['five']])(
    'refuses, in one line, fleetConcurrency %s',
    async (value) => {
      // Act
      const failure = await packageInto(`--param=fleetConcurrency=${value}`).then(
        () => '',
        (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
      );

      // Assess
      expect(failure).toBe(
        `Error: fleetConcurrency must be a whole number from 2 to 1000 (Lambda's limits for an SQS event source), got "${value}"\n`,
      );
    },
    180_000,
  );
});

describe('storage, logs, names and runtime', () => {
  it('encrypts the table and the topic, with PITR and TTL on the table', () => {
    // Act
    const problems = storageProblems(template);

    // Assess
    expect(resourcesOfType(template, 'AWS::DynamoDB::Table')).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('bounds log retention and gives every function its log group', () => {
    // Act
    const problems = logRetentionProblems(template);
    const retention = resourcesOfType(template, 'AWS::Logs::LogGroup').map(
      ([, g]) => propertiesOf(g).RetentionInDays,
    );

    // Assess
    expect(problems).toEqual([]);
    expect(retention).toEqual([30, 30, 30, 30, 30, 30]);
  });

  it('keeps every physical name within its service limit', () => {
    // Act
    const problems = nameLengthProblems(template);

    // Assess
    expect(problems).toEqual([]);
  });

  it('runs Node.js 22 on arm64 with source-mapped stack traces', () => {
    // Act
    const problems = runtimeProblems(template);

    // Assess
    expect(resourcesOfType(template, 'AWS::Lambda::Function')).toHaveLength(6);
    expect(problems).toEqual([]);
  });
});

describe('alarms and dashboard', () => {
  it('alarms on errors, dead letters sent, a stale poller and persistent model errors or unpublished events', () => {
    // Act
    const problems = alarmProblems(template, STALE_POLL);

    // Assess
    expect(problems).toEqual([]);
  });

  it('has a dashboard whose body references resources of the stack', () => {
    // Act
    const dashboards = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
    const body = (propertiesOf(dashboards[0]?.[1]).DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    const placeholders = [...body.matchAll(/\$\{([^}.]+)/g)].map((m) => m[1] ?? '');

    // Assess
    expect(dashboards).toHaveLength(1);
    expect(placeholders.filter((id) => !id.startsWith('AWS::') && !template.Resources[id])).toEqual([]);
    expect(body).toContain('"PollSucceeded","service","poll-models"');
  });

  it('shows the report widget on the dashboard, served by the read-only widget function', () => {
    // Act
    const dashboards = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
    const body = (propertiesOf(dashboards[0]?.[1]).DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    const widgets = (
      JSON.parse(body) as { widgets: Array<{ type: string; properties: Record<string, unknown> }> }
    ).widgets;
    const custom = widgets.filter((w) => w.type === 'custom');
    const widgetRole = grants(template, 'ReportWidgetRole');

    // Assess
    expect(custom).toHaveLength(1);
    expect(custom[0]?.properties.endpoint).toBe(`\${ReportWidgetLambdaFunction.Arn}`);
    expect(custom[0]?.properties.params).toEqual({ page: 1 });
    // Read only: nothing that changes a model, publishes, or decrypts.
    expect(
      Object.keys(widgetRole).filter(
        (a) => !/^(lookoutequipment:(Describe|List)|dynamodb:Query|ssm:GetParameter$|logs:)/.test(a),
      ),
    ).toEqual([]);
  });

  it('publishes the outputs the README uses', () => {
    // Act
    const outputs = Object.keys(template.Outputs ?? {});

    // Assess
    expect(outputs).toEqual(
      expect.arrayContaining([
        'EventBusArn',
        'ArchiveArn',
        'SchemaRegistryName',
        'ApplyPolicyRuleArn',
        'PollModelsDlqUrl',
        'ApplyPolicyDlqUrl',
        'NotifyDlqUrl',
        'DashboardName',
        'NotificationTopicArn',
        'ChatTopicArn',
        'ReportWidgetFunctionArn',
      ]),
    );
  });
});

describe('the pollRate stage parameter', () => {
  it('moves the schedule, the stale-poll alarm and the retry windows together', async () => {
    // Prepare
    const dir = await packageInto('--param=pollRate=rate(1 hour)');

    // Act
    const hourly = readTemplate(dir);
    const schedule = propertiesOf(hourly.Resources.PollScheduleRule);
    const target = (schedule.Targets as Array<{ RetryPolicy: { MaximumEventAgeInSeconds: number } }>)[0];

    // Assess
    expect(schedule.ScheduleExpression).toBe('rate(1 hour)');
    expect(alarmProblems(hourly, STALE_POLL)).toEqual([]);
    expect(propertiesOf(hourly.Resources.StalePollAlarm)).toMatchObject({
      Period: 3600,
      EvaluationPeriods: 3,
    });
    expect(target?.RetryPolicy.MaximumEventAgeInSeconds).toBe(3600);
    expect(propertiesOf(hourly.Resources.PollModelsLambdaEvConf).MaximumEventAgeInSeconds).toBe(3600);
  }, 180_000);

  // One packaging run proves the one-line report; the unit tests hold every rejected expression.
  it.each([['cron(0/5 * * * ? *)', '']])(
    'refuses pollRate %s at package time in one line that states the valid range',
    async (rate, why) => {
      // Act
      const failure = await packageInto(`--param=pollRate=${rate}`).then(
        () => '',
        (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
      );

      // Assess
      expect(failure).toBe(
        `Error: pollRate must be a rate expression from rate(1 minute) to rate(1 day), e.g. rate(5 minutes) or rate(2 hours), got "${rate}"${why}\n`,
      );
    },
    180_000,
  );
});

describe('the region', () => {
  it('refuses, in one line, a region without L4E unless told to package anyway', async () => {
    // Act
    const failure = await packageInto('--region', 'eu-central-1').then(
      () => '',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );

    // Assess
    expect(failure).toBe(
      'Error: region eu-central-1 has no Amazon Lookout for Equipment, which runs in us-east-1, eu-west-1, ap-northeast-2; deploy there, or add --param=allowUnsupportedRegion=true to package for eu-central-1 anyway\n',
    );
  }, 180_000);
});

describe('the notificationRetentionDays stage parameter', () => {
  it('refuses, at package time and in one line, delivery marks that expire before a dead-lettered event can come back', async () => {
    // Act
    const failure = await packageInto('--param=notificationRetentionDays=7').then(
      () => '',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );

    // Assess
    expect(failure).toBe(
      'Error: notificationRetentionDays must be a whole number of days, at least 15 (a dead-lettered event can come back that late), got "7"\n',
    );
  }, 180_000);
});

describe('cfn-lint', () => {
  if (!hasCfnLint) console.warn('cfn-lint is not on PATH: the template is not linted (pip install cfn-lint)');

  it.skipIf(!hasCfnLint).each([
    ['by default', async () => packageDir],
    ['with fleetDiscovery=true', discoveryPackage],
  ])(
    'finds no error and no warning beyond those .cfnlintrc.yaml lists, %s',
    async (_, dir) => {
      // Act
      const result = await run(
        'cfn-lint',
        ['--config-file', '.cfnlintrc.yaml', '--format', 'json', '--', join(await dir(), TEMPLATE_FILE)],
        { cwd: ROOT, timeout: 120_000 },
      ).then(
        (out) => ({ code: 0, stdout: out.stdout }),
        (error: { code?: number; stdout?: string }) => ({
          code: error.code ?? -1,
          stdout: error.stdout ?? '',
        }),
      );
      const findings = JSON.parse(result.stdout || '[]') as Array<{ Level: string; Message: string }>;

      // Assess
      expect(findings.map((f) => `${f.Level}: ${f.Message}`)).toEqual([]);
      expect(result.code).toBe(0);
    },
    180_000,
  );
});

describe('bundles', () => {
  it('stays within the size budgets, with the table printed', async () => {
    // Act
    const { stdout } = await run(process.execPath, ['scripts/bundle-sizes.mjs', packageDir], { cwd: ROOT });
    console.log(stdout);

    // Assess
    expect(stdout).toMatch(/^function\s+zip bytes\s+unzipped bytes\s+budget\s+status$/m);
    for (const fn of [
      'applyPolicy',
      'dispatchTargets',
      'notify',
      'pollModels',
      'pollTarget',
      'reportWidget',
    ]) {
      expect(stdout).toMatch(new RegExp(`^${fn}\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+OK$`, 'm'));
    }
  });

  it('fails the budget check when a zip is over its budget', async () => {
    // Act
    const outcome = await run(
      process.execPath,
      ['scripts/bundle-sizes.mjs', packageDir, '--budget', 'notify=1000'],
      {
        cwd: ROOT,
      },
    ).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );

    // Assess
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/^notify\s+[\d,]+\s+[\d,]+\s+1,000\s+OVER$/m);
    expect(outcome.stderr).toContain('notify:');
  });

  it.each([
    ['applyPolicy', 'apply-policy'],
    ['notify', 'notify'],
    ['pollModels', 'poll-models'],
    ['dispatchTargets', 'dispatch-targets'],
    ['pollTarget', 'poll-target'],
  ])(
    '%s loads on Node.js with its handler, and its stack traces map to the TypeScript sources',
    async (fn, file) => {
      // Prepare
      const dir = join(packageDir, `unzipped-${fn}`);
      const entries = extractZip(join(packageDir, `${fn}.zip`), dir);
      const bundle = join(dir, 'functions', `${file}.mjs`);
      // An invalid event fails validation before any AWS call; poll-models is only loaded, never run.
      const script = `
      const { handler } = await import(${JSON.stringify(bundle)});
      const context = { functionName: 'check', awsRequestId: 'check', getRemainingTimeInMillis: () => 1000 };
      const outcome = ${LOADED_ONLY.includes(fn)} ? { handler: typeof handler } : await handler({}, context).then(
        () => ({ handler: typeof handler }),
        (error) => ({ handler: typeof handler, name: error.name, stack: error.stack }));
      console.log(JSON.stringify(outcome));`;

      // Act
      const { stdout } = await run(
        process.execPath,
        ['--enable-source-maps', '--input-type=module', '-e', script],
        {
          cwd: dir,
          env: {
            PATH: process.env.PATH ?? '',
            AWS_REGION: 'us-east-1',
            EVENT_BUS_NAME: 'bus',
            STATE_TABLE_NAME: 'table',
            PARAMETER_PREFIX: PREFIX,
            HUB_ACCOUNT_ID: '123456789012',
            FLEET_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/fleet',
            POWERTOOLS_LOG_LEVEL: 'SILENT',
          },
          timeout: 30_000,
        },
      );
      const outcome = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        handler: string;
        name?: string;
        stack?: string;
      };

      // Assess
      expect(entries.sort()).toEqual([`functions/${file}.mjs`, `functions/${file}.mjs.map`]);
      expect(outcome.handler).toBe('function');
      if (!LOADED_ONLY.includes(fn)) {
        expect(outcome.name).toBe('InvalidEventError');
        expect(outcome.stack).toMatch(/lib\/triggers\.ts:\d+/);
      }
    },
  );

  it.each([
    ['the credentials Lambda puts in the environment', true],
    ['no credentials in the environment', false],
  ])('pollModels from its packaged bundle, with %s, at AWS_ENDPOINT_URL', async (_case, withCredentials) => {
    // Prepare: an endpoint that refuses every request (not retried), after noting how it was signed.
    const requests: Array<{ target?: string; authorization?: string; token?: string }> = [];
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        requests.push({
          target: request.headers['x-amz-target'] as string | undefined,
          authorization: request.headers.authorization,
          token: request.headers['x-amz-security-token'] as string | undefined,
        });
        response.writeHead(400, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-errortype': 'AccessDeniedException',
        });
        response.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'refused by the test' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const dir = join(packageDir, `unzipped-pollModels-${withCredentials}`);
    extractZip(join(packageDir, 'pollModels.zip'), dir);
    const script = `
      const { handler } = await import(${JSON.stringify(join(dir, 'functions', 'poll-models.mjs'))});
      const context = { functionName: 'check', awsRequestId: 'check', getRemainingTimeInMillis: () => 30000 };
      const outcome = await handler({}, context).then(() => ({}), (error) => ({ name: error.name }));
      console.log(JSON.stringify(outcome));`;
    const credentials = withCredentials
      ? {
          AWS_ACCESS_KEY_ID: 'AKIDBUNDLECHECK',
          AWS_SECRET_ACCESS_KEY: 'bundle-secret',
          AWS_SESSION_TOKEN: 'bundle-token',
        }
      : {};

    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        // No profile, config file or instance metadata to fall back on.
        HOME: dir,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        EVENT_BUS_NAME: 'bus',
        STATE_TABLE_NAME: 'table',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        ...credentials,
      },
      timeout: 30_000,
    }).finally(() => server.close());
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { name?: string };

    // Assess
    if (withCredentials) {
      expect(outcome.name).toBe('AccessDeniedException');
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) {
        expect(request.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDBUNDLECHECK\//);
        expect(request.token).toBe('bundle-token');
      }
    } else {
      // The SDK's default chain would go on to profiles, SSO, containers and instance metadata.
      expect(outcome.name).toBe('MissingCredentialsError');
      expect(requests).toEqual([]);
    }
  });

  it('reportWidget answers a dashboard-style request from its packaged bundle', async () => {
    // Prepare
    const dir = join(packageDir, 'unzipped-reportWidget');
    const entries = extractZip(join(packageDir, 'reportWidget.zip'), dir);
    const bundle = join(dir, 'functions', 'report-widget.mjs');
    // The console asks a custom widget for its documentation with `describe`; no AWS call is made.
    const request = {
      describe: true,
      widgetContext: { dashboardName: 'l4e-autopilot-ci-us-east-1', widgetId: 'widget-1', params: {} },
    };
    const script = `
      const { handler } = await import(${JSON.stringify(bundle)});
      const context = { functionName: 'check', awsRequestId: 'check', getRemainingTimeInMillis: () => 1000 };
      console.log(JSON.stringify({ handler: typeof handler, result: await handler(${JSON.stringify(request)}, context) }));`;

    // Act
    const { stdout } = await run(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          STATE_TABLE_NAME: 'table',
          PARAMETER_PREFIX: PREFIX,
          POWERTOOLS_LOG_LEVEL: 'SILENT',
        },
        timeout: 30_000,
      },
    );
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      handler: string;
      result: string;
    };

    // Assess
    expect(entries.sort()).toEqual(['functions/report-widget.mjs', 'functions/report-widget.mjs.map']);
    expect(outcome.handler).toBe('function');
    expect(JSON.parse(outcome.result)).toEqual({ markdown: expect.stringContaining('l4e-autopilot report') });
  });
});
