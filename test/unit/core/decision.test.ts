import { describe, expect, it } from 'vitest';
import { manualChoiceSentence, supersedingVersion } from '../../../lib/core/decision.js';
import { activationOutcome } from '../../../lib/core/settle.js';

describe('supersedingVersion', () => {
  const run = (version: number, status = 'SUCCESS', sourceType: string | null = 'RETRAINING') => ({
    version,
    status,
    sourceType,
  });

  it('names the newest successful retraining run newer than the version', () => {
    expect(supersedingVersion(2, [run(1), run(2), run(3), run(4)])).toBe(4);
  });

  it('ignores failed, running and imported versions, and older ones', () => {
    expect(
      supersedingVersion(2, [
        run(1),
        run(2),
        run(3, 'FAILED'),
        run(4, 'IN_PROGRESS'),
        run(5, 'SUCCESS', 'IMPORT'),
      ]),
    ).toBeNull();
  });
});

describe('activationOutcome', () => {
  const decidedAt = '2026-02-01T00:00:00.000Z';
  const model = (activeVersion: number, previousActiveVersion: number | null, activatedAt: string) => ({
    activeVersion,
    previousActiveVersion,
    activatedAt,
  });

  it('landed when the version is active', () => {
    expect(activationOutcome(2, decidedAt, model(2, 1, '2026-02-01T00:00:01.000Z'))).toBe('landed');
  });

  it('landed and replaced when it was made active after the decision and someone switched since', () => {
    expect(activationOutcome(2, decidedAt, model(1, 2, '2026-02-01T00:05:00.000Z'))).toBe(
      'landed-then-replaced',
    );
  });

  it('not landed when the version was last active before the decision, or never', () => {
    expect(activationOutcome(2, decidedAt, model(1, 2, '2026-01-31T00:00:00.000Z'))).toBe('not-landed');
    expect(activationOutcome(2, decidedAt, model(1, null, '2026-01-01T00:00:00.000Z'))).toBe('not-landed');
    expect(activationOutcome(2, decidedAt, null)).toBe('not-landed');
  });
});

describe('manualChoiceSentence', () => {
  const ready = { createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T01:00:00.000Z' };
  const model = { activeVersion: 2, activatedAt: '2026-02-01T03:00:00.000Z' };

  it('a version made active by hand after the candidate was ready stands', () => {
    expect(manualChoiceSentence(3, ready, model, null)).toMatch(/^v2 was made active by hand at /);
  });

  it('an activation the autopilot confirmed is not a manual choice', () => {
    expect(manualChoiceSentence(3, ready, model, { activatedAt: '2026-02-01T03:00:01.000Z' })).toBeNull();
  });

  it('a version the autopilot activated once and someone made active again later is a manual choice', () => {
    expect(manualChoiceSentence(3, ready, model, { activatedAt: '2026-02-01T02:00:00.000Z' })).toMatch(
      /^v2 was made active by hand at 2026-02-01T03:00:00.000Z/,
    );
  });

  it('a choice made before the candidate was ready does not hold it back', () => {
    expect(
      manualChoiceSentence(3, ready, { ...model, activatedAt: '2026-02-01T00:30:00.000Z' }, null),
    ).toBeNull();
  });
});
