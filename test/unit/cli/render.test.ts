import { describe, expect, it } from 'vitest';
import { renderDecisions } from '../../../cli/commands/decisions.js';
import { buildEvaluation, renderEvaluation } from '../../../cli/commands/policy-evaluate.js';
import { renderStatus, toStatusModel } from '../../../cli/commands/status.js';
import { renderVersions } from '../../../cli/commands/versions.js';
import type { DecisionJson, VersionsJson } from '../../../cli/shapes.js';
import type { ModelDetail, ModelSummary, VersionDetail } from '../../../lib/core/model.js';
import { parsePolicy } from '../../../lib/core/policy.js';

const summary: ModelSummary = {
  name: 'a-model-name-far-longer-than-any-column-allows',
  origin: { provider: 'lookout-equipment' },
  arn: 'arn:aws:lookoutequipment:us-east-1:123456789012:model/m/1',
  status: 'SUCCESS',
  createdAt: '2025-01-01T00:00:00.000Z',
  activeVersion: 3,
  activeVersionArn: null,
  latestRunVersion: 4,
  latestRunStatus: 'IMPORT_IN_PROGRESS',
  latestRunStartTime: '2025-03-01T00:00:00.000Z',
  nextRetrainingDate: '2025-04-01T00:00:00.000Z',
  schedulerStatus: 'STOPPING',
  modelQuality: 'CANNOT_DETERMINE_QUALITY',
};

const detail: ModelDetail = {
  ...summary,
  activatedAt: '2025-02-01T10:00:00.000Z',
  previousActiveVersion: 2,
  previousActivatedAt: null,
  latestRunFailedReason: null,
  latestRunAvailableDataInDays: null,
};

const version: VersionDetail = {
  modelName: 'm',
  version: 4,
  arn: null,
  status: 'SUCCESS',
  sourceType: 'RETRAINING',
  createdAt: '2025-03-01T00:00:00.000Z',
  updatedAt: null,
  trainingStartTime: null,
  failedReason: null,
  metricsJson: JSON.stringify({ model_version_metrics: { recall: 0.9, precision: 0.7 } }),
  priorMetricsJson: JSON.stringify({ model_version_metrics: { recall: 0.85 } }),
  availableDataInDays: 120,
  autoPromotionResult: 'MODEL_NOT_PROMOTED',
  autoPromotionResultReason: 'MANUAL promote mode',
  modelQuality: 'QUALITY_THRESHOLD_MET',
};

const decision: DecisionJson = {
  decidedAt: '2025-03-02T00:00:00.000Z',
  version: 4,
  outcome: 'REJECTED',
  status: 'COMPLETE',
  reasons: [
    'precision is 0.7; the policy requires at least 0.8, which is a long sentence that must wrap nicely',
  ],
  checks: [],
  policy: { parameterName: '/l4e-autopilot/dev/policies/models/m', version: 7, mode: 'enforce' },
  previousActiveVersion: 3,
  activeVersion: 3,
  triggerEventId: 'e1',
  eventId: 'd1',
};

describe('status view', () => {
  it('maps a model, its activation time and scheduler into the documented shape', () => {
    // Act
    const model = toStatusModel(summary, detail, {
      modelName: 'm',
      status: 'STOPPING',
      promoteMode: 'MANUAL',
      frequency: 'P1M',
      lookbackWindow: 'P360D',
      startDate: '2025-01-01T00:00:00.000Z',
      createdAt: null,
      updatedAt: null,
    });

    // Assess
    expect(model).toMatchObject({
      activeVersion: 3,
      activeSince: '2025-02-01T10:00:00.000Z',
      previousActiveVersion: 2,
      scheduler: { status: 'STOPPING', promoteMode: 'MANUAL', frequency: 'P1M' },
      latestRun: { version: 4, status: 'IMPORT_IN_PROGRESS' },
    });
  });

  it('fits 80 columns even with long names and statuses', () => {
    // Act
    const lines = renderStatus([toStatusModel(summary, detail, null)]);

    // Assess
    expect(lines.every((line) => [...line].length <= 80)).toBe(true);
    expect(lines[2]).toBe('a-model-name-far…  SUCCESS  v3          STOPPING   v4 IMPORT_IN_PRO…  2025-04-01');
    expect(lines[3]).toContain('unknown');
  });
});

describe('versions view', () => {
  it('marks the active version and lists promotion and autopilot reasons under the table', () => {
    // Prepare
    const view: VersionsJson = {
      model: 'm',
      activeVersion: 3,
      decisions: { available: true, reason: null },
      versions: [
        {
          version: 4,
          arn: null,
          sourceType: 'RETRAINING',
          status: 'SUCCESS',
          createdAt: '2025-03-01T00:00:00.000Z',
          active: false,
          modelQuality: null,
          availableDataInDays: 120,
          metrics: { recall: 0.9, precision: null, auc: 0.95 },
          promotion: { result: 'MODEL_NOT_PROMOTED', reason: 'MANUAL promote mode' },
          decision,
        },
      ],
    };

    // Act
    const lines = renderVersions(view, '/l4e-autopilot/dev');

    // Assess
    expect(lines.slice(2, 4)).toEqual([
      'v4       RETRAINING  2025-03-01   0.900      —  0.950  MODEL_NOT_PROMOTED',
      '         SUCCESS                                       REJECTED',
    ]);
    expect(lines).toContain('v4   promotion: MANUAL promote mode');
    expect(lines.join('\n')).toContain(
      'autopilot REJECTED at 2025-03-02T00:00Z under models/m@7: precision is 0.7',
    );
    expect(lines.every((line) => [...line].length <= 80)).toBe(true);
  });
});

describe('decisions view', () => {
  it('puts each decision on one line with its reasons wrapped beneath', () => {
    // Act
    const lines = renderDecisions('m', [decision], '/l4e-autopilot/dev');

    // Assess
    expect(lines).toEqual([
      'DECIDED            VERSION  OUTCOME   POLICY      ACTIVE AFTER',
      '2025-03-02T00:00Z       v4  REJECTED  models/m@7  v3',
      '    - precision is 0.7; the policy requires at least 0.8, which is a long',
      '      sentence that must wrap nicely',
    ]);
  });

  it('says when nothing was recorded', () => {
    // Act / Assess
    expect(renderDecisions('m', [], '/p')).toEqual(['no autopilot decisions recorded for m']);
  });
});

describe('policy evaluation', () => {
  it('evaluates the checks, the eligibility and the verdict from plain facts', () => {
    // Prepare
    const text = JSON.stringify({
      mode: 'enforce',
      rules: [
        { metric: 'recall', min: 0.8, minDeltaVsPrior: 0 },
        { metric: 'availableDataInDays', min: 90 },
      ],
      requireModelQuality: ['QUALITY_THRESHOLD_MET'],
    });
    const loaded = {
      source: 'default' as const,
      name: '/p/policies/default',
      version: 2,
      text,
      parsed: parsePolicy(text),
    };

    // Act
    const view = buildEvaluation({
      model: { ...detail, name: 'm', activeVersion: 3 },
      version,
      promoteMode: 'MANUAL',
      loaded,
      prefix: '/p',
    });

    // Assess
    expect(view.checks.map((c) => [c.metric, c.rule, c.actual, c.passed])).toEqual([
      ['recall', 'min', 0.9, true],
      ['recall', 'minDeltaVsPrior', 0.05, true],
      ['availableDataInDays', 'min', 120, true],
      ['modelQuality', 'modelQuality', 'QUALITY_THRESHOLD_MET', true],
    ]);
    expect(view.eligible).toBe(true);
    expect(view.wouldDecide).toEqual({
      outcome: 'ACTIVATED',
      reasons: ['all 4 checks passed; version 4 would be activated'],
    });
    expect(renderEvaluation(view).every((line) => [...line].length <= 80)).toBe(true);
  });

  it('skips a version of a model in MANAGED mode, as apply-policy would', () => {
    // Act
    const view = buildEvaluation({
      model: { ...detail, name: 'm' },
      version,
      promoteMode: 'MANAGED',
      loaded: null,
      prefix: '/p',
    });

    // Assess
    expect(view.eligible).toBe(false);
    expect(view.wouldDecide).toEqual({
      outcome: 'SKIPPED',
      reasons: ['the retraining scheduler is in MANAGED promote mode, so L4E decides'],
    });
    expect(renderEvaluation(view)).toContain(
      'Eligible: no, the retraining scheduler is in MANAGED promote mode, so L4E decides',
    );
  });

  it('decides as apply-policy would: a superseded version, or one the autopilot activated before, is skipped', () => {
    // Prepare
    const text = JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.8 }] });
    const loaded = {
      source: 'default' as const,
      name: '/p/policies/default',
      version: 1,
      text,
      parsed: parsePolicy(text),
    };
    const base = {
      model: { ...detail, name: 'm', activeVersion: 3 },
      version,
      promoteMode: 'MANUAL',
      loaded,
      prefix: '/p',
    };
    const newer = { version: 5, status: 'SUCCESS', sourceType: 'RETRAINING' };

    // Act
    const superseded = buildEvaluation({ ...base, versions: [newer] });
    const again = buildEvaluation({
      ...base,
      versionActivation: { decisionId: 'd-7', activatedAt: '2025-03-02T00:00:00.000Z' },
    });

    // Assess
    expect(superseded.wouldDecide.outcome).toBe('SKIPPED');
    expect(superseded.ineligibleReason).toMatch(/^version 4 is superseded by v5/);
    expect(superseded.checks.map((c) => c.passed)).toEqual([true]);
    expect(again.wouldDecide.outcome).toBe('SKIPPED');
    expect(again.wouldDecide.reasons[0]).toMatch(/activated by the autopilot before \(decision d-7/);
  });
});
