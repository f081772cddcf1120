// `npm start` as a person runs it: a subprocess, no TTY, bounded to a short simulated period.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

// One process (tsx as a loader), so a signal reaches the run itself.
const START = ['--import', 'tsx', 'local/start.ts'];

function runStart(args: string[]) {
  return spawnSync(process.execPath, [...START, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: ENV,
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const tooWide = (text: string, width = 80) => lines(text).filter((line) => [...line].length > width);

const work = mkdtempSync(join(tmpdir(), 'l4e-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm start', () => {
  it('runs the demo offline and shows the full feed, alerts, decisions and a summary with nothing lost', () => {
    // Prepare
    const reportFile = join(work, 'run-report.html');

    // Act
    const result = runStart(['--days', '40', '--feed', 'full', '--slack', 'brief', '--report', reportFile]);

    // Assess
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain('scenario "demo", 40 simulated days');
    expect(out).toMatch(/pump-a-improving\s+retraining v2 IN_PROGRESS → SUCCESS/);
    expect(out).toMatch(/compressor-c-managed\s+active version v1 → v2 \(MANAGED_PROMOTION\)/);
    expect(out).toMatch(/fan-d-failures\s+retraining v3 (∅|IN_PROGRESS) → FAILED: /);
    expect(out).toMatch(/fan-d-failures\s+active version v1 → v2 \(AUTOPILOT_POLICY\)/);
    // Decisions with their checks, as Slack would show them; a SKIPPED one says why.
    expect(out).toMatch(/decision v2 DRY_RUN · 4\/4 checks passed/);
    expect(out).toMatch(/decision v\d ACTIVATED/);
    expect(out).toMatch(/compressor-c-managed\s+decision v2 SKIPPED: \S+/);
    expect(out).not.toMatch(/0\/0 checks passed/);
    expect(out).toMatch(/metric\s+rule\s+threshold\s+actual\s+ok/);
    expect(out).toMatch(/SNS ✉ \[error\]/);
    // The summary, checked against the emulator's ledger.
    expect(out).toMatch(/Summary — scenario demo: 40 simulated days, \d+ polls/);
    const alerts = out.match(
      /Alerts: (\d+) Slack messages, (\d+) Teams messages, \d+ SNS publishes, 0 dead-lettered\s+deliveries/,
    );
    expect(alerts).not.toBeNull();
    // Teams is routed as Slack is by default, so every alert reached both.
    expect(alerts?.[2]).toBe(alerts?.[1]);
    // The report of the run, written where asked and named in the output.
    expect(out).toContain(`Report: ${reportFile}`);
    const html = readFileSync(reportFile, 'utf8');
    for (const model of ['pump-a-improving', 'fan-d-failures', 'compressor-c-managed'])
      expect(html).toContain(model);
    expect(html).toMatch(/<svg class="chart timeline"/);
    expect(out).toMatch(/— 0 lost, 0\s+duplicated ids/);
    expect(result.stderr).toMatch(/day 40\/40/);
    expect(result.stderr).not.toMatch(/NodeVersionSupportWarning/);
    // Each SNS publish is shown once, under the event it reports.
    const publishes = Number(/(\d+) SNS publishes/.exec(out)?.[1]);
    expect(out.match(/SNS ✉/g)).toHaveLength(publishes);
    // Piped, every line fits 80 columns, Slack boxes included.
    expect(tooWide(out)).toEqual([]);
    expect(tooWide(result.stderr)).toEqual([]);
  }, 120_000);

  it('piped with no options, prints a short feed within 80 columns and the summary', () => {
    // Act
    const result = runStart(['--days', '35']);

    // Assess
    expect(result.status).toBe(0);
    expect(tooWide(result.stdout)).toEqual([]);
    expect(tooWide(result.stderr)).toEqual([]);
    const [feed = '', summary = ''] = result.stdout.split('\nSummary — ');
    expect(feed).toContain('short feed');
    expect(feed).not.toMatch(/╭|SNS ✉|promotion v/);
    expect(feed).toMatch(/fan-d-failures\s+retraining v3 IN_PROGRESS → FAILED: /);
    expect(feed).toMatch(/decision v2 REJECTED · \d\/\d checks passed$/m);
    expect(lines(feed).length).toBeLessThanOrEqual(30);
    expect(summary).toMatch(/0 lost/);
  }, 120_000);

  it('ends quietly with exit 0 when its reader closes the pipe (npm start | head -1)', () => {
    // Act
    const result = spawnSync(
      'bash',
      ['-c', `node ${START.join(' ')} --days 30 | head -1; echo "start-status=\${PIPESTATUS[0]}" >&2`],
      { encoding: 'utf8', timeout: 120_000, env: ENV },
    );

    // Assess
    expect(lines(result.stdout)).toHaveLength(1);
    expect(result.stderr).toContain('start-status=0');
    expect(result.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  });

  it('explains its options with --help', () => {
    // Act
    const help = runStart(['--help']);

    // Assess
    expect(help.status).toBe(0);
    const options = [
      '--scenario',
      '--days',
      '--poll-interval',
      '--days-per-second',
      '--seed',
      '--follow',
      '--feed',
    ];
    for (const option of options) expect(help.stdout).toContain(option);
    expect(tooWide(help.stdout)).toEqual([]);
  });

  it.each([
    [['--scenario', 'dmeo'], /^error: .*'dmeo' is invalid\. no such scenario \(did you mean "demo"\?\)/m],
    [['--slack', 'verbose'], /^error: .*'verbose' is invalid\. Allowed choices are full, brief, none\.$/m],
  ])('rejects %j before starting anything: error line, exit 2', (args, message) => {
    // Act
    const result = runStart(args);

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a scenario whose policies have a typo instead of skipping every decision', () => {
    // Prepare
    const demo = JSON.parse(readFileSync('local/scenarios/demo.json', 'utf8')) as {
      autopilot: { policies: unknown };
    };
    const typo = join(work, 'typo.json');
    writeFileSync(typo, JSON.stringify({ ...demo, autopilot: { polices: demo.autopilot.policies } }));

    // Act
    const result = runStart(['--scenario', typo, '--days', '10']);

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: scenario .*typo\.json: autopilot: unknown key "polices"/m);
    expect(result.stdout).toBe('');
  });

  it('with --follow, prints the variables for the CLI and keeps the clock moving until Ctrl-C', async () => {
    // Act
    const child = spawn(process.execPath, [...START, '--days', '2', '--follow'], { env: ENV });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 60_000;
    while (!stdout.includes('following; Ctrl-C to stop') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGINT');
    const code = await exited;

    // Assess
    for (const name of [
      'AWS_REGION',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT',
      'AWS_ENDPOINT_URL_DYNAMODB',
      'AWS_ENDPOINT_URL_SSM',
      'STATE_TABLE_NAME',
      'PARAMETER_PREFIX',
    ]) {
      expect(stdout).toMatch(new RegExp(`^export ${name}=\\S+$`, 'm'));
    }
    expect(stdout).toContain('following; Ctrl-C to stop');
    // The clock went on past the last day, and the run ended with its summary.
    expect(stdout).toMatch(/Summary — scenario demo: 2 simulated days, (\d+) polls/);
    const polls = Number(/2 simulated days, (\d+) polls/.exec(stdout)?.[1]);
    expect(polls).toBeGreaterThan(2 * 24 + 1);
    expect(code).toBe(0);
  });
});
