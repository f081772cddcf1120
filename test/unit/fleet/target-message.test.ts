import { describe, expect, it } from 'vitest';
import {
  encodeTargetMessage,
  parseTargetMessage,
  TargetMessageError,
} from '../../../lib/fleet/target-message.js';

describe('the fleet queue message', () => {
  it('reads back what the dispatcher writes', () => {
    const message = { account: '222222222222', region: 'eu-west-1', cycleAt: '2026-01-01T00:05:00.000Z' };

    expect(parseTargetMessage(encodeTargetMessage(message))).toEqual(message);
  });

  it.each([
    ['not JSON', 'the message body is not JSON'],
    ['{"account":"2222","region":"eu-west-1","cycleAt":"2026-01-01T00:05:00.000Z"}', 'check account'],
    ['{"account":"222222222222","region":"eu-west-1"}', 'check cycleAt'],
    [
      '{"account":"222222222222","region":"eu-west-1","cycleAt":"2026-01-01T00:05:00Z","x":1}',
      'check (body)',
    ],
  ])('refuses %s, saying what is wrong without echoing it', (body, reason) => {
    expect(() => parseTargetMessage(body)).toThrow(TargetMessageError);
    expect(() => parseTargetMessage(body)).toThrow(reason);
  });
});
