import { describe, expect, it } from 'vitest';
import type { AutopilotEvent } from '../../lib/core/events.js';
import type { ModelDetail, SchedulerDetail, VersionDetail } from '../../lib/core/model.js';
import { type DecideDeps, DecisionPublishError, decideActivation } from '../../lib/decide.js';
import { silentLogger } from '../../lib/logger.js';
import type { DecisionRecord, ModelProvider, PublishResult, StateStore } from '../../lib/ports.js';
import { detail, scheduler, version } from './core/builders.js';

class FakeProvider implements ModelProvider {
  activations: number[] = [];
  failures: Error[] = [];
  constructor(
    public model: ModelDetail | null,
    public versions: Map<number, VersionDetail>,
    public sched: SchedulerDetail | null,
  ) {}
  async *listModelPages() {
    yield [];
  }
  async describeModel() {
    return this.model;
  }
  async describeVersion(_name: string, v: number) {
    return this.versions.get(v) ?? null;
  }
  async describeScheduler() {
    return this.sched;
  }
  async activateVersion(_name: string, v: number) {
    this.activations.push(v);
    const failure = this.failures.shift();
    if (failure) throw failure;
    const previous = this.model?.activeVersion ?? null;
    if (this.model) this.model = { ...this.model, activeVersion: v };
    return { previous, current: v };
  }
}

function memoryStore(): StateStore & { decisions: DecisionRecord[]; requests: number[] } {
  const decisions: DecisionRecord[] = [];
  const requests: number[] = [];
  const unsupported = async () => {
    throw new Error('not used by decide');
  };
  return {
    decisions,
    requests,
    loadModelStates: unsupported,
    claim: unsupported,
    clearPending: unsupported,
    autopilotActivations: unsupported,
    beginNotification: unsupported,
    completeNotification: unsupported,
    abandonNotification: unsupported,
    async recordActivationRequest(_m, v) {
      requests.push(v);
    },
    async putDecision(record) {
      decisions.push({ ...record });
    },
    async markDecisionPublished(record) {
      const stored = decisions.find((d) => d.detail.eventId === record.detail.eventId);
      if (stored) stored.published = true;
    },
    async listDecisions() {
      return [...decisions].reverse();
    },
    async findUnpublishedDecision(_m, trigger) {
      return decisions.find((d) => d.triggerEventId === trigger && !d.published) ?? null;
    },
  };
}

const conflict = () => Object.assign(new Error('model is being updated'), { name: 'ConflictException' });
const POLICY = JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.8 }] });

function setup(publishResults: PublishResult[] = []) {
  const provider = new FakeProvider(detail({ activeVersion: 1 }), new Map([[2, version(2)]]), scheduler());
  const store = memoryStore();
  const published: AutopilotEvent[] = [];
  const deps: DecideDeps = {
    provider,
    store,
    logger: silentLogger,
    sleep: async () => {},
    parameters: {
      get: async (name) =>
        name.endsWith('/policies/default') ? { name, value: POLICY, version: 3 } : undefined,
    },
    publisher: {
      async publish(events) {
        published.push(...events);
        return publishResults.shift() ?? { published: events.map((e) => e.detail.eventId), failed: [] };
      },
    },
  };
  const options = { parameterPrefix: '/p', now: () => new Date('2026-02-01T00:00:00Z') };
  const request = { modelName: 'pump-1', modelVersion: 2, triggerEventId: 'trigger-1' };
  return { provider, store, published, deps, options, request };
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

  it('reports FAILED after the last attempt, without activating', async () => {
    const { provider, deps, options, request } = setup();
    provider.failures = [conflict(), conflict(), conflict(), conflict(), conflict()];
    const decision = await decideActivation(deps, { ...options, activationAttempts: 4 }, request);
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
    expect(store.decisions).toHaveLength(1);
    expect(store.decisions[0]?.published).toBe(false);
    expect(provider.activations).toEqual([2]);

    const retried = await decideActivation(deps, options, request);
    expect(retried.outcome).toBe('ACTIVATED');
    expect(provider.activations).toEqual([2]);
    expect(published.map((e) => e.detail.eventId)).toEqual([retried.eventId, retried.eventId]);
    expect(store.decisions[0]?.published).toBe(true);
  });

  it('skips without a policy and says which parameters it looked for', async () => {
    const { deps, options, request } = setup();
    const decision = await decideActivation(
      { ...deps, parameters: { get: async () => undefined } },
      options,
      request,
    );
    expect(decision.outcome).toBe('SKIPPED');
    expect(decision.reasons[0]).toBe(
      'no policy: neither /p/policies/models/pump-1 nor /p/policies/default exists',
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
