import { describe, expect, it } from 'vitest';
import { isLookoutRetryable } from '../../lib/adapters/lookout-errors.js';
import { lookoutModelNaming } from '../../lib/adapters/lookout-naming.js';
import type { AutopilotEvent } from '../../lib/core/events.js';
import type { ModelDetail, RetrainingSchedule, VersionDetail } from '../../lib/core/model.js';
import {
  ActivationRetryableError,
  type DecideDeps,
  type DecideOptions,
  DecisionBusyError,
  DecisionPublishError,
  decideActivation,
} from '../../lib/decide.js';
import { silentLogger } from '../../lib/logger.js';
import type { DecisionLog, ModelProvider, PublishResult } from '../../lib/ports.js';
import { detail, MODEL_ARN, scheduler, version } from './core/builders.js';
import { type MemoryDecisionStore, memoryDecisionStore } from './support/decision-store.js';

const NOW = '2026-02-01T00:00:00.000Z';

class FakeProvider implements ModelProvider {
  isModelName = lookoutModelNaming.isModelName;
  modelNameOf = lookoutModelNaming.modelNameOf;
  isRetryable = isLookoutRetryable;
  activations: number[] = [];
  failures: Error[] = [];
  /** Milliseconds each activation of a version takes before it lands (real time). */
  activationDelayMs = new Map<number, number>();
  /** Called when an activation has landed (e.g. to crash, or to have someone else act right after). */
  afterActivate: ((v: number) => void) | null = null;
  constructor(
    public model: ModelDetail | null,
    public versions: Map<number, VersionDetail>,
    public sched: RetrainingSchedule | null,
  ) {}
  async *listModelPages() {
    yield [];
  }
  async describeModel() {
    return this.model ? { ...this.model } : null;
  }
  async describeVersion(_name: string, v: number) {
    return this.versions.get(v) ?? null;
  }
  async describeRetrainingSchedule() {
    return this.sched;
  }
  async listVersions() {
    return [...this.versions.values()];
  }
  async activateVersion(_name: string, v: number) {
    this.activations.push(v);
    const failure = this.failures.shift();
    if (failure) throw failure;
    const delay = this.activationDelayMs.get(v) ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const previous = this.model?.activeVersion ?? null;
    this.setActive(v, NOW);
    this.afterActivate?.(v);
    return { previous, current: v };
  }
  /** L4E's view of an activation, whoever asked for it (the autopilot, or an operator's rollback). */
  setActive(v: number, at: string) {
    if (!this.model || this.model.activeVersion === v) return;
    this.model = {
      ...this.model,
      previousActiveVersion: this.model.activeVersion,
      previousActivatedAt: this.model.activatedAt,
      activeVersion: v,
      activatedAt: at,
    };
  }
}

const conflict = () => Object.assign(new Error('model is being updated'), { name: 'ConflictException' });
const throttled = () => Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
const POLICY = JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.8 }] });

function setup(publishResults: PublishResult[] = []) {
  const provider = new FakeProvider(detail({ activeVersion: 1 }), new Map([[2, version(2)]]), scheduler());
  const store: MemoryDecisionStore = memoryDecisionStore();
  const published: AutopilotEvent[] = [];
  let policy = POLICY;
  const deps: DecideDeps = {
    provider,
    store,
    logger: silentLogger,
    sleep: async () => {},
    parameters: {
      get: async (name) =>
        name.endsWith('/policies/default') ? { name, value: policy, version: 3 } : undefined,
    },
    publisher: {
      async publish(events) {
        published.push(...events);
        return publishResults.shift() ?? { published: events.map((e) => e.detail.eventId), failed: [] };
      },
    },
  };
  const options: DecideOptions = {
    parameterPrefix: '/p',
    providerName: 'lookout-equipment',
    now: () => new Date(NOW),
    clock: () => 1_000,
  };
  const request = { modelName: 'pump-1', modelVersion: 2, triggerEventId: 'trigger-1' };
  const setPolicy = (text: string) => {
    policy = text;
  };
  const decisionsPublished = () =>
    published.filter((e) => e.detailType === 'Model Version Activation Decision').map((e) => e.detail);
  return { provider, store, published, decisionsPublished, deps, options, request, setPolicy };
}

describe('decideActivation', () => {
  it('retries ConflictException and then activates', async () => {
    const { provider, deps, options, request, store } = setup();
    provider.failures = [conflict(), conflict()];
    const decision = await decideActivation(deps, options, request);
    expect(decision.outcome).toBe('ACTIVATED');
    expect(provider.activations).toEqual([2, 2, 2]);
    expect(store.requests).toEqual([2]);
  });

  it('asks the provider which failures are worth retrying, whatever its errors are named', async () => {
    const { provider, deps, options, request } = setup();
    // Another provider's conflict, which the use-case could not know by name.
    const busy = () =>
      Object.assign(new Error('asset is being updated'), { name: 'ConflictingOperationException' });
    provider.isRetryable = (error) => (error as Error).name === 'ConflictingOperationException';
    provider.failures = [busy(), busy()];

    const decision = await decideActivation(deps, options, request);

    expect(decision.outcome).toBe('ACTIVATED');
    expect(provider.activations).toEqual([2, 2, 2]);
  });

  it('reports FAILED after the last attempt of the last invocation, without activating', async () => {
    const { provider, deps, options, request } = setup();
    provider.failures = [conflict(), conflict(), conflict(), conflict(), conflict()];
    const decision = await decideActivation(
      deps,
      { ...options, activationAttempts: 4, maxInvocationAttempts: 1 },
      request,
    );
    expect(decision.outcome).toBe('FAILED');
    expect(provider.activations).toHaveLength(4);
    expect(decision.reasons[0]).toMatch(/activation failed: ConflictException: model is being updated/);
    expect(provider.model?.activeVersion).toBe(1);
  });

  it('does not retry an error that retrying cannot fix', async () => {
    const { provider, deps, options, request } = setup();
    provider.failures = [Object.assign(new Error('nope'), { name: 'AccessDeniedException' })];
    const decision = await decideActivation(deps, options, request);
    expect(decision.outcome).toBe('FAILED');
    expect(provider.activations).toHaveLength(1);
  });

  it('fails the invocation when the decision cannot be published, then publishes the same decision on retry', async () => {
    const { provider, deps, options, request, store, published } = setup([
      { published: [], failed: [{ eventId: 'x', errorCode: 'InternalFailure', errorMessage: 'down' }] },
    ]);
    await expect(decideActivation(deps, options, request)).rejects.toBeInstanceOf(DecisionPublishError);
    expect(store.trail(MODEL_ARN)).toHaveLength(1);
    expect(store.trail(MODEL_ARN)[0]?.published).toBe(false);
    expect(provider.activations).toEqual([2]);

    const retried = await decideActivation(deps, options, request);
    expect(retried.outcome).toBe('ACTIVATED');
    expect(provider.activations).toEqual([2]);
    expect(published.map((e) => e.detail.eventId)).toEqual([retried.eventId, retried.eventId]);
    expect(store.trail(MODEL_ARN).map((r) => [r.detail.eventId, r.published])).toEqual([
      [retried.eventId, true],
    ]);
  });

  it('skips without a policy and says which parameters it looked for', async () => {
    const { deps, options, request } = setup();
    const decision = await decideActivation(
      { ...deps, parameters: { get: async () => undefined } },
      options,
      request,
    );
    expect(decision.outcome).toBe('SKIPPED');
    // The model's own account and region (from its ARN) name the first level looked up.
    expect(decision.reasons[0]).toBe(
      'no policy: neither /p/policies/targets/111122223333/eu-west-1/models/pump-1, /p/policies/models/pump-1 nor /p/policies/default exists',
    );
  });

  it('skips a model without a retraining scheduler and a version not produced by retraining', async () => {
    const noScheduler = setup();
    noScheduler.provider.sched = null;
    expect(
      (await decideActivation(noScheduler.deps, noScheduler.options, noScheduler.request)).reasons[0],
    ).toMatch(/has no retraining scheduler/);
    const imported = setup();
    imported.provider.versions.set(2, version(2, { sourceType: 'IMPORT' }));
    expect((await decideActivation(imported.deps, imported.options, imported.request)).reasons[0]).toMatch(
      /produced by IMPORT, not by retraining/,
    );
  });

  it('rejects malformed metrics instead of activating on them, even when missing metrics are ignored', async () => {
    const { provider, deps, options, request } = setup();
    provider.versions.set(2, version(2, { metricsJson: '{"model_version_metrics": {"recall": [0.9]}}' }));
    const ignoring = JSON.stringify({
      mode: 'enforce',
      rules: [{ metric: 'recall', min: 0.8 }],
      onMissingMetric: 'ignore',
    });
    const decision = await decideActivation(
      { ...deps, parameters: { get: async (name) => ({ name, value: ignoring, version: 1 }) } },
      options,
      request,
    );
    expect(decision.outcome).toBe('REJECTED');
    expect(decision.reasons[0]).toMatch(/recall could not be read from the candidate metrics/);
    expect(provider.activations).toEqual([]);
  });

  it('rejects malformed metrics instead of activating on them, and explains', async () => {
    const { provider, deps, options, request } = setup();
    provider.versions.set(2, version(2, { metricsJson: '{"model_version_metrics": {"recall": "NaN"}}' }));
    const decision = await decideActivation(deps, options, request);
    expect(decision.outcome).toBe('REJECTED');
    expect(decision.reasons).toEqual([
      'recall could not be read from the candidate metrics, and a policy never passes on unreadable data',
      'candidate metrics: recall: not a finite number ("NaN")',
    ]);
    expect(provider.activations).toEqual([]);
  });
});

describe('a human decision stands: activation at most once per version', () => {
  it('after a rollback, the same trigger delivered again is SKIPPED naming the earlier decision', async () => {
    const { provider, deps, options, request } = setup();
    const first = await decideActivation(deps, options, request);
    expect(first.outcome).toBe('ACTIVATED');
    // The operator rolls back.
    provider.setActive(1, '2026-02-01T01:00:00.000Z');

    const replay = await decideActivation(deps, options, request);
    const redrive = await decideActivation(deps, options, { ...request, triggerEventId: 'duplicate-2' });

    for (const again of [replay, redrive]) {
      expect(again.outcome).toBe('SKIPPED');
      expect(again.reasons[0]).toContain(`decision ${first.eventId}`);
      expect(again.reasons[0]).toMatch(/never activates a version twice/);
    }
    expect(provider.activations).toEqual([2]);
    expect(provider.model?.activeVersion).toBe(1);
  });

  it('a rollback holds until a newer version earns activation', async () => {
    const { provider, deps, options, request } = setup();
    await decideActivation(deps, options, request);
    provider.setActive(1, '2026-02-01T01:00:00.000Z');
    // v3 finished before the rollback: the operator chose v1 over it too.
    provider.versions.set(3, version(3, { updatedAt: '2026-02-01T00:30:00.000Z' }));
    const older = await decideActivation(deps, options, {
      ...request,
      modelVersion: 3,
      triggerEventId: 't3',
    });
    expect(older.outcome).toBe('SKIPPED');
    expect(older.reasons[0]).toMatch(/^v1 was made active by hand at 2026-02-01T01:00:00.000Z/);
    // v4 finishes after it, and earns activation.
    provider.versions.set(4, version(4, { updatedAt: '2026-02-02T00:00:00.000Z' }));
    const newer = await decideActivation(deps, options, {
      ...request,
      modelVersion: 4,
      triggerEventId: 't4',
    });
    expect(newer.outcome).toBe('ACTIVATED');
    expect(provider.model?.activeVersion).toBe(4);
  });

  it('a version an operator activated and rolled back by hand is not activated again by its trigger', async () => {
    const { provider, deps, options, request } = setup();
    provider.setActive(2, '2026-02-01T01:00:00.000Z');
    provider.setActive(1, '2026-02-01T02:00:00.000Z');
    const replay = await decideActivation(deps, options, request);
    expect(replay.outcome).toBe('SKIPPED');
    expect(replay.reasons[0]).toMatch(/made active by hand .* a manual choice stands/);
    expect(provider.activations).toEqual([]);
  });
});

describe('newest wins: one decision per model at a time', () => {
  it('two triggers at once, the older activation slow: the newest version ends active', async () => {
    const { provider, deps, options, decisionsPublished } = setup();
    provider.versions.set(3, version(3));
    provider.activationDelayMs.set(2, 40);
    const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 5)));
    const racing = { ...deps, sleep: realSleep };
    const [d2, d3] = await Promise.all([
      decideActivation(
        racing,
        { ...options, clock: Date.now },
        { modelName: 'pump-1', modelVersion: 2, triggerEventId: 't2' },
      ),
      decideActivation(
        racing,
        { ...options, clock: Date.now },
        { modelName: 'pump-1', modelVersion: 3, triggerEventId: 't3' },
      ),
    ]);
    expect(provider.model?.activeVersion).toBe(3);
    expect(provider.activations).not.toContain(2);
    expect(d2.outcome).toBe('SKIPPED');
    expect(d2.reasons[0]).toMatch(/superseded by v3/);
    expect(d3.outcome === 'ACTIVATED' || d3.reasons[0]?.includes('activated by the autopilot before')).toBe(
      true,
    );
    const activated = decisionsPublished().filter((d) => d.outcome === 'ACTIVATED');
    expect(activated.map((d) => [d.modelVersion, d.activeVersion])).toEqual([[3, 3]]);
  });

  it('a trigger for an older version is SKIPPED as superseded, and the newest is decided', async () => {
    const { provider, deps, options, request, store } = setup();
    provider.versions.set(3, version(3));
    const decision = await decideActivation(deps, options, request);
    expect(decision).toMatchObject({ outcome: 'SKIPPED', modelVersion: 2 });
    expect(decision.reasons[0]).toMatch(/^version 2 is superseded by v3/);
    expect(provider.activations).toEqual([3]);
    expect(store.trail(MODEL_ARN).map((r) => [r.modelVersion, r.detail.outcome])).toEqual([
      [2, 'SKIPPED'],
      [3, 'ACTIVATED'],
    ]);
    // v3's own trigger then finds it decided and active: nothing more happens.
    const own = await decideActivation(deps, options, { ...request, modelVersion: 3, triggerEventId: 't3' });
    expect(own.outcome).toBe('SKIPPED');
    expect(provider.activations).toEqual([3]);
  });

  it('a version that failed or was imported does not supersede an older successful run', async () => {
    const { provider, deps, options, request } = setup();
    provider.versions.set(3, version(3, { status: 'FAILED' }));
    provider.versions.set(4, version(4, { sourceType: 'IMPORT' }));
    expect((await decideActivation(deps, options, request)).outcome).toBe('ACTIVATED');
  });

  it('waits for a live lease and then fails so the platform retries; an expired lease is taken over', async () => {
    const { provider, deps, options, request, store } = setup();
    await store.acquireDecisionLease(MODEL_ARN, 'other', { nowMs: 1_000, leaseMs: 90_000 });
    let waits = 0;
    const waiting = {
      ...deps,
      sleep: async () => {
        waits += 1;
      },
    };
    await expect(
      decideActivation(waiting, { ...options, leaseWaitMs: 1_000 }, request),
    ).rejects.toBeInstanceOf(DecisionBusyError);
    expect(waits).toBeGreaterThan(1);
    expect(provider.activations).toEqual([]);

    const later = await decideActivation(deps, { ...options, clock: () => 1_000 + 90_001 }, request);
    expect(later.outcome).toBe('ACTIVATED');
    expect(store.leases.get(MODEL_ARN)?.owner).toBeNull();
  });

  it('records the active version as re-read after acting', async () => {
    const { provider, deps, options, request } = setup();
    // Someone else switches the model right after the activation lands.
    provider.afterActivate = () => {
      provider.afterActivate = null;
      provider.setActive(1, '2026-02-01T00:00:01.000Z');
    };
    const decision = await decideActivation(deps, options, request);
    expect(decision).toMatchObject({ outcome: 'ACTIVATED', previousActiveVersion: 1, activeVersion: 1 });
    expect(decision.reasons[0]).toMatch(/v1 has been made active since/);
  });
});

describe('audit before act', () => {
  it('records the decision PENDING, with its id, before asking L4E to activate', async () => {
    const { provider, deps, options, request, store } = setup();
    let seenAtCall: string[] = [];
    provider.afterActivate = () => {
      seenAtCall = [...store.writes];
    };
    const decision = await decideActivation(deps, options, request);
    expect(seenAtCall.slice(0, 3)).toEqual([
      'open PENDING v2',
      'put PENDING ACTIVATED v2',
      'open PENDING v2',
    ]);
    expect(seenAtCall).toContain('request v2');
    expect(store.trail(MODEL_ARN).map((r) => [r.detail.eventId, r.status])).toEqual([
      [decision.eventId, 'COMPLETE'],
    ]);
  });

  it('a crash between activation and completion: the retry completes the same decision and publishes it once', async () => {
    const { provider, deps, options, request, store, decisionsPublished } = setup();
    // The process dies right after L4E acted: nothing after that point runs, the lease is not released.
    const dying: DecisionLog = {
      ...store,
      async confirmActivation() {
        throw new Error('process killed');
      },
      async releaseDecisionLease() {
        throw new Error('process killed');
      },
    };
    await expect(decideActivation({ ...deps, store: dying }, options, request)).rejects.toThrow();
    const [pending] = store.trail(MODEL_ARN);
    expect(pending?.status).toBe('PENDING');
    expect(provider.model?.activeVersion).toBe(2);
    expect(decisionsPublished()).toEqual([]);

    // Lambda retries the invocation once the lease has expired.
    const retried = await decideActivation(deps, { ...options, clock: () => 1_000 + 90_001 }, request);
    expect(retried).toMatchObject({
      outcome: 'ACTIVATED',
      eventId: pending?.detail.eventId,
      activeVersion: 2,
    });
    expect(provider.activations).toEqual([2]);
    expect(decisionsPublished().map((d) => d.eventId)).toEqual([pending?.detail.eventId]);
    expect(store.trail(MODEL_ARN).map((r) => [r.status, r.published])).toEqual([['COMPLETE', true]]);
  });

  it('a crash before the call: the retry activates under the same decision id', async () => {
    const { provider, deps, options, request, store } = setup();
    const dying: DecisionLog = {
      ...store,
      async recordActivationRequest() {
        throw new Error('process killed');
      },
    };
    await expect(decideActivation({ ...deps, store: dying }, options, request)).rejects.toThrow();
    const id = store.trail(MODEL_ARN)[0]?.detail.eventId;
    expect(provider.activations).toEqual([]);
    const retried = await decideActivation(deps, options, request);
    expect(retried).toMatchObject({ outcome: 'ACTIVATED', eventId: id });
    expect(provider.activations).toEqual([2]);
  });

  it('an operator rollback before the interrupted decision is completed is not undone', async () => {
    const { provider, deps, options, request, store } = setup();
    const dying: DecisionLog = {
      ...store,
      async confirmActivation() {
        throw new Error('process killed');
      },
    };
    await expect(decideActivation({ ...deps, store: dying }, options, request)).rejects.toThrow();
    provider.setActive(1, '2026-02-01T02:00:00.000Z');
    const retried = await decideActivation(deps, options, request);
    expect(retried).toMatchObject({ outcome: 'ACTIVATED', activeVersion: 1 });
    expect(provider.activations).toEqual([2]);
    expect(provider.model?.activeVersion).toBe(1);
  });

  it('gives every decision its own id, and a retry of one decision keeps it', async () => {
    const { deps, options, request, decisionsPublished } = setup();
    const a = await decideActivation(deps, options, request);
    const b = await decideActivation(deps, options, request);
    const c = await decideActivation(deps, options, request);
    expect(a.outcome).toBe('ACTIVATED');
    expect([b.outcome, c.outcome]).toEqual(['SKIPPED', 'SKIPPED']);
    expect(new Set([a.eventId, b.eventId, c.eventId]).size).toBe(3);
    expect(decisionsPublished().map((d) => d.eventId)).toEqual([a.eventId, b.eventId, c.eventId]);
  });
});

describe('retryable failures are retried by the platform', () => {
  it('throttling past the in-process retries fails the invocation; the last invocation records FAILED once', async () => {
    const { provider, deps, options, request, store, decisionsPublished } = setup();
    provider.failures = Array.from({ length: 12 }, throttled);
    const opts = { ...options, activationAttempts: 4, maxInvocationAttempts: 3 };
    await expect(decideActivation(deps, opts, request)).rejects.toBeInstanceOf(ActivationRetryableError);
    const [pending] = store.trail(MODEL_ARN);
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(pending?.lastError).toMatch(/ThrottlingException/);
    await expect(decideActivation(deps, opts, request)).rejects.toBeInstanceOf(ActivationRetryableError);
    expect(store.trail(MODEL_ARN)[0]?.attempts).toBe(2);
    expect(decisionsPublished()).toEqual([]);

    const last = await decideActivation(deps, opts, request);
    expect(last).toMatchObject({ outcome: 'FAILED', eventId: pending?.detail.eventId });
    expect(last.reasons[0]).toMatch(/activation failed: ThrottlingException/);
    expect(provider.activations).toHaveLength(12);
    expect(decisionsPublished().map((d) => d.outcome)).toEqual(['FAILED']);
    expect(store.trail(MODEL_ARN).map((r) => r.status)).toEqual(['COMPLETE']);
  });

  it('a platform retry that succeeds completes the same decision', async () => {
    const { provider, deps, options, request, decisionsPublished } = setup();
    provider.failures = Array.from({ length: 4 }, () =>
      Object.assign(new Error('internal'), { name: 'InternalServerException' }),
    );
    await expect(decideActivation(deps, options, request)).rejects.toBeInstanceOf(ActivationRetryableError);
    const retried = await decideActivation(deps, options, request);
    expect(retried.outcome).toBe('ACTIVATED');
    expect(decisionsPublished().map((d) => [d.eventId, d.outcome])).toEqual([[retried.eventId, 'ACTIVATED']]);
  });
});

describe('decisions and activations are keyed by model ARN', () => {
  it('a model re-created under the same name does not inherit the old one history', async () => {
    const { provider, deps, options, request, store } = setup();
    await decideActivation(deps, options, request);
    // The model is deleted and created again: same name, new ARN, v1 active, a new v2.
    const reborn = 'arn:aws:lookoutequipment:eu-west-1:111122223333:model/pump-1/0000aaaa';
    provider.model = detail({ arn: reborn, activeVersion: 1 });
    const again = await decideActivation(deps, options, { ...request, triggerEventId: 'reborn-2' });
    expect(again).toMatchObject({ outcome: 'ACTIVATED', modelArn: reborn });
    expect(provider.activations).toEqual([2, 2]);
    expect(store.trail(reborn)).toHaveLength(1);
    expect(store.trail(MODEL_ARN)).toHaveLength(1);
  });

  it('a trigger for a model deleted and created again under its name decides for the old model and leaves the new one alone', async () => {
    const { provider, deps, options, request, store } = setup();
    const reborn = 'arn:aws:lookoutequipment:eu-west-1:111122223333:model/pump-1/0000aaaa';
    provider.model = detail({ arn: reborn, activeVersion: 1 });

    const stale = await decideActivation(deps, options, { ...request, modelArnHint: MODEL_ARN });

    expect(stale).toMatchObject({ outcome: 'SKIPPED', modelArn: MODEL_ARN });
    expect(provider.activations).toEqual([]);
    expect(store.trail(reborn)).toEqual([]);
  });

  it('an ARN of another model, or no model ARN at all, names nothing: the model of the name is decided for', async () => {
    const { provider, deps, options, request } = setup();
    const other = 'arn:aws:lookoutequipment:eu-west-1:111122223333:model/pump-2/0000bbbb';

    const decisions = [
      await decideActivation(deps, options, { ...request, modelArnHint: other }),
      await decideActivation(deps, options, { ...request, triggerEventId: 't2', modelArnHint: 'pump-1' }),
    ];

    expect(decisions.map((d) => d.modelArn)).toEqual([MODEL_ARN, MODEL_ARN]);
    expect(provider.activations).toEqual([2]);
  });

  it('asks the provider which model an ARN names, whatever the provider’s ARN looks like', async () => {
    const { provider, deps, options, request } = setup();
    // Another provider's naming: its own ARN format, which no pattern in the use-case could know.
    const arnOf = (id: string) => `urn:example:model:pump-1:${id}`;
    provider.modelNameOf = (arn) => /^urn:example:model:([^:]+):/.exec(arn)?.[1] ?? null;
    provider.model = detail({ arn: arnOf('second'), activeVersion: 1 });

    const stale = await decideActivation(deps, options, { ...request, modelArnHint: arnOf('first') });

    expect(stale).toMatchObject({ outcome: 'SKIPPED', modelArn: arnOf('first') });
    expect(provider.activations).toEqual([]);
  });
});
