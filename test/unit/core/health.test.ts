import { describe, expect, it } from 'vitest';
import { cycleSucceeded } from '../../../lib/core/health.js';

describe('cycleSucceeded', () => {
  it.each([
    ['nothing failed', { failed: 0, errors: [] }, true],
    ['an event was left unpublished', { failed: 1, errors: [] }, false],
    ['a model failed', { failed: 0, errors: [{ model: 'pump-a', message: 'boom' }] }, false],
    ['both', { failed: 3, errors: [{ model: 'pump-a', message: 'boom' }] }, false],
  ])('is %s → %s', (_what, outcome, expected) => {
    // Act
    const succeeded = cycleSucceeded(outcome);

    // Assess
    expect(succeeded).toBe(expected);
  });
});
