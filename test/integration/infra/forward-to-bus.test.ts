// Spoke mode in the deployed template: `osls package` (no credentials) without forwardToBusArn and with a
// central bus in another account and region. Off, the template has nothing of it; on, it differs from
// the template without it by the forward rule, its role and its dead-letter queue only, which hold to
// the spoke-mode check, the rule-target checks every rule passes, and cfn-lint.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackagedService, packageService } from '../support/package-service.js';
import { forwardProblems, forwardRules } from './forward-checks.js';
import {
  deadLetterQueueProblems,
  partitionProblems,
  ruleTargetProblems,
  wildcardActionProblems,
} from './template-checks.js';
import type { CfnTemplate } from './template-model.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STAGE = 'ci';
const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
// The stack packages for us-east-1; the central bus is in another account and another region.
const CENTRAL = 'arn:aws:events:eu-central-1:210987654321:event-bus/fleet-central';
const FORWARD_RESOURCES = ['ForwardDlq', 'ForwardDlqPolicy', 'ForwardRole', 'ForwardRule'];

let off: PackagedService;
let on: PackagedService;

beforeAll(async () => {
  [off, on] = await Promise.all([packageService(STAGE), packageService(STAGE, { forwardToBusArn: CENTRAL })]);
}, 180_000);

afterAll(() => {
  off?.remove();
  on?.remove();
});

/** The template without `logicalIds`, and with the artifact folder (named for when it was packaged) blanked. */
function without(template: CfnTemplate, logicalIds: readonly string[]): unknown {
  const resources = Object.entries(template.Resources).filter(([id]) => !logicalIds.includes(id));
  const text = JSON.stringify({ ...template, Resources: Object.fromEntries(resources) });
  return JSON.parse(text.replace(/(serverless\/l4e-autopilot\/[^/]+\/)\d+-[^/"]+\//g, '$1<packaged>/'));
}

describe('without forwardToBusArn', () => {
  it('adds no rule, role or queue: no rule forwards outside the stack', () => {
    // Assess
    expect(forwardRules(off.template)).toEqual([]);
    expect(Object.keys(off.template.Resources).filter((id) => id.startsWith('Forward'))).toEqual([]);
    expect(forwardProblems(off.template, CENTRAL)).toEqual(['no rule forwards to the central bus']);
  });
});

describe('with forwardToBusArn', () => {
  it('adds the forward rule, its role, its dead-letter queue and its policy, and changes nothing else', () => {
    // Act
    const added = Object.keys(on.template.Resources).filter((id) => off.template.Resources[id] === undefined);

    // Assess
    expect(added.sort()).toEqual(FORWARD_RESOURCES);
    expect(without(on.template, FORWARD_RESOURCES)).toEqual(without(off.template, []));
  });

  it('forwards every l4e.autopilot event of the stack bus to the central bus, through a role EventBridge assumes for that rule only, that may only put events there', () => {
    // Assess
    expect(forwardProblems(on.template, CENTRAL)).toEqual([]);
    expect(on.template.Resources.ForwardRule?.Properties?.Name).toBe(`l4e-autopilot-${STAGE}-forward`);
  });

  it('retries the forward and keeps what it could not deliver, like every other rule', () => {
    // Assess
    expect(ruleTargetProblems(on.template)).toEqual([]);
    expect(deadLetterQueueProblems(on.template)).toEqual([]);
    expect(wildcardActionProblems(on.template)).toEqual([]);
  });

  it('names a partition only in the central bus ARN it was given', () => {
    // Assess
    expect(partitionProblems(on.template)).toEqual([
      `Resources/ForwardRule/Properties/Targets[0]/Arn hard-codes a partition: ${CENTRAL}`,
      `Resources/ForwardRole/Properties/Policies[0]/PolicyDocument/Statement[0]/Resource hard-codes a partition: ${CENTRAL}`,
    ]);
  });

  it.skipIf(!hasCfnLint)('passes cfn-lint with no finding beyond those .cfnlintrc.yaml lists', async () => {
    // Act
    const result = await run(
      'cfn-lint',
      ['--config-file', '.cfnlintrc.yaml', '--format', 'json', '--', on.templateFile],
      { cwd: ROOT, timeout: 120_000 },
    ).then(
      (out) => ({ code: 0, stdout: out.stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
    );
    const findings = JSON.parse(result.stdout || '[]') as Array<{ Level: string; Message: string }>;

    // Assess
    expect(findings.map((f) => `${f.Level}: ${f.Message}`)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it("refuses the stack's own bus at package time, in one line", async () => {
    // Act
    const failure = await packageService(STAGE, {
      forwardToBusArn: `arn:aws:events:us-east-1:123456789012:event-bus/l4e-autopilot-${STAGE}`,
    }).then(
      (service) => {
        service.remove();
        return '';
      },
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );

    // Assess
    expect(failure).toBe(
      `Error: forwardToBusArn names a bus called l4e-autopilot-${STAGE} in us-east-1, the name of this stack's own bus: the central bus must have another name or be in another region\n`,
    );
  }, 180_000);
});
