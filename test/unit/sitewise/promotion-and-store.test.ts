// Pure parts of the SiteWise emulator and its S3 stand-in: the promotion reason codes over the L4E
// emulator's promotion table, request validation messages, and object listing order and roll-ups.

import { describe, expect, it } from 'vitest';
import type { MetricValues } from '../../../local/emulator/metrics-generator.js';
import { decodeAwsChunked } from '../../../local/s3/server.js';
import { ObjectStore } from '../../../local/s3/store.js';
import { decideSiteWisePromotion, type SiteWisePromotionInput } from '../../../local/sitewise/promotion.js';
import { ROUTES } from '../../../local/sitewise/shapes.js';
import { validateRequest } from '../../../local/sitewise/validation.js';

const labeled = (score: number): MetricValues => ({
  labeled: true,
  precision: score,
  recall: score,
  auc: score,
  unknownEvents: 3,
  unknownEventHours: 4,
});
const base: SiteWisePromotionInput = {
  promotion: 'SERVICE_MANAGED',
  version: 2,
  newLabeled: true,
  oldLabeled: true,
  activeVersion: 1,
  metrics: labeled(0.9),
  prior: labeled(0.7),
  modelQuality: 'QUALITY_THRESHOLD_MET',
};

describe('SiteWise promotion reason codes', () => {
  it.each([
    ['better on the same data', base, true, 'AUTO_PROMOTION_SUCCESSFUL'],
    ['worse on the same data', { ...base, metrics: labeled(0.6) }, false, 'MODEL_METRICS_DIDNT_IMPROVE'],
    [
      'labeled, poor quality, active one unlabeled',
      { ...base, oldLabeled: false, prior: undefined, modelQuality: 'POOR_QUALITY_DETECTED' as const },
      false,
      'POOR_MODEL_QUALITY_DETECTED',
    ],
    [
      'unlabeled after unlabeled',
      { ...base, newLabeled: false, oldLabeled: false, prior: undefined },
      true,
      'AUTO_PROMOTION_SUCCESSFUL',
    ],
    ['better, but CUSTOMER_MANAGED', { ...base, promotion: 'CUSTOMER_MANAGED' as const }, false, null],
  ])('decides a version %s', (_case, input, promote, reasonCode) => {
    // Act
    const decision = decideSiteWisePromotion(input);

    // Assess
    expect([decision.promote, decision.reasonCode]).toEqual([promote, reasonCode]);
    expect(decision.reason).toMatch(/version 2/);
  });
});

describe('SiteWise request validation', () => {
  it('lists every violation in one InvalidRequestException, with the pattern and bounds from the model', () => {
    // Prepare
    const listExecutions = ROUTES.find((route) => route.operation === 'ListExecutions');
    if (listExecutions === undefined) throw new Error('no ListExecutions route');

    // Act
    const attempt = (): void =>
      validateRequest(listExecutions.input, {
        targetResourceType: 'MODEL',
        targetResourceId: 'x',
        maxResults: 251,
      });

    // Assess
    expect(attempt).toThrow(
      /^4 validation errors detected: Value 'MODEL' at 'targetResourceType' failed to satisfy constraint: Member must satisfy enum value set: \[ASSET, COMPUTATION_MODEL\]; Value 'x' at 'targetResourceId' .*length greater than or equal to 36; .*regular expression pattern: \^\(\?!0{8}.*; Value '251' at 'maxResults' .*less than or equal to 250$/,
    );
  });
});

describe('S3 stand-in store', () => {
  it('lists in UTF-8 byte order and resumes after a common prefix without repeating the keys under it', () => {
    // Prepare
    const store = new ObjectStore(() => 0);
    for (const key of ['b/1', 'a/2', 'a/1', 'Z', 'é']) store.put('bucket', key, key);

    // Act
    const first = store.list('bucket', { delimiter: '/', maxKeys: 2 });
    const second = store.list('bucket', { delimiter: '/', maxKeys: 2, after: first.last });

    // Assess
    expect(store.keys('bucket')).toEqual(['Z', 'a/1', 'a/2', 'b/1', 'é']);
    expect([first.objects.map((o) => o.key), first.commonPrefixes, first.truncated]).toEqual([
      ['Z'],
      ['a/'],
      true,
    ]);
    expect([second.objects.map((o) => o.key), second.commonPrefixes, second.truncated]).toEqual([
      ['é'],
      ['b/'],
      false,
    ]);
  });

  it('decodes an aws-chunked body and its trailer', () => {
    expect(
      decodeAwsChunked(
        Buffer.from('3;chunk-signature=x\r\nabc\r\n2\r\nde\r\n0\r\nx-amz-checksum-crc32:AA==\r\n\r\n'),
      ).toString(),
    ).toBe('abcde');
  });
});
