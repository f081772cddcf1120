import { describe, expect, it } from 'vitest';
import { DETAIL_TYPES, type DeliveredEvent } from '../../lib/core/events.js';
import {
  DEFAULT_ROUTING,
  parseRouting,
  type Routing,
  routeEvent,
  routingSchema,
} from '../../lib/core/routing.js';
import type { Severity } from '../../lib/core/severity.js';

function event(detailType: string, modelName: string | null = 'pump-station-7'): DeliveredEvent {
  return {
    version: '0',
    id: 'e1',
    'detail-type': detailType,
    source: 'l4e.autopilot',
    account: '123456789012',
    time: '2026-04-01T00:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: modelName === null ? { target: '222222222222/eu-west-1' } : { modelName },
  } as unknown as DeliveredEvent;
}

/** An event about a fleet target rather than a model. */
const targetEvent = (detailType: string) => event(detailType, null);

const RUN = 'Scheduled Retraining State Change';
const ACTIVE = 'Active Model Version Change';
const DECISION = 'Model Version Activation Decision';
const UNREACHABLE = 'Fleet Target Unreachable';
const RECOVERED = 'Fleet Target Recovered';

describe('DEFAULT_ROUTING', () => {
  it.each([
    ['info run event', RUN, 'info', { slack: true, teams: true, sns: false, chat: false }],
    ['warning decision', DECISION, 'warning', { slack: true, teams: true, sns: true, chat: false }],
    ['error run event', RUN, 'error', { slack: true, teams: true, sns: true, chat: false }],
    ['info activation', ACTIVE, 'info', { slack: true, teams: true, sns: true, chat: false }],
    ['info decision', DECISION, 'info', { slack: true, teams: true, sns: false, chat: false }],
  ] as Array<[string, string, Severity, Record<string, boolean>]>)(
    'routes an %s',
    (_name, detailType, severity, expected) => {
      // Act
      const route = routeEvent(event(detailType), severity, DEFAULT_ROUTING);

      // Assess
      expect(route).toEqual(expected);
    },
  );

  it.each([
    [
      'an unreachable fleet target',
      UNREACHABLE,
      'error',
      { slack: true, teams: true, sns: true, chat: false },
    ],
    // Whoever was paged that a target is unreachable is told when it is back.
    ['a recovered fleet target', RECOVERED, 'info', { slack: true, teams: true, sns: true, chat: false }],
  ] as Array<[string, string, Severity, Record<string, boolean>]>)(
    'routes %s',
    (_name, detailType, severity, expected) => {
      // Act
      const route = routeEvent(targetEvent(detailType), severity, DEFAULT_ROUTING);

      // Assess
      expect(route).toEqual(expected);
    },
  );

  it('is what an empty document means, and cannot be changed by a caller', () => {
    // Act
    const parsed = routingSchema.parse({});

    // Assess
    expect(parsed).toEqual(DEFAULT_ROUTING);
    expect(Object.isFrozen(DEFAULT_ROUTING.sns.detailTypes)).toBe(true);
    expect(() => (DEFAULT_ROUTING.slack.modelPrefixes as string[]).push('x')).toThrow(TypeError);
  });
});

describe('routeEvent', () => {
  const base: Routing = routingSchema.parse({});

  it.each([
    [
      'a disabled channel',
      { ...base, slack: { ...base.slack, enabled: false } },
      RUN,
      'pump-1',
      'error',
      false,
    ],
    [
      'a detail type not listed',
      { ...base, slack: { ...base.slack, detailTypes: [DECISION] } },
      RUN,
      'pump-1',
      'error',
      false,
    ],
    [
      'a detail type listed',
      { ...base, slack: { ...base.slack, detailTypes: [RUN] } },
      RUN,
      'pump-1',
      'info',
      true,
    ],
    [
      'below minSeverity',
      { ...base, slack: { ...base.slack, minSeverity: 'error' } },
      RUN,
      'pump-1',
      'warning',
      false,
    ],
    [
      'at minSeverity',
      { ...base, slack: { ...base.slack, minSeverity: 'warning' } },
      RUN,
      'pump-1',
      'warning',
      true,
    ],
    [
      'a per-type override above minSeverity',
      { ...base, slack: { ...base.slack, minSeverityByDetailType: { [RUN]: 'error' } } },
      RUN,
      'pump-1',
      'warning',
      false,
    ],
    [
      'a matching model prefix',
      { ...base, slack: { ...base.slack, modelPrefixes: ['turbine-', 'pump-'] } },
      RUN,
      'pump-1',
      'info',
      true,
    ],
    [
      'no matching model prefix',
      { ...base, slack: { ...base.slack, modelPrefixes: ['turbine-'] } },
      RUN,
      'pump-1',
      'error',
      false,
    ],
    ['an unknown detail type', base, 'Model Deleted', 'pump-1', 'error', false],
  ] as Array<[string, Routing, string, string, Severity, boolean]>)(
    'decides Slack for %s',
    (...[, routing, detailType, model, severity, expected]) => {
      // Act
      const route = routeEvent(event(detailType, model), severity, routing);

      // Assess
      expect(route.slack).toBe(expected);
    },
  );
});

describe('routeEvent for a fleet target', () => {
  it("sends it to a channel narrowed to some models: the target's outage stops every model in it", () => {
    // Prepare
    const routing = routingSchema.parse({ slack: { modelPrefixes: ['turbine-'] } });

    // Act
    const route = routeEvent(targetEvent(UNREACHABLE), 'error', routing);

    // Assess
    expect(route.slack).toBe(true);
  });

  it('keeps it from a channel that does not list its detail type', () => {
    // Prepare
    const routing = routingSchema.parse({ sns: { detailTypes: [RUN, DECISION] } });

    // Act
    const route = routeEvent(targetEvent(UNREACHABLE), 'error', routing);

    // Assess
    expect(route.sns).toBe(false);
  });
});

describe('parseRouting', () => {
  it('uses the default without complaint when the document is absent', () => {
    // Act
    const result = parseRouting(undefined);

    // Assess
    expect(result).toEqual({ routing: DEFAULT_ROUTING, problems: [], usedDefault: true });
  });

  it('fills keys a document leaves out from that channel’s own defaults', () => {
    // Prepare
    const json = JSON.stringify({ sns: { modelPrefixes: ['pump-'] }, slack: { minSeverity: 'warning' } });

    // Act
    const result = parseRouting(json);

    // Assess
    expect(result.usedDefault).toBe(false);
    expect(result.problems).toEqual([]);
    expect(result.routing.sns).toEqual({ ...DEFAULT_ROUTING.sns, modelPrefixes: ['pump-'] });
    expect(result.routing.slack).toEqual({ ...DEFAULT_ROUTING.slack, minSeverity: 'warning' });
  });

  it('accepts a complete document as written', () => {
    // Prepare
    const doc = {
      slack: { enabled: true, minSeverity: 'info', detailTypes: [...DETAIL_TYPES], modelPrefixes: [] },
      sns: {
        enabled: false,
        minSeverity: 'error',
        minSeverityByDetailType: { [DECISION]: 'warning' },
        detailTypes: [DECISION, RUN],
        modelPrefixes: ['turbine-'],
      },
    };

    // Act
    const result = parseRouting(JSON.stringify(doc));

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.routing.sns).toEqual(doc.sns);
  });

  it.each([
    ['empty text', '   ', ['document: is empty']],
    ['not JSON', '{"slack": ', [expect.stringMatching(/^document: not valid JSON \(.+\)$/)]],
    ['an array', '[]', ['document: must be an object (got [])']],
    ['null', 'null', ['document: must be an object (got null)']],
    ['a misspelt channel', '{"slak": {}}', ['slak: unknown key (did you mean "slack"?)']],
    [
      'a misspelt setting',
      '{"slack": {"minSeverty": "info"}}',
      ['slack.minSeverty: unknown key (did you mean "minSeverity"?)'],
    ],
    [
      'an unrelated key',
      '{"sns": {"topicArn": "arn:aws:sns:eu-west-1:1:x"}}',
      [
        'sns.topicArn: unknown key (allowed: enabled, minSeverity, minSeverityByDetailType, detailTypes, modelPrefixes)',
      ],
    ],
    [
      'an unknown severity',
      '{"sns": {"minSeverity": "warn"}}',
      ['sns.minSeverity: must be one of "info", "warning", "error" (got "warn")'],
    ],
    ['a wrong type', '{"slack": {"enabled": "yes"}}', ['slack.enabled: must be a boolean (got "yes")']],
    [
      'an unknown detail type',
      '{"slack": {"detailTypes": ["Scheduled Retraining State Change", "Model Deleted"]}}',
      [
        expect.stringMatching(
          /^slack\.detailTypes\[1\]: must be one of "Retraining Scheduler State Change", .+ \(got "Model Deleted"\)$/,
        ),
      ],
    ],
    [
      'an empty detail type list',
      '{"slack": {"detailTypes": []}}',
      [
        'slack.detailTypes: must list at least one detail type (use "enabled": false to turn the channel off)',
      ],
    ],
    [
      'an empty prefix',
      '{"slack": {"modelPrefixes": [""]}}',
      ['slack.modelPrefixes[0]: must not be an empty string'],
    ],
    [
      'a misspelt detail type override',
      '{"sns": {"minSeverityByDetailType": {"Active Model Version Chnage": "info"}}}',
      [
        'sns.minSeverityByDetailType["Active Model Version Chnage"]: unknown key (did you mean "Active Model Version Change"?)',
      ],
    ],
  ])('falls back to the default and names the key for %s', (_name, json, problems) => {
    // Act
    const result = parseRouting(json);

    // Assess
    expect(result.usedDefault).toBe(true);
    expect(result.routing).toBe(DEFAULT_ROUTING);
    expect(result.problems).toEqual(problems);
  });

  it('routes Teams and the chat topic on their own settings, independent of Slack and SNS', () => {
    // Prepare
    const json = JSON.stringify({
      teams: { minSeverity: 'error', detailTypes: [RUN] },
      chat: { enabled: true, minSeverity: 'warning', modelPrefixes: ['pump-'] },
    });

    // Act
    const { routing, problems } = parseRouting(json);
    const errorRun = routeEvent(event(RUN, 'pump-1'), 'error', routing);
    const warningDecision = routeEvent(event(DECISION, 'pump-1'), 'warning', routing);
    const otherModel = routeEvent(event(DECISION, 'fan-1'), 'warning', routing);

    // Assess
    expect(problems).toEqual([]);
    expect(errorRun).toEqual({ slack: true, teams: true, sns: true, chat: true });
    expect(warningDecision).toEqual({ slack: true, teams: false, sns: true, chat: true });
    expect(otherModel).toEqual({ slack: true, teams: false, sns: true, chat: false });
  });

  it('keeps the Amazon Q Developer topic off until the document turns it on', () => {
    // Act
    const off = routeEvent(event(RUN), 'error', DEFAULT_ROUTING);
    const on = routeEvent(event(RUN), 'info', parseRouting('{"chat": {"enabled": true}}').routing);

    // Assess
    expect(off.chat).toBe(false);
    expect(on.chat).toBe(true);
  });

  it('names a misspelt new channel and falls back to the default', () => {
    // Act
    const result = parseRouting('{"team": {"enabled": false}, "chat": {"minSeverity": "loud"}}');

    // Assess
    expect(result.usedDefault).toBe(true);
    expect(result.routing).toBe(DEFAULT_ROUTING);
    expect([...result.problems].sort()).toEqual([
      'chat.minSeverity: must be one of "info", "warning", "error" (got "loud")',
      'team: unknown key (did you mean "teams"?)',
    ]);
  });

  it('reports every problem at once', () => {
    // Prepare
    const json = '{"slack": {"enabled": 1, "minSeverity": "loud"}, "sns": {"modelPrefix": []}}';

    // Act
    const result = parseRouting(json);

    // Assess
    expect(result.problems).toHaveLength(3);
    expect(result.problems.map((p) => p.split(':')[0])).toEqual([
      'slack.enabled',
      'slack.minSeverity',
      'sns.modelPrefix',
    ]);
  });
});
