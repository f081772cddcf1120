// The rules of serverless.yml against the sample events: notify receives every detail type of the
// contract, a fleet target's alarm and recovery included; apply-policy acts on no fleet target event.
import { describe, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../../lib/core/events.js';
import { matchesEventPattern } from '../../../local/aws/event-pattern.js';
import { loadServerlessConfigWithScripts } from '../../../local/aws/serverless-config.js';
import { loadFixtures } from '../messages/fixtures.js';

const config = await loadServerlessConfigWithScripts('serverless.yml', 'local');
const rules = config.eventBridgeRules();

function patternOf(functionName: string) {
  const rule = rules.find((r) => r.functionName === functionName);
  if (rule === undefined) throw new Error(`serverless.yml has no rule for ${functionName}`);
  return rule.pattern;
}

describe("notify's rule", () => {
  it.each(loadFixtures().map((f) => [f.name, f.event] as const))('delivers sample %s', (_name, event) => {
    expect(matchesEventPattern(patternOf('notify'), event)).toBe(true);
  });

  it('is tried on a sample of every detail type', () => {
    // Act
    const types = new Set(loadFixtures().map((f) => f.event['detail-type']));

    // Assess
    expect([...types].sort()).toEqual([...DETAIL_TYPES].sort());
    expect(types).toContain('Fleet Target Unreachable');
    expect(types).toContain('Fleet Target Recovered');
  });

  it('does not deliver a replayed alarm again', () => {
    // Prepare
    const event = loadFixtures().find((f) => f.name === 'fleet-target-unreachable')?.event;

    // Act
    const matched = matchesEventPattern(patternOf('notify'), { ...event, 'replay-name': 'nightly' });

    // Assess
    expect(matched).toBe(false);
  });
});

describe("apply-policy's rule", () => {
  it.each(
    loadFixtures()
      .filter((f) => f.event['detail-type'].startsWith('Fleet Target'))
      .map((f) => [f.name, f.event] as const),
  )('ignores sample %s', (_name, event) => {
    expect(matchesEventPattern(patternOf('applyPolicy'), event)).toBe(false);
  });
});
