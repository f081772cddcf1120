import { describe, expect, it } from 'vitest';
import { ConfigurationError, readWatcherConfig } from '../../lib/config.js';

const REQUIRED = { EVENT_BUS_NAME: 'bus', STATE_TABLE_NAME: 'table' };

describe('readWatcherConfig', () => {
  it('waits 24 hours for a promotion result unless PROMOTION_RESULT_WAIT_HOURS says otherwise', () => {
    expect(readWatcherConfig(REQUIRED).promotionResultWaitHours).toBe(24);
    expect(
      readWatcherConfig({ ...REQUIRED, PROMOTION_RESULT_WAIT_HOURS: '6' }).promotionResultWaitHours,
    ).toBe(6);
  });

  it('names PROMOTION_RESULT_WAIT_HOURS when it is not a number', () => {
    expect(() => readWatcherConfig({ ...REQUIRED, PROMOTION_RESULT_WAIT_HOURS: 'a day' })).toThrow(
      ConfigurationError,
    );
    expect(() => readWatcherConfig({ ...REQUIRED, PROMOTION_RESULT_WAIT_HOURS: 'a day' })).toThrow(
      /PROMOTION_RESULT_WAIT_HOURS/,
    );
  });
});
