import { describe, expect, it } from 'vitest';
import {
  fitLine,
  formatEventLine,
  formatSummary,
  reportsEvent,
  type SummaryInput,
  visibleWidth,
  wrapLine,
} from '../../../local/feed.js';

const colour = { color: true };
const strip = (text: string) => text.replace(new RegExp(`${'\u001b'}\\[[0-9;]*m`, 'g'), '');
const plain = { color: false };

const summary: SummaryInput = {
  scenario: 'demo',
  days: 180,
  polls: 4321,
  seconds: 12.3,
  rows: [
    {
      model: 'conveyor-f-unlabeled',
      promoteMode: 'MANUAL',
      runs: { success: 6, failed: 0, canceled: 0 },
      promoted: 0,
      decisions: { REJECTED: 6, SKIPPED: 1, DRY_RUN: 2 },
      activeVersion: 'v1',
    },
  ],
  eventsByType: { 'Scheduled Retraining State Change': 62, 'Model Version Activation Decision': 28 },
  slackMessages: 134,
  teamsMessages: 134,
  snsMessages: 29,
  deadLetters: 0,
  check: {
    runs: { published: 31, expected: 31, missing: [] },
    promotions: { published: 31, expected: 31, missing: [] },
    activations: { published: 9, expected: 9, missing: [] },
    schedulers: { published: 2, expected: 2, missing: [] },
    lost: 0,
    duplicates: [],
  },
};

describe('the npm start feed', () => {
  it.each([40, 60, 80, 120])('keeps every line of the summary within %i columns, words whole', (width) => {
    // Act
    const text = formatSummary(colour, summary, width);

    // Assess
    for (const line of text.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
    expect(strip(text)).toMatch(/duplicated ids/);
  });

  it('wraps a long event line at spaces, continuation lines indented, colour codes not counted', () => {
    // Act
    const text = formatEventLine(
      colour,
      'Scheduled Retraining State Change',
      {
        modelName: 'fan-d-failures',
        observedAt: '2025-02-06T01:00:00Z',
        modelVersion: 3,
        previousStatus: 'IN_PROGRESS',
        status: 'FAILED',
        failedReason: 'Sensor Sensor4 has more than 50% missing values in the lookback window.',
      },
      { nameWidth: 20, width: 60 },
    );

    // Assess
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(60);
    expect(lines[1]?.startsWith('    ')).toBe(true);
    expect(strip(text).replace(/\n\s+/g, ' ')).toContain(
      'FAILED: Sensor Sensor4 has more than 50% missing values in the lookback window.',
    );
  });

  it('says why a decision was skipped, where the checks were never run', () => {
    // Act
    const line = formatEventLine(
      plain,
      'Model Version Activation Decision',
      {
        modelName: 'compressor-c-managed',
        observedAt: '2025-01-09T02:00:00Z',
        modelVersion: 2,
        outcome: 'SKIPPED',
        checks: [],
        reasons: ['the retraining scheduler is in MANAGED promote mode, so L4E decides'],
      },
      { nameWidth: 20, width: 200 },
    );

    // Assess
    expect(line).toBe(
      '2025-01-09 02:00 compressor-c-managed decision v2 SKIPPED: the retraining scheduler is in MANAGED promote mode, so L4E decides',
    );
  });

  it.each([
    [
      'Fleet Target Unreachable',
      { consecutiveFailures: 3, lastError: 'AccessDenied: not authorized to perform: sts:AssumeRole' },
      '2026-04-01 06:30 222222222222/eu-west-1 target UNREACHABLE for 3 cycles: AccessDenied: not authorized to perform: sts:AssumeRole',
    ],
    [
      'Fleet Target Recovered',
      { consecutiveFailures: 6, unreachableForMinutes: 90 },
      '2026-04-01 06:30 222222222222/eu-west-1 target REACHABLE again after 90 min (6 failed cycles)',
    ],
  ])('names the target of a %s, where a model event names its model', (detailType, detail, expected) => {
    // Act
    const line = formatEventLine(
      plain,
      detailType,
      { target: '222222222222/eu-west-1', observedAt: '2026-04-01T06:30:00Z', ...detail },
      { nameWidth: 20, width: 200 },
    );

    // Assess
    expect(line).toBe(expected);
  });

  it('cuts a line with "…" and keeps short lines as they are', () => {
    expect(fitLine('abcdefghij', 5)).toBe('abcd…');
    expect(fitLine('abc', 5)).toBe('abc');
    expect(wrapLine('abc def', 80)).toBe('abc def');
  });

  it('matches an alert to the event it reports, not to the decision that names it as its trigger', () => {
    // Prepare
    const run = 'evt-run-1';
    const decisionAlert = 'Event evt-decision-9 · observed … · trigger evt-run-1';
    const slackDecision = '{"text":"Event `evt-decision-9` · Trigger `evt-run-1`"}';

    // Act / Assess
    expect(reportsEvent(decisionAlert, run)).toBe(false);
    expect(reportsEvent(slackDecision, run)).toBe(false);
    expect(reportsEvent(decisionAlert, 'evt-decision-9')).toBe(true);
    expect(reportsEvent('Event evt-run-1 · observed …', run)).toBe(true);
  });
});
