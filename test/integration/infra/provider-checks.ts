// Checks over what the `providers` and `sitewiseMetricsBuckets` stage parameters put in the template: the
// S3 reads of SiteWise model metrics and the services a role may not reach at all. Each returns the
// problems it finds (an empty list means the template passes), like those of template-checks.ts.
import {
  type CfnTemplate,
  grantsAction,
  isRecord,
  type PolicyStatement,
  policyStatements,
  show,
} from './template-model.js';

/** Where SiteWise writes model metrics, as the sitewiseMetricsBuckets stage parameter names it. */
export interface MetricsPrefix {
  bucket: string;
  prefix: string;
}

const S3 = `arn:\${AWS::Partition}:s3:::`;
const objectsUnder = ({ bucket, prefix }: MetricsPrefix) => `${S3}${bucket}/${prefix}*`;
const bare = (resource: unknown) => show(resource).replace(/^Sub:/, '');

function granting(template: CfnTemplate, action: string): PolicyStatement[] {
  return policyStatements(template).filter((s) => s.kind === 'identity' && grantsAction(s, action));
}

/**
 * s3:GetObject only for `readers`, only on `bucket/prefix*` of the metrics prefixes, and each reader on
 * every one of them.
 */
export function objectReadProblems(
  template: CfnTemplate,
  prefixes: readonly MetricsPrefix[],
  readers: readonly string[],
): string[] {
  const allowed = new Set(prefixes.map(objectsUnder));
  const statements = granting(template, 's3:GetObject');
  const intruders = statements
    .filter((s) => !readers.includes(s.role ?? ''))
    .map((s) => `${s.where} grants s3:GetObject, which only ${readers.join(', ')} may have`);
  const outside = statements.flatMap((s) =>
    s.resources
      .filter((r) => !allowed.has(bare(r)))
      .map((r) => `${s.where} grants s3:GetObject on ${bare(r)}, outside the metrics prefixes`),
  );
  const missing = readers.flatMap((role) => {
    const granted = new Set(statements.filter((s) => s.role === role).flatMap((s) => s.resources.map(bare)));
    return [...allowed]
      .filter((objects) => !granted.has(objects))
      .map((objects) => `${role} may not read ${objects}`);
  });
  return [...intruders, ...outside, ...missing];
}

/** The `s3:prefix` values a ListBucket statement is limited to; undefined when it is not limited. */
function listedPrefixes(statement: PolicyStatement): string[] | undefined {
  const condition = statement.condition;
  if (!isRecord(condition)) return undefined;
  const values = ['StringLike', 'StringEquals']
    .map((operator) => condition[operator])
    .flatMap((block) => (isRecord(block) && block['s3:prefix'] !== undefined ? [block['s3:prefix']] : []));
  if (values.length === 0) return undefined;
  return values.flatMap((value) => (Array.isArray(value) ? value.map(String) : [String(value)]));
}

function listingStatementProblems(statement: PolicyStatement, prefixes: readonly MetricsPrefix[]): string[] {
  const buckets = statement.resources.map(bare);
  const unknown = buckets
    .filter((arn) => !prefixes.some(({ bucket }) => arn === `${S3}${bucket}`))
    .map((arn) => `${statement.where} lists ${arn}, not a metrics bucket`);
  const limits = listedPrefixes(statement);
  if (limits === undefined) {
    return [...unknown, `${statement.where} lists ${buckets.join(', ')} with no s3:prefix condition`];
  }
  const wider = limits
    .filter(
      (limit) =>
        !prefixes.some(({ bucket, prefix }) => buckets.includes(`${S3}${bucket}`) && limit === `${prefix}*`),
    )
    .map((limit) => `${statement.where} lists under "${limit}", outside the metrics prefixes`);
  return [...unknown, ...wider];
}

/** s3:ListBucket only for `readers`, only on the metrics buckets, and only under their prefixes. */
export function bucketListingProblems(
  template: CfnTemplate,
  prefixes: readonly MetricsPrefix[],
  readers: readonly string[],
): string[] {
  const statements = granting(template, 's3:ListBucket');
  const intruders = statements
    .filter((s) => !readers.includes(s.role ?? ''))
    .map((s) => `${s.where} grants s3:ListBucket, which only ${readers.join(', ')} may have`);
  const problems = statements.flatMap((s) => listingStatementProblems(s, prefixes));
  const missing = readers.flatMap((role) =>
    prefixes
      .filter(
        ({ bucket, prefix }) =>
          !statements.some(
            (s) =>
              s.role === role &&
              s.resources.some((r) => bare(r) === `${S3}${bucket}`) &&
              (listedPrefixes(s) ?? []).includes(`${prefix}*`),
          ),
      )
      .map(({ bucket, prefix }) => `${role} may not list ${bucket}/${prefix}`),
  );
  return [...intruders, ...problems, ...missing];
}

/** `role` is granted no action of `services` (service prefixes such as `iotsitewise` or `s3`). */
export function serviceAccessProblems(
  template: CfnTemplate,
  role: string,
  services: readonly string[],
): string[] {
  return policyStatements(template)
    .filter((s) => s.kind === 'identity' && s.role === role && s.effect === 'Allow')
    .flatMap((s) => {
      if (s.notActions !== undefined) return [`${s.where} grants everything but ${s.notActions.join(', ')}`];
      return s.actions
        .filter((action) => action === '*' || services.includes(action.split(':')[0]?.toLowerCase() ?? ''))
        .map(
          (action) => `${s.where} grants ${action} to ${role}, which may not reach ${services.join(', ')}`,
        );
    });
}
