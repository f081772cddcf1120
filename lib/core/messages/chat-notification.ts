// Amazon Q Developer in chat applications (formerly AWS Chatbot) custom notification of an autopilot
// alert: the JSON document its SNS topics carry, which it formats for Slack, Teams or Chime. Pure.
import type { Severity } from '../severity.js';
import { plainText, type Rich } from './content/rich.js';
import type { AlertContent, AlertNote } from './content/types.js';
import { formatVersion, moreMark, truncate } from './format.js';

export interface ChatNotification {
  /** Required: must be "1.0". */
  version: '1.0';
  /** Required: must be "custom". */
  source: 'custom';
  id: string;
  content: {
    /** The only text type the service supports: rendered in the chat platform's own markdown. */
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    /** Groups the notifications of one model in one thread, where the channel allows threads. */
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources: string[];
    additionalContext: Record<string, string>;
  };
}

/**
 * Bounds this renderer keeps. The service documents the fields but few numeric limits; these keep
 * a notification short enough to read in any of the chat platforms it reaches and far below the
 * 256 KB that SNS accepts.
 */
export const CHAT_LIMITS = {
  title: 250,
  description: 3_500,
  nextSteps: 5,
  nextStep: 500,
  keywords: 10,
  keyword: 50,
  summary: 250,
  identifier: 256,
  /** SNS's limit for one message, in bytes. */
  snsMessageBytes: 262_144,
} as const;

const SEVERITY_EMOJI: Record<Severity, string> = {
  error: ':rotating_light:',
  warning: ':warning:',
  info: ':information_source:',
};

function md(rich: Rich): string {
  return rich
    .map((part) => (typeof part === 'string' ? part : `\`${part.code.replace(/`/g, "'")}\``))
    .join('');
}

function titleOf(content: AlertContent): string {
  const version = content.version === null ? '' : ` ${formatVersion(content.version)}`;
  // The severity is spelled out beside the emoji so the title reads without colour or emoji.
  return truncate(
    `${SEVERITY_EMOJI[content.severity]} [${content.severity.toUpperCase()}] ${content.title} · ${content.modelName}${version}`,
    CHAT_LIMITS.title,
  );
}

function checksLines(content: AlertContent, max: number): string[] {
  const table = content.checks;
  if (table === null) return [];
  const ordered = table.total <= max ? table.rows : table.failedFirst;
  const rows = ordered
    .slice(0, max)
    .map((r) => `${r.passed ? '✓' : '✗'} ${r.metric} ${r.rule} ${r.threshold} (actual ${r.actual})`);
  if (ordered.length > max) rows.push(moreMark(ordered.length - max));
  return [`*Policy checks (${table.passed} of ${table.total} passed):*`, ...rows];
}

function noteLines(note: AlertNote, maxItems: number): string[] {
  const items = note.items.slice(0, maxItems).map((i) => truncate(i, 400));
  const lines = ['', `*${note.label}:*`, ...items.map((i) => (note.items.length > 1 ? `• ${i}` : i))];
  if (note.items.length > items.length) lines.push(moreMark(note.items.length - items.length));
  return lines;
}

function metricLines(content: AlertContent): string[] {
  if (content.metrics === null || content.metrics.rows.length === 0) return [];
  return [
    '',
    '*Metrics (this version / prior / change):*',
    ...content.metrics.rows.map((m) => `${m.metric}: ${m.current} / ${m.prior} / ${m.change}`),
  ];
}

/** The description with at most `maxChecks` check rows and `maxItems` items per note. */
function describe(content: AlertContent, maxChecks: number, maxItems: number): string {
  const lines = [md(content.summary), ''];
  for (const f of content.fields) lines.push(`*${f.label}:* ${f.code ? `\`${f.value}\`` : f.value}`);
  for (const note of content.notes) lines.push(...noteLines(note, maxItems));
  lines.push(...metricLines(content));
  const checks = checksLines(content, maxChecks);
  if (checks.length > 0) lines.push('', ...checks);
  if (content.nextRetraining !== null) lines.push('', `*Next retraining:* ${content.nextRetraining}`);
  return lines.join('\n');
}

function descriptionOf(content: AlertContent): string {
  for (const [checks, items] of [
    [30, 10],
    [10, 5],
    [3, 2],
  ] as const) {
    const text = describe(content, checks, items);
    if (text.length <= CHAT_LIMITS.description) return text;
  }
  return truncate(describe(content, 0, 1), CHAT_LIMITS.description);
}

function nextStepsOf(content: AlertContent): string[] {
  // One step per sentence of the advice, commands kept whole in code style.
  const steps = md(content.todo)
    .split(/(?<=\.)\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return steps.slice(0, CHAT_LIMITS.nextSteps).map((s) => truncate(s, CHAT_LIMITS.nextStep));
}

function keywordsOf(content: AlertContent): string[] {
  const words = [
    content.severity,
    content.modelName,
    ...(content.outcome === null ? [] : [content.outcome]),
    content.detailType,
  ].filter((w) => w !== '');
  return [...new Set(words.map((w) => truncate(w, CHAT_LIMITS.keyword)))].slice(0, CHAT_LIMITS.keywords);
}

/** Renders an alert as a custom notification. Never throws. */
export function renderChatNotification(content: AlertContent): ChatNotification {
  const { severity } = content;
  // Identifiers are short in every event the product sends; bounded anyway, so the message stays in SNS's limit.
  const eventId = truncate(content.context.eventId, CHAT_LIMITS.identifier);
  return {
    version: '1.0',
    source: 'custom',
    id: eventId,
    content: {
      textType: 'client-markdown',
      title: titleOf(content),
      description: descriptionOf(content),
      nextSteps: nextStepsOf(content),
      keywords: keywordsOf(content),
    },
    metadata: {
      threadId: truncate(`l4e-autopilot/${content.modelName}`, 128),
      summary: truncate(
        `[${severity.toUpperCase()}] ${content.title}: ${content.modelName}`,
        CHAT_LIMITS.summary,
      ),
      eventType: content.detailType || 'unknown',
      relatedResources: content.context.resources.slice(0, 5),
      additionalContext: {
        eventId,
        severity,
        observedAt: truncate(content.context.observedAt, CHAT_LIMITS.identifier),
        ...(content.outcome === null ? {} : { outcome: content.outcome }),
        summaryText: truncate(plainText(content.summary), 500),
      },
    },
  };
}

/** Every way a notification breaks the documented format or these bounds; empty when it is valid. */
export function chatNotificationLimits(n: ChatNotification): string[] {
  const problems: string[] = [];
  if (n.version !== '1.0') problems.push('version: must be "1.0"');
  if (n.source !== 'custom') problems.push('source: must be "custom"');
  if (n.content.textType !== 'client-markdown') problems.push('content.textType: must be "client-markdown"');
  if (n.content.description.trim() === '') problems.push('content.description: required');
  const lengths: Array<[string, string, number]> = [
    ['content.title', n.content.title, CHAT_LIMITS.title],
    ['content.description', n.content.description, CHAT_LIMITS.description],
    ['metadata.summary', n.metadata.summary, CHAT_LIMITS.summary],
  ];
  for (const [where, value, max] of lengths) {
    if (value.length > max) problems.push(`${where}: ${value.length} characters (max ${max})`);
  }
  if (n.content.nextSteps.length > CHAT_LIMITS.nextSteps) problems.push('content.nextSteps: too many');
  n.content.nextSteps.forEach((s, i) => {
    if (s === '' || s.length > CHAT_LIMITS.nextStep)
      problems.push(`content.nextSteps[${i}]: empty or too long`);
  });
  if (n.content.keywords.length > CHAT_LIMITS.keywords) problems.push('content.keywords: too many');
  n.content.keywords.forEach((k, i) => {
    if (k === '' || k.length > CHAT_LIMITS.keyword)
      problems.push(`content.keywords[${i}]: empty or too long`);
  });
  const bytes = new TextEncoder().encode(JSON.stringify(n)).length;
  if (bytes > CHAT_LIMITS.snsMessageBytes)
    problems.push(`message: ${bytes} bytes (max ${CHAT_LIMITS.snsMessageBytes})`);
  return problems;
}
