// The local S3 stand-in through the AWS SDK: path-style PutObject, GetObject, HeadObject and
// ListObjectsV2 (prefix, delimiter, pagination), and S3's errors for a missing key or bucket.

import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3StandIn, startS3StandIn } from '../../../local/s3/index.js';
import { s3Client } from './support/fixtures.js';

describe('S3 stand-in through the AWS SDK', () => {
  let standIn: S3StandIn;
  let s3: S3Client;

  beforeAll(async () => {
    standIn = await startS3StandIn();
    s3 = s3Client(standIn.url);
    await s3.send(new CreateBucketCommand({ Bucket: 'metrics' }));
  });

  afterAll(async () => {
    s3?.destroy();
    await standIn?.close();
  });

  it('stores and returns an object with its type, length and ETag, from a string or an aws-chunked body', async () => {
    // Prepare
    const body = JSON.stringify({ model_version_metrics: { precision: 0.9 } });

    // Act
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'metrics',
        Key: 'a/b c/result.json',
        Body: body,
        ContentType: 'application/json',
      }),
    );
    await fetch(`${standIn.url}/metrics/a/stream.txt`, {
      method: 'PUT',
      headers: { 'Content-Encoding': 'aws-chunked', 'x-amz-decoded-content-length': '11' },
      // An aws-chunked body with a trailing checksum, as the SDK sends a stream.
      body: '6;chunk-signature=abc\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n',
    });
    const got = await s3.send(new GetObjectCommand({ Bucket: 'metrics', Key: 'a/b c/result.json' }));
    const streamed = await s3.send(new GetObjectCommand({ Bucket: 'metrics', Key: 'a/stream.txt' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'metrics', Key: 'a/b c/result.json' }));

    // Assess
    expect(await got.Body?.transformToString()).toBe(body);
    expect(await streamed.Body?.transformToString()).toBe('hello world');
    expect(got.ContentType).toBe('application/json');
    expect(head.ContentLength).toBe(Buffer.byteLength(body));
    expect(head.ETag).toBe(put.ETag);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('lists keys in order under a prefix, rolls them up under a delimiter and pages with continuation tokens', async () => {
    // Prepare
    for (const key of ['runs/2/result.json', 'runs/1/metrics.json', 'runs/1/result.json', 'runs/top.json']) {
      await s3.send(new PutObjectCommand({ Bucket: 'metrics', Key: key, Body: key }));
    }

    // Act
    const keys: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const listed = await s3.send(
        new ListObjectsV2Command({
          Bucket: 'metrics',
          Prefix: 'runs/',
          MaxKeys: 2,
          ContinuationToken: token,
        }),
      );
      keys.push(...(listed.Contents ?? []).map((o) => o.Key ?? ''));
      token = listed.NextContinuationToken;
      if (!listed.IsTruncated) break;
    }
    const rolled = await s3.send(
      new ListObjectsV2Command({ Bucket: 'metrics', Prefix: 'runs/', Delimiter: '/', MaxKeys: 1 }),
    );
    const rest = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'metrics',
        Prefix: 'runs/',
        Delimiter: '/',
        ContinuationToken: rolled.NextContinuationToken,
      }),
    );

    // Assess
    expect(keys).toEqual([
      'runs/1/metrics.json',
      'runs/1/result.json',
      'runs/2/result.json',
      'runs/top.json',
    ]);
    expect(rolled.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['runs/1/']);
    expect(rest.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['runs/2/']);
    expect(rest.Contents?.map((o) => o.Key)).toEqual(['runs/top.json']);
    expect(rest.KeyCount).toBe(2);
  });

  it("answers a missing key with S3's NoSuchKey, a missing bucket with NoSuchBucket and HEAD of a missing key with 404", async () => {
    // Act
    const answers = await Promise.allSettled([
      s3.send(new GetObjectCommand({ Bucket: 'metrics', Key: 'nope.json' })),
      s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })),
      s3.send(new HeadObjectCommand({ Bucket: 'metrics', Key: 'nope.json' })),
    ]);

    // Assess
    expect(
      answers.map((answer) =>
        answer.status === 'rejected' ? [answer.reason.name, answer.reason.$metadata?.httpStatusCode] : 'ok',
      ),
    ).toEqual([
      ['NoSuchKey', 404],
      ['NoSuchBucket', 404],
      ['NotFound', 404],
    ]);
  });

  it('counts every request it receives by S3 operation, refused ones included', async () => {
    // Prepare
    const before = standIn.calls();
    const delta = (op: string): number => (standIn.calls()[op] ?? 0) - (before[op] ?? 0);

    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'metrics', Key: 'counted/one.json', Body: '{}' }));
    await s3.send(new GetObjectCommand({ Bucket: 'metrics', Key: 'counted/one.json' }));
    await s3.send(new HeadObjectCommand({ Bucket: 'metrics', Key: 'counted/one.json' }));
    await s3.send(new ListObjectsV2Command({ Bucket: 'metrics', Prefix: 'counted/' }));
    await s3.send(new ListObjectsV2Command({ Bucket: 'metrics', Prefix: 'counted/' }));
    await s3.send(new GetObjectCommand({ Bucket: 'metrics', Key: 'counted/none.json' })).catch(() => {});

    // Assess
    expect(['PutObject', 'GetObject', 'HeadObject', 'ListObjectsV2'].map(delta)).toEqual([1, 2, 1, 2]);
  });
});
