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

const v = (n: unknown) => (n === null || n === undefined ? '–' : `v${n}`);
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function statusColor(s: Style, status: unknown): string {
  const text = String(status ?? '–');
  if (/FAIL|ERROR|CANCEL|REJECTED|DELETED/.test(text)) return red(s, text);
  if (/SUCCESS|ACTIVATED|PROMOTED$|RUNNING/.test(text) && !/NOT_PROMOTED/.test(text)) return green(s, text);
  if (/DRY_RUN|SKIPPED|NOT_PROMOTED|STOPP|PENDING/.test(text)) return yellow(s, text);
  return text;
}

function describeEvent(s: Style, detailType: string, d: Detail): string {
  switch (detailType) {
    case 'Retraining Scheduler State Change':
      return `scheduler ${d.previousStatus ?? '∅'} → ${statusColor(s, d.status)}${d.promoteMode ? ` (${d.promoteMode}, every ${d.retrainingFrequency})` : ''}`;
    case 'Scheduled Retraining State Change': {
      const reason = d.failedReason ? `: ${String(d.failedReason).slice(0, 60)}` : '';
      const data = d.availableDataInDays ? ` · ${d.availableDataInDays} days of data` : '';
      return `retraining ${v(d.modelVersion)} ${d.previousStatus ?? '∅'} → ${statusColor(s, d.status)}${data}${reason}`;
    }
    case 'Model Version Promotion Result':
      return `promotion ${v(d.modelVersion)} ${statusColor(s, d.autoPromotionResult)} (${d.promoteMode ?? '?'})`;
    case 'Active Model Version Change':
      return `active version ${v(d.previousActiveVersion)} → ${bold(s, v(d.activeVersion))} (${d.cause})`;
    case 'Model Version Activation Decision': {
      const checks = Array.isArray(d.checks) ? (d.checks as Array<{ passed: boolean }>) : [];
      const passed = checks.filter((c) => c.passed).length;
      return `decision ${v(d.modelVersion)} ${bold(s, statusColor(s, d.outcome))} · ${passed}/${checks.length} checks passed`;
    }
    default:
      return detailType;
  }
}

export function formatEventLine(s: Style, detailType: string, detail: Detail, nameWidth: number): string {
  const name = String(detail.modelName ?? '').padEnd(nameWidth);
  return `${dim(s, when(String(detail.observedAt ?? '')))}  ${cyan(s, name)}  ${describeEvent(s, detailType, detail)}`;
}

export function formatSlack(s: Style, message: SlackMessage, width: number): string {
  const rendered = renderSlackForTerminal(message, { color: s.color, width: Math.max(40, width - 4) });
  return rendered
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

export function formatSns(s: Style, subject: string, severity: string | undefined): string {
  return `    ${dim(s, 'SNS ✉')} ${severity ? `[${severity}] ` : ''}${subject}`;
}

export function progressBar(
  s: Style,
  day: number,
  totalDays: number,
  date: string,
  stats: string,
  width: number,
): string {
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
  snsMessages: number;
  deadLetters: number;
  check: LedgerComparison;
}

export function formatSummary(s: Style, input: SummaryInput): string {
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
  return [
    '',
    bold(
      s,
      `Summary — scenario ${input.scenario}: ${input.days} simulated days, ${input.polls} polls, ${input.seconds.toFixed(1)} s`,
    ),
    '',
    table([header, ...rows], ['l', 'l', 'r', 'r', 'l', 'r']),
    '',
    `Events published: ${totalEvents} (${byType || 'none'})`,
    `Alerts: ${input.slackMessages} Slack messages, ${input.snsMessages} SNS publishes, ${input.deadLetters} dead-lettered deliveries`,
    `Checked against the emulator's ledger: ${checkLine} — ${lost}, ${duplicates}`,
  ].join('\n');
}
