// Reads what a decision depends on, at decision time and from the source of truth: the model, the
// version and the scheduler from the provider, the autopilot's own records from the state table, the
// policy from the parameter store. The trigger only says which version to look at.
import type { DecisionFacts } from '../core/decide.js';
import { readPolicyParameter } from '../policies.js';
import { VersionUnreadableError } from './errors.js';
import type { DecisionJob, DecisionRun } from './job.js';

export async function readDecisionFacts(job: DecisionJob, run: DecisionRun): Promise<DecisionFacts> {
  const { provider, store, parameters } = run.deps;
  const name = run.request.modelName;
  const open = job.kind === 'open' ? { ...job.record, calls: job.calls, lastCall: job.lastCall } : null;
  const facts: DecisionFacts = {
    modelName: name,
    modelVersion: job.kind === 'open' ? job.record.modelVersion : job.modelVersion,
    modelArn: run.modelArn,
    model: null,
    version: null,
    promoteMode: null,
    versions: [],
    versionActivation: null,
    activeVersionActivatedAt: null,
    policy: { stored: null, lookedUp: [] },
    decidedBefore: false,
    open,
    limits: run.limits,
  };
  // A decision complete but not yet published is published as recorded: nothing to read.
  if (open?.status === 'COMPLETE') return facts;
  const v = facts.modelVersion;
  const model = await provider.describeModel(name);
  if (model === null || model.arn !== run.modelArn) return { ...facts, model };
  const version = await provider.describeVersion(name, v);
  const versions = await provider.listVersions(name);
  // Listed but not described yet is read late, not missing: deciding now would skip it for good, so the
  // invocation fails and the platform's retries (and, if it never reads, the DLQ and its alarm) take it.
  if (version === null && versions.some((s) => s.version === v)) {
    throw new VersionUnreadableError(`version ${v} of ${name} is listed but cannot be read yet; retry later`);
  }
  if (version === null) return { ...facts, model, versions };
  const scheduler = await provider.describeScheduler(name);
  const versionActivation = await store.activationRecord(run.modelArn, v);
  const active =
    model.activeVersion === null ? null : await store.activationRecord(run.modelArn, model.activeVersion);
  const policy =
    job.kind === 'new'
      ? await readPolicyParameter(parameters, run.options.parameterPrefix, name)
      : { found: null, lookedUp: [] };
  const decidedBefore =
    job.kind === 'new' && job.followUp
      ? (await store.listDecisions(run.modelArn)).some((r) => r.modelVersion === v)
      : false;
  return {
    ...facts,
    model,
    version,
    promoteMode: scheduler?.promoteMode ?? null,
    versions,
    versionActivation,
    activeVersionActivatedAt: active?.activatedAt ?? null,
    policy: { stored: policy.found, lookedUp: policy.lookedUp },
    decidedBefore,
  };
}
