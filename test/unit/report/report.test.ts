import { describe, expect, it } from 'vitest';
import type { ModelDetail, ModelSummary } from '../../../lib/core/model.js';
import { activationSpans } from '../../../lib/report/activations.js';
import { DEFAULT_MAX_DETAILS, gatherReport, ModelsNotFoundError } from '../../../lib/report/gather.js';
import { healthOf, trendMetricOf, trendOf } from '../../../lib/report/health.js';
import { renderReportHtml } from '../../../lib/report/html.js';
import type { DecisionView, VersionPoint } from '../../../lib/report/model.js';
import { renderWidget, WIDGET_DOCUMENTATION } from '../../../lib/report/widget.js';
import { SYNTHETIC_NOW, syntheticFleet } from './synthetic-fleet.js';

function point(version: number, day: number, extra: Partial<VersionPoint> = {}): VersionPoint {
  const at = new Date(Date.UTC(2025, 0, day)).toISOString();
  return {
    version,
    createdAt: at,
    endedAt: at,
    status: 'SUCCESS',
    sourceType: version === 1 ? 'MODEL_TRAINING' : 'RETRAINING',
    failedReason: null,
    modelQuality: null,
    metrics: {},
    promotionResult: null,
    promotionReason: null,
    decision: null,
    ...extra,
  };
}

const summary: ModelSummary = {
  name: 'pump',
  origin: { provider: 'lookout-equipment' },
  arn: 'arn:aws:lookoutequipment:us-east-1:1:model/pump/x',
  status: 'SUCCESS',
  createdAt: null,
  activeVersion: 2,
  activeVersionArn: null,
  latestRunVersion: 4,
  latestRunStatus: 'SUCCESS',
  latestRunStartTime: null,
  nextRetrainingDate: null,
  schedulerStatus: 'RUNNING',
  modelQuality: null,
};

describe('activationSpans', () => {
  it('names who activated each version: training, the autopilot policy, managed promotion and a person', () => {
    // Prepare
    const versions = [
      point(1, 1),
      point(2, 10),
      point(3, 20, { promotionResult: 'MODEL_PROMOTED' }),
      point(4, 30),
    ];
    const decisions: DecisionView[] = [
      {
        version: 2,
        decidedAt: '2025-01-10T05:00:00.000Z',
        outcome: 'ACTIVATED',
        reasons: [],
        checks: [
          { metric: 'recall', rule: 'min', threshold: 0.8, actual: 0.9, passed: true },
          { metric: 'precision', rule: 'min', threshold: 0.6, actual: 0.7, passed: true },
        ],
        policyLabel: 'default@3',
      },
    ];
    // A person went back to v2 after L4E promoted v3.
    const detail: ModelDetail = {
      ...summary,
      activatedAt: '2025-01-25T00:00:00.000Z',
      previousActiveVersion: 3,
      previousActivatedAt: '2025-01-20T00:00:00.000Z',
      latestRunFailedReason: null,
      latestRunAvailableDataInDays: null,
    };

    // Act
    const spans = activationSpans(detail, versions, decisions);

    // Assess
    expect(spans.map((s) => [s.version, s.cause, s.to === null])).toEqual([
      [1, 'TRAINING', false],
      [2, 'AUTOPILOT_POLICY', false],
      [3, 'MANAGED_PROMOTION', false],
      [2, 'EXTERNAL', true],
    ]);
    expect(spans[1]?.by).toBe('autopilot policy default@3 (2 of 2 checks passed)');
    expect(spans[3]?.by).toMatch(/person/);
    expect(spans[2]?.to).toBe(spans[3]?.from);
  });

  it('does not count an activation twice when the model records the one autopilot made', () => {
    // Prepare
    const versions = [point(1, 1), point(2, 10)];
    const decisions: DecisionView[] = [
      {
        version: 2,
        decidedAt: '2025-01-10T05:00:20.000Z',
        outcome: 'ACTIVATED',
        reasons: [],
        checks: [],
        policyLabel: 'x',
      },
    ];
    // L4E's clock put the activation a few seconds before the decision's own timestamp.
    const detail: ModelDetail = {
      ...summary,
      activatedAt: '2025-01-10T05:00:05.000Z',
      previousActiveVersion: 1,
      previousActivatedAt: '2025-01-01T00:00:00.000Z',
      latestRunFailedReason: null,
      latestRunAvailableDataInDays: null,
    };

    // Act
    const spans = activationSpans(detail, versions, decisions);

    // Assess
    expect(spans.map((s) => `${s.version}:${s.cause}`)).toEqual(['1:TRAINING', '2:AUTOPILOT_POLICY']);
  });
});

describe('trend and health', () => {
  it('reads the trend on a metric the policy wants high, never on one it wants low', () => {
    // Act
    const metric = trendMetricOf(
      [
        { metric: 'unknownEvents', min: null, max: 20 },
        { metric: 'precision', min: 0.6, max: null },
      ],
      ['unknownEvents', 'precision', 'recall'],
    );

    // Assess
    expect(metric).toBe('precision');
  });

  it('skips failed versions and calls a small change flat', () => {
    // Prepare
    const versions = [
      point(1, 1, { metrics: { recall: 0.8 } }),
      point(2, 2, { metrics: { recall: 0.9 } }),
      point(3, 3, { status: 'FAILED' }),
      point(4, 4, { metrics: { recall: 0.902 } }),
    ];

    // Act
    const trend = trendOf('recall', versions);

    // Assess
    expect(trend).toEqual({ metric: 'recall', direction: 'flat', from: 0.9, to: 0.902 });
  });

  it.each([
    [{ latestRunStatus: 'FAILED' }, {}, 'failing'],
    [{}, { lastDecision: 'FAILED' }, 'failing'],
    [{ schedulerStatus: 'STOPPED' }, {}, 'attention'],
    [{ latestRunStatus: 'CANCELED' }, {}, 'attention'],
    [{}, { trend: 'down' as const }, 'attention'],
    [{ schedulerStatus: null }, {}, 'idle'],
    [{}, {}, 'ok'],
  ])('%j %j is %s', (patch, extra, expected) => {
    // Act
    const { health, reason } = healthOf({ ...summary, ...patch }, extra);

    // Assess
    expect(health).toBe(expected);
    expect(reason.length).toBeGreaterThan(0);
  });
});

describe('gatherReport and renderReportHtml over 1,500 models', () => {
  it('details the models that most need a look, lists every model, and stays quick and bounded', async () => {
    // Prepare
    const fleet = syntheticFleet(1500);
    const began = performance.now();

    // Act
    const data = await gatherReport(fleet, { now: SYNTHETIC_NOW, source: 'synthetic' });
    const html = renderReportHtml(data);
    const ms = performance.now() - began;

    // Assess
    expect(data.modelCount).toBe(1500);
    expect(data.models).toHaveLength(1500);
    expect(data.models.filter((m) => m.details !== null)).toHaveLength(DEFAULT_MAX_DETAILS);
    // Worst first: every detailed model is at least as unhealthy as every model left out.
    const order = ['failing', 'attention', 'ok', 'idle'];
    const worstOmitted = Math.min(
      ...data.models.filter((m) => !m.details).map((m) => order.indexOf(m.health)),
    );
    expect(
      Math.max(...data.models.filter((m) => m.details).map((m) => order.indexOf(m.health))),
    ).toBeLessThanOrEqual(worstOmitted);
    expect(data.notes.join(' ')).toMatch(/50 models that most need a look, of 1500/);
    // One ListModels call per 500 models, then only the detailed models are described.
    expect(fleet.calls()).toBeLessThanOrEqual(3 + DEFAULT_MAX_DETAILS * (3 + 12));
    expect(html.match(/<section class="page"/g)).toHaveLength(15);
    expect(html.match(/<tr data-model=/g)).toHaveLength(1500);
    expect(html.length).toBeLessThan(5_000_000);
    expect(ms).toBeLessThan(5_000);
  });

  it('is self-contained: no network reference, scripts and styles inline, A4 print rules', async () => {
    // Act
    const html = renderReportHtml(
      await gatherReport(syntheticFleet(120), { now: SYNTHETIC_NOW, source: 's' }),
    );

    // Assess
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|<link\b|<img\b|<iframe\b/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('@page{size:A4');
  });

  it('escapes model names and failure reasons, and labels health with shape and word', async () => {
    // Act
    const data = await gatherReport(syntheticFleet(100), {
      now: SYNTHETIC_NOW,
      source: 's',
      maxDetails: 100,
    });
    const html = renderReportHtml(data);

    // Assess
    expect(html).not.toContain('model-0097-<b>');
    expect(html).toContain('model-0097-&lt;b&gt;&amp;&quot;quoted&quot;');
    expect(html).not.toContain('<in the lookback window>');
    expect(html).toMatch(/■<\/span> failing/);
    expect(html).toMatch(/▲<\/span> attention/);
    expect(html).toMatch(/●<\/span> ok/);
    // Every chart has a text alternative.
    const charts = html.match(/<svg class="chart[^"]*"[^>]*>/g) ?? [];
    expect(charts.length).toBeGreaterThan(100);
    for (const chart of charts) expect(chart).toMatch(/role="img" aria-labelledby="[^"]+-t [^"]+-d"/);
  });

  it('names missing models, and notes a decision log it cannot read instead of failing', async () => {
    // Prepare
    const fleet = syntheticFleet(5);
    const broken = {
      ...fleet,
      decisions: {
        listDecisions: async () => {
          throw new Error('AccessDenied');
        },
      },
    };

    // Act
    const missing = await gatherReport(fleet, {
      now: SYNTHETIC_NOW,
      source: 's',
      names: ['nope', 'model-0001'],
    }).catch((e: unknown) => e);
    const data = await gatherReport(broken, { now: SYNTHETIC_NOW, source: 's', names: ['model-0002'] });

    // Assess
    expect(missing).toBeInstanceOf(ModelsNotFoundError);
    expect((missing as ModelsNotFoundError).missing).toEqual(['nope']);
    expect(data.models).toHaveLength(1);
    expect(data.models[0]?.details?.notes.join(' ')).toMatch(/could not be read \(Error: AccessDenied\)/);
  });
});

describe('renderWidget (CloudWatch custom widget)', () => {
  const widgetContext = {
    dashboardName: 'l4e-autopilot-dev-us-east-1',
    widgetId: 'widget-7',
    accountId: '123456789012',
    locale: 'en',
    timezone: { label: 'UTC', offsetISO: '+00:00', offsetInMinutes: 0 },
    period: 300,
    isAutoPeriod: true,
    timeRange: { mode: 'relative', start: 1, end: 2, relativeStart: 1 },
    theme: 'light',
    linkCharts: true,
    title: 'Retraining fleet',
    forms: { all: {} },
    params: { page: 2 },
    width: 1200,
    height: 400,
  };
  const context = { now: SYNTHETIC_NOW, source: 'us-east-1' };

  it('answers a dashboard request with one page of the fleet, as an HTML fragment', async () => {
    // Prepare
    const fleet = syntheticFleet(60);

    // Act
    const html = await renderWidget(fleet, { page: 2, widgetContext }, context);

    // Assess
    expect(html.match(/<tr data-model=/g)).toHaveLength(25);
    expect(html).toContain('Page 2 of 3');
    expect(html).not.toMatch(/<html|<script/);
    // The fleet page reads summaries only: one ListModels call, nothing described.
    expect(fleet.calls()).toBe(1);
  });

  it("shows one model's timeline and charts when the widget names it", async () => {
    // Act
    const html = await renderWidget(syntheticFleet(3), { model: 'model-0002', widgetContext }, context);

    // Assess
    expect(html).toContain('<svg class="chart timeline"');
    expect(html).toContain('<svg class="chart metric"');
    expect(html).toContain('model-0002');
  });

  it('answers the console with its documentation, and explains bad parameters and unknown models', async () => {
    // Act
    const docs = await renderWidget(syntheticFleet(1), { describe: true, widgetContext }, context);
    const bad = await renderWidget(syntheticFleet(1), { pageSize: 100000, widgetContext }, context);
    const unknown = await renderWidget(syntheticFleet(1), { model: 'ghost<script>', widgetContext }, context);
    const fractional = await renderWidget(
      syntheticFleet(1),
      { page: '1.5', model: '', widgetContext },
      context,
    );

    // Assess
    expect(JSON.parse(docs)).toEqual({ markdown: WIDGET_DOCUMENTATION });
    expect(bad).toMatch(/parameters are not valid: pageSize: expected at most 200\./);
    expect(fractional).toContain(
      'parameters are not valid: model: expected a model name; page: expected a whole number.',
    );
    expect(unknown).toContain('Model ghost&lt;script&gt; was not found');
  });
});
