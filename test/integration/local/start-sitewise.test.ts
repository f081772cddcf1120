// `npm start` on the IoT SiteWise scenarios: the SiteWise emulator beside the L4E emulator on one clock,
// the real handlers watching both, and the ledger check across both emulators.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSiteWiseEmulator } from '../../../local/sitewise/index.js';
import type { SiteWiseScenarioIds } from '../../../local/sitewise/scenario.js';

const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const START = ['--import', 'tsx', 'local/start.ts'];

function runStart(args: string[]) {
  return spawnSync(process.execPath, [...START, ...args], { encoding: 'utf8', timeout: 240_000, env: ENV });
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
/** The feed lines of one model (by the scenario's name), without the Slack boxes under them. */
const feedOf = (out: string, label: string) =>
  lines(out).filter((line) => new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} ${label}\\s`).test(line));
const decisionsOf = (out: string, label: string) =>
  feedOf(out, label)
    .map((line) => / decision v\d+ (\w+)/.exec(line)?.[1])
    .filter((outcome) => outcome !== undefined);

const work = mkdtempSync(join(tmpdir(), 'l4e-start-sitewise-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The ids the SiteWise emulator gives a scenario's resources (the same for the same seed). */
async function idsOf(scenario: string): Promise<SiteWiseScenarioIds> {
  const emulator = await startSiteWiseEmulator({ scenario });
  try {
    return emulator.resources();
  } finally {
    await emulator.close();
  }
}

describe('npm start -- --scenario demo-sitewise', () => {
  let result: ReturnType<typeof runStart>;
  let ids: SiteWiseScenarioIds;
  const reportFile = join(work, 'sitewise-report.html');

  beforeAll(async () => {
    ids = await idsOf('demo-sitewise');
    result = runStart([
      '--scenario',
      'demo-sitewise',
      '--days',
      '50',
      '--poll-interval',
      'PT4H',
      '--feed',
      'full',
      '--slack',
      'none',
      '--report',
      reportFile,
    ]);
  }, 300_000);

  it('runs offline to a summary that lost and duplicated nothing against both ledgers', () => {
    // Assess
    expect(result.stderr).not.toMatch(/\n\s+at |refused/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('scenario "demo-sitewise", 50 simulated days');
    expect(result.stdout).toContain('8 IoT SiteWise models');
    expect(result.stdout).toMatch(/Checked against both emulators' ledgers: (\d+)\/\1 run outcomes/);
    expect(result.stdout).toMatch(/— 0 lost, 0\s+duplicated ids/);
  });

  it('shows SiteWise runs, promotions, failures and scheduler changes in the feed like L4E ones', () => {
    // Assess
    const out = result.stdout;
    expect(feedOf(out, 'compressor-managed').join('\n')).toMatch(
      /active version v1 → v2 \(MANAGED_PROMOTION\)[\s\S]*retraining v3 (IN_PROGRESS|∅) → SUCCESS/,
    );
    expect(feedOf(out, 'compressor-managed').join('\n')).toMatch(/promotion v3 MODEL_NOT_PROMOTED/);
    expect(feedOf(out, 'fan-failures').join('\n')).toMatch(/retraining v3 (IN_PROGRESS|∅) → FAILED/);
    expect(feedOf(out, 'turbine-stopped').join('\n')).toMatch(/scheduler (RUNNING|STOPPING) → STOPPED/);
    // The operator's inference START on another version is an activation by hand.
    expect(feedOf(out, 'pump-regressing').join('\n')).toMatch(
      /active version v1 → v2 \((?!AUTOPILOT_POLICY)/,
    );
    for (const belt of ['belt-1', 'belt-2', 'belt-3'])
      expect(feedOf(out, `conveyor/${belt}`).join('\n')).toMatch(/retraining v2 (IN_PROGRESS|∅) → SUCCESS/);
  });

  it('lets apply-policy decide on CUSTOMER_MANAGED models only', () => {
    // Assess
    const out = result.stdout;
    expect(decisionsOf(out, 'pump-improving')).toContain('ACTIVATED');
    expect(feedOf(out, 'pump-improving').join('\n')).toMatch(/active version v1 → v2 \(AUTOPILOT_POLICY\)/);
    expect(decisionsOf(out, 'pump-regressing')).toContain('REJECTED');
    expect(decisionsOf(out, 'pump-regressing')).not.toContain('ACTIVATED');
    for (const managed of ['compressor-managed', 'fan-failures', 'turbine-stopped', 'conveyor/belt-1']) {
      expect(decisionsOf(out, managed).filter((outcome) => outcome !== 'SKIPPED')).toEqual([]);
      expect(feedOf(out, managed).join('\n')).not.toMatch(/AUTOPILOT_POLICY/);
    }
  });

  it('sends the alerts and writes a report that covers the SiteWise models', () => {
    // Assess
    const alerts =
      /Alerts: (\d+) Slack messages, (\d+) Teams messages, (\d+) SNS publishes, 0 dead-lettered/.exec(
        result.stdout.replace(/\n\s+/g, ' '),
      );
    expect(Number(alerts?.[1])).toBeGreaterThan(10);
    expect(Number(alerts?.[3])).toBeGreaterThan(0);
    const html = readFileSync(reportFile, 'utf8');
    expect(html).toContain(ids.computationModels['compressor-managed']);
    expect(html).toContain(`${ids.computationModels.conveyor}/${ids.assets['belt-2']}`);
    expect(html).toContain('IoT SiteWise emulator');
  });
});

describe('npm start -- --scenario demo-mixed', () => {
  it('watches L4E and SiteWise models on one bus with one policy set, and loses nothing', () => {
    // Act
    const result = runStart([
      '--scenario',
      'demo-mixed',
      '--days',
      '40',
      '--poll-interval',
      'PT4H',
      '--feed',
      'full',
      '--slack',
      'none',
      '--no-report',
    ]);

    // Assess
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain('8 models (3 L4E, 5 IoT SiteWise)');
    // Both providers' events reached the one feed; the one default policy decided for both.
    expect(decisionsOf(out, 'fan-d-failures')).toContain('ACTIVATED');
    expect(decisionsOf(out, 'pump-improving')).toContain('ACTIVATED');
    expect(feedOf(out, 'compressor-c-managed').join('\n')).toMatch(
      /active version v1 → v2 \(MANAGED_PROMOTION\)/,
    );
    expect(feedOf(out, 'compressor-managed').join('\n')).toMatch(
      /active version v1 → v2 \(MANAGED_PROMOTION\)/,
    );
    for (const managed of ['compressor-managed', 'conveyor/belt-1'])
      expect(decisionsOf(out, managed).filter((outcome) => outcome !== 'SKIPPED')).toEqual([]);
    expect(out).toMatch(/Checked against both emulators' ledgers: (\d+)\/\1 run outcomes/);
    expect(out).toMatch(/— 0 lost, 0\s+duplicated ids/);
    expect(out).toMatch(/Alerts: [1-9]\d* Slack messages/);
  }, 300_000);
});
