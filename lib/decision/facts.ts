// Reads what a decision depends on, at decision time and from the source of truth: the model, the
// version and the scheduler from the provider, the autopilot's own records from the state table, the
// policy from the parameter store. The trigger only says which version to look at.
import type { DecisionFacts } from '../core/decide.js';
import { arnLocation } from '../core/model.js';
import { readPolicyParameter } from '../policies.js';
import { VersionUnreadableError } from './errors.js';
import type { DecisionJob, DecisionRun } from './job.js';

export async function readDecisionFacts(job: DecisionJob, run: DecisionRun): Promise<DecisionFacts> {
  const { provider, store } = run.deps;
  const facts = nothingRead(job, run);
  // A decision complete but not yet published is published as recorded: nothing to read.
  if (facts.open?.status === 'COMPLETE') return facts;
  const { modelName: name, modelVersion: v } = facts;
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
  const scheduler = await provider.describeRetrainingSchedule(name);
  const versionActivation = await store.activationRecord(run.modelArn, v);
  const active =
    model.activeVersion === null ? null : await store.activationRecord(run.modelArn, model.activeVersion);
  return {
    ...facts,
    model,
    version,
    promoteMode: scheduler?.promoteMode ?? null,
    versions,
    versionActivation,
    activeVersionActivatedAt: active?.activatedAt ?? null,
    ...(job.kind === 'new' ? await readForNewDecision(job, run) : {}),
  };
}

/** The facts before anything is read: the decision's model and version, and the open decision. */
function nothingRead(job: DecisionJob, run: DecisionRun): DecisionFacts {
  const open = job.kind === 'open' ? { ...job.record, calls: job.calls, lastCall: job.lastCall } : null;
  return {
    modelName: run.request.modelName,
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
}

/**
 * What only a new decision reads: the policy, read at every decision (a change applies to the very
 * next one), and, for a version no trigger asked about, whether it was decided before.
 */
async function readForNewDecision(
  job: Extract<DecisionJob, { kind: 'new' }>,
  run: DecisionRun,
): Promise<Pick<DecisionFacts, 'policy' | 'decidedBefore'>> {
  const name = run.request.modelName;
  // The model's own account and region name its target's policy, which goes before the model's.
  const target = arnLocation(run.modelArn);
  const policy = await readPolicyParameter(run.deps.parameters, run.options.parameterPrefix, name, target);
  const decided = job.followUp ? await run.deps.store.listDecisions(run.modelArn) : [];
  return {
    policy: { stored: policy.found, lookedUp: policy.lookedUp },
    decidedBefore: decided.some((r) => r.modelVersion === job.modelVersion),
  };
}
