// The XML S3 answers with: ListObjectsV2 results and error documents.

import type { ListResult, StoredObject } from './store.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

const element = (name: string, value: string | number | boolean): string =>
  `<${name}>${escapeXml(String(value))}</${name}>`;

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface ListPage {
  bucket: string;
  prefix: string;
  delimiter?: string | undefined;
  maxKeys: number;
  startAfter?: string | undefined;
  continuationToken?: string | undefined;
  nextContinuationToken?: string | undefined;
  /** `url` when the request asked for EncodingType=url: keys and prefixes are then percent-encoded. */
  encodingType?: string | undefined;
  result: ListResult;
}

function contents(object: StoredObject, encode: (text: string) => string): string {
  return [
    '<Contents>',
    element('Key', encode(object.key)),
    element('LastModified', new Date(object.lastModified).toISOString()),
    element('ETag', object.etag),
    element('Size', object.body.length),
    element('StorageClass', 'STANDARD'),
    '</Contents>',
  ].join('');
}

export function listObjectsV2Xml(page: ListPage): string {
  const encode = page.encodingType === 'url' ? encodeURIComponent : (text: string) => text;
  const { result } = page;
  const parts = [
    `<ListBucketResult xmlns="${NAMESPACE}">`,
    element('Name', page.bucket),
    element('Prefix', encode(page.prefix)),
    element('KeyCount', result.objects.length + result.commonPrefixes.length),
    element('MaxKeys', page.maxKeys),
    element('IsTruncated', result.truncated),
  ];
  if (page.delimiter !== undefined) parts.push(element('Delimiter', encode(page.delimiter)));
  if (page.encodingType !== undefined) parts.push(element('EncodingType', page.encodingType));
  if (page.startAfter !== undefined) parts.push(element('StartAfter', encode(page.startAfter)));
  if (page.continuationToken !== undefined) parts.push(element('ContinuationToken', page.continuationToken));
  if (page.nextContinuationToken !== undefined)
    parts.push(element('NextContinuationToken', page.nextContinuationToken));
  parts.push(...result.objects.map((object) => contents(object, encode)));
  parts.push(
    ...result.commonPrefixes.map(
      (prefix) => `<CommonPrefixes>${element('Prefix', encode(prefix))}</CommonPrefixes>`,
    ),
  );
  parts.push('</ListBucketResult>');
  return HEADER + parts.join('');
}

export interface S3ErrorBody {
  code: string;
  message: string;
  /** Extra elements S3 adds for some errors (Key, BucketName, ArgumentName…). */
  details?: Record<string, string>;
}

export function errorXml(error: S3ErrorBody, requestId: string): string {
  const details = Object.entries(error.details ?? {}).map(([name, value]) => element(name, value));
  return `${HEADER}<Error>${element('Code', error.code)}${element('Message', error.message)}${details.join('')}${element('RequestId', requestId)}</Error>`;
}
