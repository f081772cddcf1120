// Cases the properties in this folder found, kept as plain examples.
import { describe, expect, it } from 'vitest';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import { renderSlackMessage } from '../../../lib/core/messages/slack.js';
import { slackMessageLimits } from '../../../lib/core/messages/slack-blocks.js';
import { renderSnsMessage } from '../../../lib/core/messages/sns.js';
import { parseModelMetrics } from '../../../lib/core/metrics.js';
import { evaluatePolicy, parsePolicy } from '../../../lib/core/policy.js';
import { DEFAULT_ROUTING, parseRouting } from '../../../lib/core/routing.js';
import { loadFixture } from '../messages/fixtures.js';

const deepList = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('parseModelMetrics', () => {
  it('reports a metric holding deeply nested lists instead of exhausting the stack', () => {
    // Prepare
    const json = `{"model_version_metrics":{"recall":${deepList(20_000)},"precision":0.7}}`;
    // Act
    const parsed = parseModelMetrics(json);
    // Assess
    expect(parsed).toEqual({
      metrics: { precision: 0.7 },
      problems: ['recall: not a finite number (a list)'],
      malformed: ['recall'],
    });
  });

  it('does not count predicted ranges that are not ranges', () => {
    // Prepare
    const json = JSON.stringify({
      predicted_ranges: [{ start: '2026-01-01T00:00:00.000000', end: '2026-01-01T02:00:00.000000' }, 0],
    });
    // Act
    const parsed = parseModelMetrics(json);
    // Assess
    expect(parsed).toEqual({
      metrics: {},
      problems: ['predictedEvents: predicted_ranges[1] is not a range with a start and an end (0)'],
      malformed: ['predictedEvents'],
    });
  });
});

describe('parsePolicy', () => {
  it('rejects a rule whose metric is deeply nested lists instead of exhausting the stack', () => {
    // Prepare
    const text = `{"mode":"enforce","rules":[{"metric":${deepList(20_000)},"min":0.8}]}`;
    // Act
    const result = parsePolicy(text);
    // Assess
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(/^rules\[0\]\.metric: unknown metric a list; expected one of precision, /),
      ],
    });
  });
});

describe('evaluatePolicy', () => {
  it('reports a change vs prior too large to round as the number it is, not as infinity', () => {
    // Act
    const { checks, passed } = evaluatePolicy({
      policy: {
        mode: 'enforce',
        rules: [{ metric: 'unknownEvents', maxDeltaVsPrior: 0 }],
        onMissingMetric: 'reject',
      },
      metrics: { unknownEvents: 0 },
      priorMetrics: { unknownEvents: 1e303 },
      modelQuality: null,
    });
    // Assess
    expect(checks[0]?.actual).toBe(-1e303);
    expect(passed).toBe(true);
  });
});

describe('parseRouting', () => {
  it('reports a setting holding deeply nested lists and keeps the default routing instead of exhausting the stack', () => {
    // Act
    const parsed = parseRouting(`{"slack":{"enabled":${deepList(20_000)}}}`);
    // Assess
    expect(parsed).toEqual({
      routing: DEFAULT_ROUTING,
      problems: ['slack.enabled: must be a boolean (got a list)'],
      usedDefault: true,
    });
  });
});

describe('renderSlackMessage and renderSnsMessage', () => {
  it('show a status named like an inherited property (toString) as a status new to the product', () => {
    // Prepare
    const event = loadFixture('run-success');
    Object.assign(event.detail, { status: 'toString' });
    // Act
    const slack = renderSlackMessage(buildAlertContent(event, 'info'));
    const sns = renderSnsMessage(buildAlertContent(event, 'info'));
    // Assess
    expect(slack.blocks[0]).toMatchObject({ text: { text: expect.stringContaining('Retraining toString') } });
    expect(sns.subject).toBe('[INFO] Retraining toString: pump-station-7 v13');
  });

  it('render a check whose rule is named like an inherited property', () => {
    // Prepare
    const event = loadFixture('decision-rejected');
    const checks = (event.detail as unknown as { checks: Record<string, unknown>[] }).checks;
    Object.assign(checks[0] ?? {}, { rule: 'constructor' });
    // Act
    const slack = renderSlackMessage(buildAlertContent(event, 'warning'));
    const sns = renderSnsMessage(buildAlertContent(event, 'warning'));
    // Assess
    expect(slackMessageLimits(slack)).toEqual([]);
    expect(sns.body).toMatch(/recall\s+constructor\s+0\.8\s+0\.75\s+✗/);
  });
});
