import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackNotifier } from '../../../lib/adapters/slack.js';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import { renderSlackMessage } from '../../../lib/core/messages/slack.js';
import { severityOf } from '../../../lib/core/severity.js';
import { startWebhookSink, type WebhookSink } from '../../../local/webhook-sink.js';
import { loadFixtures } from '../../unit/messages/fixtures.js';

let sink: WebhookSink;

beforeAll(async () => {
  sink = await startWebhookSink();
});

afterAll(async () => {
  await sink.close();
});

async function post(body: string, url = sink.url, method = 'POST') {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, text: await response.text() };
}

describe('startWebhookSink', () => {
  it('listens on loopback at a Slack-shaped URL with a random token', () => {
    expect(sink.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\/T0LOCAL00\/B0LOCAL00\/[0-9a-f]{24}$/);
  });

  it.each([
    ['text only', { text: 'hello' }, 200, 'ok'],
    ['blocks only', { blocks: [{ type: 'divider' }] }, 200, 'ok'],
    ['neither text nor blocks', { username: 'x' }, 400, 'no_text'],
    ['blank text', { text: '  ' }, 400, 'no_text'],
    [
      '51 blocks',
      { text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) },
      400,
      'invalid_blocks',
    ],
    [
      'a header over 150',
      { blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] },
      400,
      'invalid_blocks',
    ],
    [
      'an mrkdwn header',
      { blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] },
      400,
      'invalid_blocks',
    ],
    [
      'a section over 3000',
      { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }] },
      400,
      'invalid_blocks',
    ],
    [
      '11 fields',
      {
        blocks: [
          { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
        ],
      },
      400,
      'invalid_blocks',
    ],
    ['an unknown block type', { blocks: [{ type: 'carousel' }] }, 400, 'invalid_blocks'],
    ['an array', [], 400, 'invalid_payload'],
  ])('answers a payload with %s like Slack', async (_name, payload, status, reply) => {
    // Prepare
    const before = sink.received().length;

    // Act
    const response = await post(JSON.stringify(payload));

    // Assess
    expect(response).toEqual({ status, text: reply });
    expect(sink.received().length - before).toBe(status === 200 ? 1 : 0);
  });

  it('answers invalid JSON with invalid_payload', async () => {
    // Act
    const response = await post('{"text": ');

    // Assess
    expect(response).toEqual({ status: 400, text: 'invalid_payload' });
  });

  it('answers another path with 404 no_service', async () => {
    // Prepare
    const other = sink.url.replace(/\/[0-9a-f]{24}$/, '/wrong');

    // Act
    const response = await post('{"text":"x"}', other);

    // Assess
    expect(response).toEqual({ status: 404, text: 'no_service' });
    expect(sink.requests().at(-1)).toMatchObject({
      status: 404,
      path: '/services/T0LOCAL00/B0LOCAL00/wrong',
    });
  });

  it('plays scripted answers in order, then goes back to validating', async () => {
    // Prepare
    sink.respondWith([
      { status: 503, body: 'service_unavailable' },
      { status: 429, headers: { 'retry-after': '7' }, body: 'rate_limited' },
    ]);

    // Act
    const first = await fetch(sink.url, { method: 'POST', body: '{"text":"a"}' });
    const second = await fetch(sink.url, { method: 'POST', body: '{"text":"b"}' });
    const third = await post('{"text":"c"}');

    // Assess
    expect([first.status, await first.text()]).toEqual([503, 'service_unavailable']);
    expect([second.status, second.headers.get('retry-after'), await second.text()]).toEqual([
      429,
      '7',
      'rate_limited',
    ]);
    expect(third).toEqual({ status: 200, text: 'ok' });
    expect(sink.received().at(-1)?.body).toEqual({ text: 'c' });
  });
});

describe('every rendered alert', () => {
  it('is accepted by the webhook stand-in', async () => {
    // Prepare
    const notifier = createSlackNotifier({ getWebhookUrl: async () => sink.url, maxAttempts: 1 });
    const before = sink.received().length;
    const fixtures = loadFixtures();

    // Act
    for (const { event } of fixtures)
      await notifier.post(renderSlackMessage(buildAlertContent(event, severityOf(event))));

    // Assess
    expect(sink.received().length - before).toBe(fixtures.length);
  });
});
