// Each counter the soak adds can fail: a mechanism of the product broken on purpose must show up in
// the report as a count above zero and a failed soak.
import { describe, expect, it } from 'vitest';
import type { AutopilotEvent } from '../../../lib/core/events.js';
import { formatSoakReport } from '../../../local/soak/report.js';
import { runSoak, type SoakOptions } from '../../../local/soak/run.js';

const SHORT: SoakOptions = { days: 90, models: 8, seed: 3, pollIntervalMs: 6 * 3_600_000, faults: true };

describe('soak counters catch a broken mechanism', () => {
  it('counts rollbacks undone when apply-policy ignores what it activated before and whose choice is live', async () => {
    // Arrange: the store forgets every decision and activation the autopilot made and claims every
    // other live version as the autopilot's own, so neither "activated before" nor "a manual choice stands" holds.
    // A fleet with enough autopilot activations for operators to roll some back before a replay.
    const options: SoakOptions = {
      ...SHORT,
      days: 150,
      models: 15,
      tamper: {
        decideStore: (store, provider) => ({
          ...store,
          async activationRecord(modelArn, version) {
            const real = await store.activationRecord(modelArn, version);
            if (real?.activatedAt) return null;
            const name = modelArn.split(':model/')[1]?.split('/')[0] ?? '';
            if ((await provider.describeModel(name))?.activeVersion !== version) return real;
            const far = '2999-01-01T00:00:00.000Z';
            return { version, requestedAt: far, decisionId: 'forged', activatedAt: far };
          },
          autopilotActivations: async () => new Map(),
          listDecisions: async () => [],
        }),
      },
    };
    // Act
    const report = await runSoak(options);
    // Assess
    expect(report.rollbacksUndone.length, formatSoakReport(report)).toBeGreaterThan(0);
    expect(report.ok).toBe(false);
  }, 120_000);

  it('counts activations failing the policy when apply-policy reads a policy that lets everything pass', async () => {
    // Arrange
    const lax = JSON.stringify({
      mode: 'enforce',
      rules: [{ metric: 'recall', min: 0 }],
      onMissingMetric: 'ignore',
    });
    const options: SoakOptions = {
      ...SHORT,
      tamper: {
        decideParameters: (parameters) => ({
          get: async (name, o) => {
            const found = await parameters.get(name, o);
            return found && name.includes('/policies/') ? { ...found, value: lax } : found;
          },
        }),
      },
    };
    // Act
    const report = await runSoak(options);
    // Assess
    expect(report.failingActivations.length, formatSoakReport(report)).toBeGreaterThan(0);
    expect(report.ok).toBe(false);
  }, 120_000);

  it('counts runs and promotions lost when the pollers drop their events but report them sent', async () => {
    // Arrange
    const dropped = (e: AutopilotEvent) => e.detailType === 'Model Version Promotion Result';
    const options: SoakOptions = {
      ...SHORT,
      tamper: {
        publisher: (publisher) => ({
          publish: async (events) => {
            const result = await publisher.publish(events.filter((e) => !dropped(e)));
            return {
              ...result,
              published: [...result.published, ...events.filter(dropped).map((e) => e.detail.eventId)],
            };
          },
        }),
      },
    };
    // Act
    const report = await runSoak(options);
    // Assess
    expect(report.runsPromotionsLost, formatSoakReport(report)).toBeGreaterThan(0);
    expect(report.ok).toBe(false);
  }, 120_000);

  it('counts an older version left active when apply-policy reports an activation it never made', async () => {
    // Arrange
    const options: SoakOptions = {
      ...SHORT,
      tamper: {
        decideProvider: (provider) => ({
          ...provider,
          activateVersion: async (name, version) => {
            const model = await provider.describeModel(name);
            return { previous: model?.activeVersion ?? null, current: version };
          },
          describeModel: async (name) => provider.describeModel(name),
        }),
      },
    };
    // Act
    const report = await runSoak(options);
    // Assess
    expect(report.olderVersionLeftActive.length, formatSoakReport(report)).toBeGreaterThan(0);
    expect(report.ok).toBe(false);
  }, 120_000);

  it('counts SiteWise transitions lost when the pollers drop the SiteWise run events but report them sent', async () => {
    // Arrange: only the IoT SiteWise models' run events go missing; L4E's still reach the bus.
    const dropped = (e: AutopilotEvent) =>
      e.detailType === 'Scheduled Retraining State Change' && e.detail.modelArn.includes(':iotsitewise:');
    const options: SoakOptions = {
      ...SHORT,
      days: 45,
      models: 2,
      sitewiseModels: 10,
      pollIntervalMs: 12 * 3_600_000,
      tamper: {
        publisher: (publisher) => ({
          publish: async (events) => {
            const result = await publisher.publish(events.filter((e) => !dropped(e)));
            return {
              ...result,
              published: [...result.published, ...events.filter(dropped).map((e) => e.detail.eventId)],
            };
          },
        }),
      },
    };
    // Act
    const report = await runSoak(options);
    // Assess
    expect(report.sitewise?.lost.length, formatSoakReport(report)).toBeGreaterThan(0);
    expect(report.check.lost, formatSoakReport(report)).toBe(0);
    expect(report.ok).toBe(false);
  }, 300_000);
});
