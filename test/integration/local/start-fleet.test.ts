// `npm start -- --scenario fleet-org`: six targets in three accounts end to end offline, through the
// local STS, the dispatcher, the SQS event source and the per-target poller, each target checked against
// its own account and region's ledger.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const START = ['--import', 'tsx', 'local/start.ts'];
const TARGETS = [
  '123456789012/us-east-1',
  '123456789012/eu-west-1',
  '222222222222/us-east-1',
  '222222222222/eu-west-1',
  '333333333333/us-west-2',
  '333333333333/ap-southeast-2',
];

describe('npm start -- --scenario fleet-org', () => {
  it('watches six targets end to end and loses nothing in any of them, the cut-off account alarmed and recovered', () => {
    // Act
    const began = Date.now();
    const result = spawnSync(
      process.execPath,
      [...START, '--scenario', 'fleet-org', '--feed', 'full', '--slack', 'none', '--no-report'],
      { encoding: 'utf8', timeout: 240_000, env: ENV },
    );
    const seconds = (Date.now() - began) / 1000;

    // Assess
    expect(result.stderr).not.toMatch(/\n\s+at |refused/);
    expect(result.status).toBe(0);
    expect(seconds).toBeLessThan(150);
    const out = result.stdout;
    expect(out).toContain('scenario "fleet-org", 20 simulated days');
    expect(out).toContain('Fleet: 6 targets, each against its own ledger');
    for (const target of TARGETS) {
      expect(out).toMatch(
        new RegExp(`^  ${target}: 0 lost, 0 duplicated ids \\([1-9]\\d* transitions\\)`, 'm'),
      );
    }
    for (const region of ['us-west-2', 'ap-southeast-2']) {
      expect(out).toMatch(
        new RegExp(`^  333333333333/${region}: 0 lost.*\\n    unreachable → recovered$`, 'm'),
      );
    }
    expect(out).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 333333333333\/us-west-2 target UNREACHABLE/m);
    // The same model name in three accounts: each target's runs under its own name in the feed (a long
    // line goes on, indented, on the next).
    const feed = out.replace(/\n {4}/g, ' ');
    expect(feed).toMatch(/^\S+ \S+ pump-station-a\s+retraining v2 (IN_PROGRESS|∅) → SUCCESS/m);
    expect(feed).toMatch(/ pump-station-a 222222222222\/us-east-1 retraining v2 (IN_PROGRESS|∅) → FAILED/);
    expect(feed).toMatch(/ boiler-g 333333333333\/us-west-2 retraining v2 (IN_PROGRESS|∅) → SUCCESS/);
  }, 300_000);
});
