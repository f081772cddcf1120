import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  readDeciderConfig,
  readReportWidgetConfig,
  readWatcherConfig,
} from '../../lib/config.js';

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

describe('PROVIDERS', () => {
  it('is Amazon Lookout for Equipment alone when unset or blank', () => {
    expect(readWatcherConfig(REQUIRED).providers).toEqual(['lookout-equipment']);
    expect(readWatcherConfig({ ...REQUIRED, PROVIDERS: '  ' }).providers).toEqual(['lookout-equipment']);
  });

  it('reads a comma list, spaces and repeats aside, for every function that needs it', () => {
    const env = {
      ...REQUIRED,
      PARAMETER_PREFIX: '/p',
      PROVIDERS: ' iot-sitewise, lookout-equipment,iot-sitewise',
    };

    expect(readWatcherConfig(env).providers).toEqual(['iot-sitewise', 'lookout-equipment']);
    expect(readDeciderConfig(env).providers).toEqual(['iot-sitewise', 'lookout-equipment']);
    expect(readReportWidgetConfig(env).providers).toEqual(['iot-sitewise', 'lookout-equipment']);
  });

  it('refuses a name it does not know, naming it and the valid ones', () => {
    const read = () => readWatcherConfig({ ...REQUIRED, PROVIDERS: 'lookout-equipment,sitewise' });

    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(
      'environment variable PROVIDERS must be a comma list of lookout-equipment, iot-sitewise; got unknown "sitewise"',
    );
  });

  it('refuses a list of commas alone', () => {
    expect(() => readWatcherConfig({ ...REQUIRED, PROVIDERS: ',' })).toThrow(/PROVIDERS .*got no name/);
  });
});
