// The L4E Developer Guide's table of retraining outcomes ("Retraining your model" → "Understanding
// retraining metrics"), row by row: which models were labeled, what the new version's quality
// assessment is, which metrics the new version shows, and what MANAGED promotion decides.

import { describe, expect, it } from 'vitest';
import { EmulatorRuntime } from '../../../local/emulator/runtime.js';
import type { RunSpec, Scenario } from '../../../local/emulator/scenario.js';

const GUIDE = 'Developer Guide, Retraining your model, Understanding retraining metrics';

interface Row {
  source: string;
  name: string;
  promoteMode: 'MANAGED' | 'MANUAL';
  oldLabeled: boolean;
  run: RunSpec;
  quality: string;
  priorShown: boolean;
  result: 'MODEL_PROMOTED' | 'MODEL_NOT_PROMOTED';
  reason: RegExp;
}

const ROWS: Row[] = [
  {
    source: `${GUIDE}: both models unlabeled, the new model is selected`,
    name: 'old unlabeled, new unlabeled, more unknown events than before',
    promoteMode: 'MANAGED',
    oldLabeled: false,
    run: { labeled: false, metrics: { unknownEvents: 90 } },
    quality: 'CANNOT_DETERMINE_QUALITY',
    priorShown: false,
    result: 'MODEL_PROMOTED',
    reason: /without labels|Neither/,
  },
  {
    source: `${GUIDE}: old unlabeled, new labeled, selected if it meets the quality threshold`,
    name: 'old unlabeled, new labeled, quality threshold met',
    promoteMode: 'MANAGED',
    oldLabeled: false,
    run: { labeled: true, modelQuality: 'QUALITY_THRESHOLD_MET' },
    quality: 'QUALITY_THRESHOLD_MET',
    priorShown: false,
    result: 'MODEL_PROMOTED',
    reason: /meets the quality threshold/,
  },
  {
    source: `${GUIDE}: old unlabeled, new labeled, selected if it meets the quality threshold`,
    name: 'old unlabeled, new labeled, poor quality',
    promoteMode: 'MANAGED',
    oldLabeled: false,
    run: { labeled: true, modelQuality: 'POOR_QUALITY_DETECTED' },
    quality: 'POOR_QUALITY_DETECTED',
    priorShown: false,
    result: 'MODEL_NOT_PROMOTED',
    reason: /does not meet the quality threshold/,
  },
  {
    source: `${GUIDE}: old labeled, metrics compared on the new data; the new model's quality assessment does not affect the comparison`,
    name: 'old labeled, new labeled, poor quality but better on the new data',
    promoteMode: 'MANAGED',
    oldLabeled: true,
    run: {
      modelQuality: 'POOR_QUALITY_DETECTED',
      metrics: { precision: 0.5, recall: 0.5, auc: 0.5 },
      priorMetrics: { precision: 0.3, recall: 0.3, auc: 0.3 },
    },
    quality: 'POOR_QUALITY_DETECTED',
    priorShown: true,
    result: 'MODEL_PROMOTED',
    reason: /scored 0\.500 against 0\.300/,
  },
  {
    source: `${GUIDE}: old labeled, metrics compared on the new data`,
    name: 'old labeled, new labeled, quality met but worse on the new data',
    promoteMode: 'MANAGED',
    oldLabeled: true,
    run: {
      modelQuality: 'QUALITY_THRESHOLD_MET',
      metrics: { precision: 0.7, recall: 0.7, auc: 0.7 },
      priorMetrics: { precision: 0.9, recall: 0.9, auc: 0.9 },
    },
    quality: 'QUALITY_THRESHOLD_MET',
    priorShown: true,
    result: 'MODEL_NOT_PROMOTED',
    reason: /not better than 0\.900/,
  },
  {
    source: `${GUIDE}: old labeled, metrics compared on the new data (no labels in it: unknown events only)`,
    name: 'old labeled, new unlabeled, fewer unknown events',
    promoteMode: 'MANAGED',
    oldLabeled: true,
    run: { labeled: false, metrics: { unknownEvents: 1 }, priorMetrics: { unknownEvents: 9 } },
    quality: 'CANNOT_DETERMINE_QUALITY',
    priorShown: true,
    result: 'MODEL_PROMOTED',
    reason: /scored 0\.500 against 0\.100/,
  },
  {
    source:
      'API reference, DescribeModelVersion AutoPromotionResultReason: MANUAL promote mode is not promoted',
    name: 'MANUAL, old labeled, new labeled and better',
    promoteMode: 'MANUAL',
    oldLabeled: true,
    run: { metrics: { precision: 0.95, recall: 0.95, auc: 0.95 }, priorMetrics: { precision: 0.3 } },
    quality: 'QUALITY_THRESHOLD_MET',
    priorShown: true,
    result: 'MODEL_NOT_PROMOTED',
    reason: /MANUAL promote mode/,
  },
];

function scenarioFor(row: Row): Scenario {
  return {
    startTime: '2025-01-01T00:00:00Z',
    datasets: [{ name: 'd' }],
    models: [
      {
        name: 'm',
        dataset: 'd',
        labeled: row.oldLabeled,
        retrainingScheduler: { frequency: 'P30D', startDate: 'P2D', promoteMode: row.promoteMode },
        runs: [row.run],
      },
    ],
  };
}

describe('MANAGED promotion follows the guide table', () => {
  it.each(ROWS)('$name ($source)', (row) => {
    // Prepare
    const runtime = new EmulatorRuntime({ scenario: scenarioFor(row), warn: () => undefined });

    // Act
    runtime.advance('P5D');
    const version = runtime.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 });
    const model = runtime.call('DescribeModel', { ModelName: 'm' });

    // Assess
    expect(version.Status).toBe('SUCCESS');
    expect(version.ModelQuality).toBe(row.quality);
    expect(typeof version.ModelMetrics).toBe('string');
    expect(version.PriorModelMetrics !== undefined).toBe(row.priorShown);
    expect(version.AutoPromotionResult).toBe(row.result);
    expect(String(version.AutoPromotionResultReason)).toMatch(row.reason);
    expect(model.ActiveModelVersion).toBe(row.result === 'MODEL_PROMOTED' ? 2 : 1);
  });
});
