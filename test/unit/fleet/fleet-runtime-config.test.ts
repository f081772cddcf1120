import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../lib/config.js';
import { readDispatcherConfig, readTargetPollerConfig } from '../../../lib/fleet/fleet-runtime-config.js';

const BASE = { STATE_TABLE_NAME: 'state', EVENT_BUS_NAME: 'bus', FLEET_QUEUE_URL: 'https://sqs/fleet' };

describe("the fleet functions' settings", () => {
  it('default to a 30-minute removal grace, 4 records at once and an alarm after 3 failed cycles', () => {
    expect(readDispatcherConfig(BASE)).toEqual({
      stateTableName: 'state',
      queueUrl: 'https://sqs/fleet',
      removalGraceSeconds: 1800,
      parameterCacheSeconds: 0,
    });
    expect(readTargetPollerConfig(BASE)).toMatchObject({
      recordConcurrency: 4,
      alarmAfter: 3,
      leaseSeconds: 120,
    });
  });

  it('refuse a dispatcher without its queue, and an alarm after fewer than one failure', () => {
    expect(() => readDispatcherConfig({ STATE_TABLE_NAME: 'state' })).toThrow(ConfigurationError);
    expect(() => readDispatcherConfig({ STATE_TABLE_NAME: 'state' })).toThrow('FLEET_QUEUE_URL');
    expect(() => readTargetPollerConfig({ ...BASE, FLEET_ALARM_AFTER: '0' })).toThrow('FLEET_ALARM_AFTER');
    expect(() => readTargetPollerConfig({ ...BASE, FLEET_RECORD_CONCURRENCY: '2.5' })).toThrow(
      'FLEET_RECORD_CONCURRENCY must be a whole number',
    );
  });
});
