// `npm start` as a person runs it: a subprocess, no TTY, bounded to a short simulated period.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runStart(args: string[]) {
  return spawnSync('npx', ['tsx', 'local/start.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
}

describe('npm start', () => {
  it('runs the demo offline and shows the feed, alerts, decisions and a summary with nothing lost', () => {
    // Act
    const result = runStart(['--days', '40', '--no-color', '--slack', 'brief']);
    // Assess
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain('offline run of scenario "demo" for 40 simulated days');
    expect(out).toMatch(/pump-a-improving\s+retraining v2 IN_PROGRESS → SUCCESS/);
    expect(out).toMatch(/compressor-c-managed\s+active version v1 → v2 \(MANAGED_PROMOTION\)/);
    expect(out).toMatch(/fan-d-failures\s+retraining v3 (∅|IN_PROGRESS) → FAILED/);
    expect(out).toMatch(/fan-d-failures\s+active version v1 → v2 \(AUTOPILOT_POLICY\)/);
    // Decisions with their checks, as Slack would show them.
    expect(out).toMatch(/decision v2 DRY_RUN/);
    expect(out).toMatch(/decision v\d ACTIVATED/);
    expect(out).toMatch(/metric\s+rule\s+threshold\s+actual\s+ok/);
    expect(out).toMatch(/SNS ✉ \[error\]/);
    // The summary, checked against the emulator's ledger.
    expect(out).toMatch(/Summary — scenario demo: 40 simulated days, \d+ polls/);
    expect(out).toMatch(/Alerts: \d+ Slack messages, \d+ SNS publishes, 0 dead-lettered deliveries/);
    expect(out).toMatch(/— 0 lost, 0 duplicated ids/);
    expect(result.stderr).toMatch(/day 40\/40/);
    expect(result.stderr).not.toMatch(/NodeVersionSupportWarning/);
  });

  it('explains its options with --help and rejects a bad one', () => {
    const help = runStart(['--help']);
    expect(help.status).toBe(0);
    for (const option of ['--scenario', '--days', '--poll-interval', '--speed', '--seed', '--follow']) {
      expect(help.stdout).toContain(option);
    }
    const bad = runStart(['--poll-interval', 'soon']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/expected an ISO-8601 duration/);
  });
});
