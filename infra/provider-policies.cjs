'use strict';
// The model-service statements of each function's role, for the providers the stage turns on: each role
// gets one inline policy `<function>-providers` with only what its function calls on Lookout for
// Equipment, IoT SiteWise and the S3 prefixes SiteWise writes model metrics to. notify reads no model
// service and gets none. Resource types and the actions that take none are those of the Service
// Authorization Reference (docs/sitewise.md, "Deploy").
// Used from serverless.yml as `${file(./infra/provider-policies.cjs):<function>}`.
const { reportingPackagingErrors } = require('./packaging-error.cjs');
const { readProviderSettings } = require('./providers.cjs');

const sub = (text) => ({ 'Fn::Sub': text });
const arn = (service, resource) =>
  sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);

const L4E_MODELS = arn('lookoutequipment', 'model/*');
const COMPUTATION_MODELS = arn('iotsitewise', 'computation-model/*');
// An action on a model per asset is authorised on the asset too.
const ASSETS = arn('iotsitewise', 'asset/*');

const statement = (sid, action, resource, extra = {}) => ({
  Sid: sid,
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

const L4E_READS = [
  'lookoutequipment:DescribeModel',
  'lookoutequipment:DescribeModelVersion',
  'lookoutequipment:DescribeRetrainingScheduler',
];

/** What each function calls on L4E. */
const LOOKOUT = {
  pollModels: () => [
    // ListModels supports no resource-level permissions.
    statement('ListModels', 'lookoutequipment:ListModels', '*'),
    statement('ReadModels', L4E_READS, L4E_MODELS),
  ],
  applyPolicy: () => [
    // ListModelVersions: only the newest successful retraining run may be activated.
    statement('ReadModels', [...L4E_READS, 'lookoutequipment:ListModelVersions'], L4E_MODELS),
    statement('ActivateVersions', 'lookoutequipment:UpdateActiveModelVersion', L4E_MODELS),
  ],
  reportWidget: () => [
    statement('ListModels', 'lookoutequipment:ListModels', '*'),
    // Read only: the widget never changes a model.
    statement('ReadModels', [...L4E_READS, 'lookoutequipment:ListModelVersions'], L4E_MODELS),
  ],
};

/** Reading SiteWise models: the same for every function that reads them. */
function siteWiseReads(buckets) {
  return [
    // Neither takes a resource: ListComputationModels lists the account's, and DescribeExecution names
    // an execution only.
    statement(
      'SiteWiseListAndExecutions',
      ['iotsitewise:ListComputationModels', 'iotsitewise:DescribeExecution'],
      '*',
    ),
    statement(
      'SiteWiseReadModels',
      ['iotsitewise:DescribeComputationModel', 'iotsitewise:ListComputationModelResolveToResources'],
      COMPUTATION_MODELS,
    ),
    statement(
      'SiteWiseReadRuns',
      ['iotsitewise:ListActions', 'iotsitewise:DescribeAction', 'iotsitewise:ListExecutions'],
      [COMPUTATION_MODELS, ASSETS],
    ),
    ...metricsReads(buckets),
  ];
}

/** GetObject under each metrics prefix, and listing limited to those prefixes, bucket by bucket. */
function metricsReads(buckets) {
  const byBucket = new Map();
  for (const { bucket, prefix } of buckets) byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), prefix]);
  return [
    statement(
      'SiteWiseReadMetrics',
      's3:GetObject',
      buckets.map(({ bucket, prefix }) => sub(`arn:\${AWS::Partition}:s3:::${bucket}/${prefix}*`)),
    ),
    // Which runs wrote metrics is read from the listing, so it too stays within the prefixes.
    ...[...byBucket].map(([bucket, prefixes], index) =>
      statement(
        `SiteWiseListMetrics${index}`,
        's3:ListBucket',
        sub(`arn:\${AWS::Partition}:s3:::${bucket}`),
        {
          Condition: { StringLike: { 's3:prefix': prefixes.map((prefix) => `${prefix}*`) } },
        },
      ),
    ),
  ];
}

/** What each function calls on SiteWise and S3. */
const SITEWISE = {
  pollModels: siteWiseReads,
  applyPolicy: (buckets) => [
    ...siteWiseReads(buckets),
    // An inference START naming the version to run is how a version becomes the active one. SiteWise
    // cannot tell inference from training actions in a policy; apply-policy sends inference only.
    statement('SiteWiseActivateVersions', 'iotsitewise:ExecuteAction', [COMPUTATION_MODELS, ASSETS]),
  ],
  reportWidget: siteWiseReads,
};

const POLICY_NAMES = {
  pollModels: 'poll-models-providers',
  applyPolicy: 'apply-policy-providers',
  reportWidget: 'report-widget-providers',
};

/** `{ pollModels, applyPolicy, reportWidget }`: one inline role policy each, for `{ providers, buckets }`. */
function providerPolicies({ providers, buckets }) {
  return Object.fromEntries(
    Object.entries(POLICY_NAMES).map(([fn, name]) => [
      fn,
      {
        PolicyName: name,
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            ...(providers.includes('lookout-equipment') ? LOOKOUT[fn]() : []),
            ...(providers.includes('iot-sitewise') ? SITEWISE[fn](buckets) : []),
          ],
        },
      },
    ]),
  );
}

async function resolveProviderPolicies(context) {
  return providerPolicies(await readProviderSettings(context));
}

module.exports = reportingPackagingErrors(resolveProviderPolicies);
module.exports.providerPolicies = providerPolicies;
