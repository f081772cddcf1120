import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import {
  checkRequest,
  formatEventTime,
  MAX_REQUEST_SIZE_BYTES,
  putEventsEntrySize,
} from '../../../local/aws/event-bus-entries.js';

const entry = (detail: string, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'l4e.autopilot',
  DetailType: 'Model Version Promotion Result',
  Detail: detail,
  ...extra,
});

describe('PutEvents entry size', () => {
  it('counts UTF-8 bytes of source, detail-type, detail and resources, plus 14 for a time', () => {
    // Prepare
    const plain = entry('{"m":"é"}', { Resources: ['arn:a', 'arn:bc'] });
    const timed = { ...plain, Time: new Date(0) };

    // Act
    const sizes = [putEventsEntrySize(plain), putEventsEntrySize(timed)];

    // Assess
    const expected = 'l4e.autopilot'.length + 'Model Version Promotion Result'.length + 10 + 5 + 6;
    expect(sizes).toEqual([expected, expected + 14]);
  });

  it('accepts a request of exactly 256 KB and rejects one byte more', () => {
    // Prepare
    const overhead = putEventsEntrySize(entry(''));
    const exact = entry('x'.repeat(MAX_REQUEST_SIZE_BYTES - overhead));
    const over = entry('x'.repeat(MAX_REQUEST_SIZE_BYTES - overhead + 1));

    // Act
    const check = (e: PutEventsRequestEntry) => () => checkRequest([e]);

    // Assess
    expect(check(exact)).not.toThrow();
    expect(check(over)).toThrow('Total size of the entries in the request is over the limit.');
  });

  it('rejects empty and 11-entry requests', () => {
    // Act
    const empty = () => checkRequest([]);
    const eleven = () => checkRequest(Array(11).fill(entry('{}')));

    // Assess
    expect(empty).toThrow(/greater than or equal to 1/);
    expect(eleven).toThrow(/less than or equal to 10/);
  });

  it('formats envelope times without milliseconds', () => {
    // Act
    const formatted = formatEventTime(new Date('2025-06-01T08:09:10.999Z'));

    // Assess
    expect(formatted).toBe('2025-06-01T08:09:10Z');
  });
});
