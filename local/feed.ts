// What `npm start` shows a person: one line per event, Slack messages as they would read, SNS
// subjects, a progress bar of simulated days and a closing summary. Pure formatting.
import type { SlackMessage } from '../lib/core/messages/slack.js';
import { renderSlackForTerminal } from '../lib/core/messages/terminal.js';
import type { LedgerComparison } from './ledger-check.js';

export interface Style {
  color: boolean;
}

const paint = (style: Style, code: string, text: string) =>
  style.color ? `\u001b[${code}m${text}\u001b[0m` : text;
export const dim = (s: Style, t: string) => paint(s, '2', t);
export const bold = (s: Style, t: string) => paint(s, '1', t);
const red = (s: Style, t: string) => paint(s, '31', t);
const green = (s: Style, t: string) => paint(s, '32', t);
const yellow = (s: Style, t: string) => paint(s, '33', t);
const cyan = (s: Style, t: string) => paint(s, '36', t);

type Detail = Record<string, unknown>;

const ESC = '\u001b';
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');
const ANSI_PART = new RegExp(`(${ESC}\\[[0-9;]*m)`);

/** Columns a line takes on a terminal (colour codes take none). */
export const visibleWidth = (text: string) => [...text.replace(ANSI, '')].length;

/** Cuts a line to `width` columns, ending it with "…" when something was cut; colour codes are kept. */
export function fitLine(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const part of text.split(ANSI_PART)) {
    if (part.startsWith('\u001b[')) {
      out += part;
      continue;
    }
    for (const char of part) {
      if (used === width - 1) return `${out}…${text.includes('\u001b[') ? '\u001b[0m' : ''}`;
      out += char;
      used += 1;
    }
  }
  return out;
}

/** Index in `text` of the last space with at most `width` columns before it; -1 when there is none. */
function lastBreak(text: string, width: number): number {
  let used = 0;
  let found = -1;
  for (let i = 0; i < text.length && used <= width; ) {
    if (text.startsWith(ESC, i)) {
      const end = text.indexOf('m', i);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(i) ?? 32);
    if (char === ' ' && used > 0) found = i;
    used += 1;
    i += char.length;
  }
  return found;
}

/**
 * Breaks a line that is wider than `width` at spaces, continuation lines starting with `indent`;
 * after `maxLines` lines the rest is cut with "…". Spacing inside the first line is kept.
 */
export function wrapLine(text: string, width: number, indent = '    ', maxLines = 3): string {
  const out: string[] = [];
  let rest = text;
  while (visibleWidth(rest) > width && out.length < maxLines - 1) {
    const at = lastBreak(rest, width);
    if (at <= indent.length) break;
    out.push(rest.slice(0, at).trimEnd());
    rest = `${indent}${rest.slice(at + 1).trimStart()}`;
  }
  out.push(fitLine(rest, width));
  return out.join('\n');
}

/** Word-wraps plain text to `width` columns; continuation lines start with `indent`. */
export function wrapText(text: string, width: number, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (visibleWidth(candidate) <= width || line.trim() === '') line = candidate;
    else {
      lines.push(line);
      line = `${indent}${word}`;
    }
  }
  lines.push(line);
  return lines.map((l) => fitLine(l, width));
}

/** What the short feed shows: decisions that did something or could not, failures, version changes. */
export function inShortFeed(detailType: string, d: Detail): boolean {
  switch (detailType) {
    case 'Model Version Activation Decision':
      return d.outcome !== 'SKIPPED';
    case 'Scheduled Retraining State Change':
      return d.status === 'FAILED' || d.status === 'CANCELED';
    case 'Active Model Version Change':
      return true;
    default:
      return false;
  }
}

/** An alert (a Slack or SNS message body) reports this event, not merely name it as its trigger. */
export function reportsEvent(text: string, eventId: string): boolean {
  return text.replaceAll(`rigger ${eventId}`, '').replaceAll(`rigger \`${eventId}\``, '').includes(eventId);
}

const v = (n: unknown) => (n === null || n === undefined ? '–' : `v${n}`);
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function statusColor(s: Style, status: unknown): string {
  const text = String(status ?? '–');
  if (/FAIL|ERROR|CANCEL|REJECTED|DELETED/.test(text)) return red(s, text);
  if (/SUCCESS|ACTIVATED|PROMOTED$|RUNNING/.test(text) && !/NOT_PROMOTED/.test(text)) return green(s, text);
  if (/DRY_RUN|SKIPPED|NOT_PROMOTED|STOPP|PENDING/.test(text)) return yellow(s, text);
  return text;
}

function describeRun(s: Style, d: Detail): string {
  const head = `retraining ${v(d.modelVersion)} ${d.previousStatus ?? '∅'} → ${statusColor(s, d.status)}`;
  // A failed run's reason comes first: on a narrow line it is what must stay visible.
  if (d.failedReason) return `${head}: ${String(d.failedReason)}`;
  const trained = d.status === 'SUCCESS' || d.status === 'IN_PROGRESS';
  return trained && d.availableDataInDays ? `${head} · ${d.availableDataInDays} days of data` : head;
}

function describeDecision(s: Style, d: Detail): string {
  const checks = Array.isArray(d.checks) ? (d.checks as Array<{ passed: boolean }>) : [];
  const passed = checks.filter((c) => c.passed).length;
  const reason = Array.isArray(d.reasons) && d.reasons.length > 0 ? String(d.reasons[0]) : '';
  const head = `decision ${v(d.modelVersion)} ${bold(s, statusColor(s, d.outcome))}`;
  // SKIPPED and FAILED decisions stop before (or without) the checks; their reason is the news.
  if (d.outcome === 'SKIPPED' || d.outcome === 'FAILED' || checks.length === 0) {
    return reason === '' ? head : `${head}: ${reason}`;
  }
  // A rejection's reasons are the failed checks, shown with the decision's alert and by the CLI.
  return `${head} · ${passed}/${checks.length} checks passed`;
}

function describeEvent(s: Style, detailType: string, d: Detail): string {
  switch (detailType) {
    case 'Retraining Scheduler State Change':
      return `scheduler ${d.previousStatus ?? '∅'} → ${statusColor(s, d.status)}${d.promoteMode ? ` (${d.promoteMode}, every ${d.retrainingFrequency})` : ''}`;
    case 'Scheduled Retraining State Change':
      return describeRun(s, d);
    case 'Model Version Promotion Result':
      return `promotion ${v(d.modelVersion)} ${statusColor(s, d.autoPromotionResult)} (${d.promoteMode ?? '?'})`;
    case 'Active Model Version Change':
      return `active version ${v(d.previousActiveVersion)} → ${bold(s, v(d.activeVersion))} (${d.cause})`;
    case 'Model Version Activation Decision':
      return describeDecision(s, d);
    case 'Fleet Target Unreachable':
      return `target ${red(s, 'UNREACHABLE')} for ${d.consecutiveFailures} cycles${d.lastError ? `: ${String(d.lastError)}` : ''}`;
    case 'Fleet Target Recovered':
      return `target ${green(s, 'REACHABLE')} again after ${d.unreachableForMinutes} min (${d.consecutiveFailures} failed cycles)`;
    default:
      return detailType;
  }
}

export function formatEventLine(
  s: Style,
  detailType: string,
  detail: Detail,
  { nameWidth, width }: { nameWidth: number; width: number },
): string {
  // An event about a fleet target names the target (`<account>/<region>`) where others name the model.
  const name = String(detail.modelName ?? detail.target ?? '').padEnd(nameWidth);
  return wrapLine(
    `${dim(s, when(String(detail.observedAt ?? '')))} ${cyan(s, name)} ${describeEvent(s, detailType, detail)}`,
    width,
  );
}

export function formatSlack(s: Style, message: SlackMessage, width: number): string {
  const rendered = renderSlackForTerminal(message, { color: s.color, width: Math.max(40, width - 4) });
  return rendered
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

export function formatSns(s: Style, subject: string, severity: string | undefined, width: number): string {
  return fitLine(`    ${dim(s, 'SNS ✉')} ${severity ? `[${severity}] ` : ''}${subject}`, width);
}

/** Where a run stands: the simulated day out of `totalDays`, its date, and a line of counts. */
export interface Progress {
  day: number;
  totalDays: number;
  date: string;
  stats: string;
}

export function progressBar(s: Style, { day, totalDays, date, stats }: Progress, width: number): string {
  const label = ` day ${String(Math.min(day, totalDays)).padStart(String(totalDays).length)}/${totalDays} ${date.slice(0, 10)} ${stats}`;
  const barWidth = Math.max(10, Math.min(40, width - label.length - 4));
  const filled = Math.round((Math.min(day, totalDays) / totalDays) * barWidth);
  return `[${green(s, '█'.repeat(filled))}${dim(s, '░'.repeat(barWidth - filled))}]${label}`;
}

export interface ModelSummaryRow {
  model: string;
  promoteMode: string;
  runs: { success: number; failed: number; canceled: number };
  promoted: number;
  decisions: Record<string, number>;
  activeVersion: string;
}

function table(rows: string[][], align: Array<'l' | 'r'>): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export interface SummaryInput {
  scenario: string;
  days: number;
  polls: number;
  seconds: number;
  rows: ModelSummaryRow[];
  eventsByType: Record<string, number>;
  slackMessages: number;
  teamsMessages: number;
  snsMessages: number;
  deadLetters: number;
  check: LedgerComparison;
  /** What the check compared with; the emulator's ledger by default. */
  ledgers?: string;
}

export function formatSummary(s: Style, input: SummaryInput, width: number): string {
  const header = ['model', 'mode', 'runs ok/fail/cxl', 'promoted', 'decisions', 'active'];
  const rows = input.rows.map((r) => [
    r.model,
    r.promoteMode,
    `${r.runs.success}/${r.runs.failed}/${r.runs.canceled}`,
    String(r.promoted),
    Object.entries(r.decisions)
      .map(([outcome, n]) => `${outcome} ${n}`)
      .join(', ') || '–',
    r.activeVersion,
  ]);
  const totalEvents = Object.values(input.eventsByType).reduce((a, b) => a + b, 0);
  const byType = Object.entries(input.eventsByType)
    .map(([type, n]) => `${type} ${n}`)
    .join(' · ');
  const c = input.check;
  const checkLine = `${c.runs.published}/${c.runs.expected} run outcomes, ${c.promotions.published}/${c.promotions.expected} promotion results, ${c.activations.published}/${c.activations.expected} active-version changes, ${c.schedulers.published}/${c.schedulers.expected} scheduler states`;
  const lost =
    c.lost === 0
      ? green(s, '0 lost')
      : red(
          s,
          `${c.lost} lost: ${[...c.runs.missing, ...c.promotions.missing, ...c.activations.missing, ...c.schedulers.missing].slice(0, 5).join('; ')}`,
        );
  const duplicates =
    c.duplicates.length === 0 ? '0 duplicated ids' : yellow(s, `${c.duplicates.length} duplicated ids`);
  const title = `Summary — scenario ${input.scenario}: ${input.days} simulated days, ${input.polls} polls, ${input.seconds.toFixed(1)} s`;
  const wrap = (text: string) => wrapText(text, width).join('\n');
  return [
    '',
    bold(s, wrap(title)),
    '',
    table([header, ...rows], ['l', 'l', 'r', 'r', 'l', 'r'])
      .split('\n')
      .map((line) => fitLine(line, width))
      .join('\n'),
    '',
    wrap(`Events published: ${totalEvents} (${byType || 'none'})`),
    wrap(
      `Alerts: ${input.slackMessages} Slack messages, ${input.teamsMessages} Teams messages, ${input.snsMessages} SNS publishes, ${input.deadLetters} dead-lettered deliveries`,
    ),
    wrap(
      `Checked against ${input.ledgers ?? "the emulator's ledger"}: ${checkLine} — ${lost}, ${duplicates}`,
    ),
  ].join('\n');
}
