// `status` across providers: one provider prints its table as before; several print one titled table each.
import { describe, expect, it } from 'vitest';
import { renderProviderSections, renderStatus, toStatusModel } from '../../../cli/commands/status.js';
import type { ModelSummary } from '../../../lib/core/model.js';

const CM = '4b1c7e0e-2f3a-4d5b-8c6d-7e8f9a0b1c2d';

function summary(name: string, provider: ModelSummary['origin']['provider']): ModelSummary {
  return {
    name,
    origin: provider === 'iot-sitewise' ? { provider, computationModelId: name } : { provider },
    arn: `arn:${name}`,
    status: 'SUCCESS',
    createdAt: null,
    activeVersion: 1,
    activeVersionArn: null,
    latestRunVersion: null,
    latestRunStatus: null,
    latestRunStartTime: null,
    nextRetrainingDate: null,
    schedulerStatus: null,
    modelQuality: null,
  };
}

describe('status across providers', () => {
  const l4e = [toStatusModel(summary('pump-01', 'lookout-equipment'), null, null)];
  const sitewise = [toStatusModel(summary(CM, 'iot-sitewise'), null, null)];

  it('prints one provider exactly as the table of its models', () => {
    expect(renderProviderSections([{ provider: 'lookout-equipment', models: l4e }])).toEqual(
      renderStatus(l4e),
    );
  });

  it('titles each provider when several are enabled, and says which provider each model is from', () => {
    const lines = renderProviderSections([
      { provider: 'lookout-equipment', models: l4e },
      { provider: 'iot-sitewise', models: sitewise },
    ]);

    expect(lines).toEqual([
      'Amazon Lookout for Equipment (lookout-equipment)',
      ...renderStatus(l4e),
      '',
      'AWS IoT SiteWise anomaly detection (iot-sitewise)',
      ...renderStatus(sitewise),
    ]);
    expect(sitewise[0]?.provider).toBe('iot-sitewise');
    expect(l4e[0]?.provider).toBe('lookout-equipment');
  });
});
