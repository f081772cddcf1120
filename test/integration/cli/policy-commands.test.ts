// The policy commands end to end: offline validation, publishing to SSM with versions, the effective
// policy and its origin, and evaluation against real versions with what apply-policy would decide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFits80, expectGolden } from './golden.js';
import { buildCli, type CliWorld, PREFIX, startWorld } from './harness.js';

const STRICT = 'test/integration/cli/fixtures/strict-policy.json';
const INVALID = 'test/integration/cli/fixtures/invalid-policy.json';
const TARGET_POLICY = 'test/integration/cli/fixtures/target-policy.json';

describe('l4e-autopilot policy', () => {
  let world: CliWorld;

  beforeAll(async () => {
    await buildCli();
    world = await startWorld();
    world.emulator.advance('P100D');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('validate accepts a valid file offline and shows its rules', async () => {
    // Act
    const result = await world.run(['policy', 'validate', STRICT, '--no-color']);

    // Assess
    expect(result.code).toBe(0);
    await expectGolden('policy-validate-valid.txt', result.stdout);
  });

  it('validate lists every error of an invalid file and exits 2', async () => {
    // Act
    const table = await world.run(['policy', 'validate', INVALID]);
    const json = await world.run(['policy', 'validate', INVALID, '--json']);
    const missing = await world.run(['policy', 'validate', 'no/such/policy.json']);

    // Assess
    expect(table.code).toBe(2);
    expect(table.stdout).toBe('');
    expect(
      table.stderr
        .split('\n')
        .slice(1)
        .every((line) => [...line].length <= 80),
    ).toBe(true);
    await expectGolden('policy-validate-invalid.stderr.txt', table.stderr);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).errors).toHaveLength(4);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'error: cannot read policy file no/such/policy.json (ENOENT); check the path\n',
    );
  });

  it('show says there is no policy when neither parameter exists', async () => {
    // Act
    const result = await world.run(['policy', 'show', 'pump-a-improving']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `no policy: neither ${PREFIX}/policies/models/pump-a-improving nor ${PREFIX}/policies/default exists\n`,
    );
  });

  it('put validates first and writes nothing for an invalid file', async () => {
    // Act
    const result = await world.run(['policy', 'put', '--default', INVALID]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `error: ${INVALID} is not a valid policy; nothing was written:`,
    );
    expect(world.ssm.history().filter((call) => call.op === 'PutParameter')).toEqual([]);
  });

  it('put writes the default and a model override, and show tells which one applies with its version', async () => {
    // Act
    const putDefault = await world.run(['policy', 'put', '--default', STRICT]);
    const putAgain = await world.run(['policy', 'put', '--default', STRICT, '--json']);
    const putModel = await world.run(['policy', 'put', 'pump-b-regressing', STRICT]);
    const showDefaulted = await world.run(['policy', 'show', 'pump-a-improving', '--no-color']);
    const showOwn = await world.run(['policy', 'show', 'pump-b-regressing', '--json']);

    // Assess
    expect(putDefault.stdout).toBe(`wrote ${PREFIX}/policies/default version 1 (mode enforce)\n`);
    expect(JSON.parse(putAgain.stdout)).toEqual({ parameterName: `${PREFIX}/policies/default`, version: 2 });
    expect(putModel.stdout).toBe(
      `wrote ${PREFIX}/policies/models/pump-b-regressing version 1 (mode enforce)\n`,
    );
    expect(world.ssm.get(`${PREFIX}/policies/default`)).toBe(JSON.stringify(JSON.parse(STRICT_TEXT)));
    await expectGolden('policy-show-default.txt', showDefaulted.stdout);
    await expectGolden('policy-show-model.json', showOwn.stdout);
  });

  it('show reports a stored policy that is invalid instead of hiding it', async () => {
    // Prepare
    world.ssm.put(`${PREFIX}/policies/models/fan-d-failures`, '{"mode":"enforce","rules":[]}');

    // Act
    const result = await world.run(['policy', 'show', 'fan-d-failures']);

    // Assess
    expect(result.code).toBe(0);
    await expectGolden('policy-show-invalid.txt', result.stdout);
    expect(result.stdout).toContain(
      'this policy is invalid, so apply-policy records FAILED instead of applying it:',
    );
  });

  it('evaluate shows every check, the eligibility verdict and what apply-policy would decide', async () => {
    // Act
    const passing = await world.run(['policy', 'evaluate', 'pump-a-improving', '5', '--no-color']);
    const failing = await world.run(['policy', 'evaluate', 'pump-b-regressing', '4', '--json']);
    const ineligible = await world.run([
      'policy',
      'evaluate',
      'fan-d-failures',
      '3',
      '--file',
      STRICT,
      '--no-color',
    ]);

    // Assess
    expect([passing.code, failing.code, ineligible.code]).toEqual([0, 0, 0]);
    expectFits80(passing.stdout);
    await expectGolden('policy-evaluate-activate.txt', passing.stdout);
    await expectGolden('policy-evaluate-reject.json', failing.stdout);
    await expectGolden('policy-evaluate-ineligible.txt', ineligible.stdout);
    expect(JSON.parse(failing.stdout).wouldDecide.outcome).toBe('REJECTED');
  });

  it('evaluate --file with an invalid policy exits 2 without calling L4E', async () => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const result = await world.run(['policy', 'evaluate', 'pump-a-improving', '5', '--file', INVALID]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`error: ${INVALID} is not a valid policy:`);
    expect(world.emulator.stats().calls).toEqual({});
  });

  it("--target writes, shows and evaluates a target's policy for a model, saying which level answered", async () => {
    // Prepare: the emulator's models live in 123456789012/us-east-1; the default and a model policy exist.
    const target = `${PREFIX}/policies/targets/123456789012/us-east-1/models/pump-a-improving`;

    // Act
    const before = await world.run([
      'policy',
      'show',
      'pump-a-improving',
      '--target',
      '123456789012/us-east-1',
    ]);
    const put = await world.run([
      'policy',
      'put',
      '--target',
      '123456789012/us-east-1',
      'pump-a-improving',
      TARGET_POLICY,
      '--json',
    ]);
    const shown = await world.run([
      'policy',
      'show',
      'pump-a-improving',
      '--target',
      '123456789012/us-east-1',
    ]);
    const json = await world.run([
      'policy',
      'show',
      'pump-a-improving',
      '--target',
      '123456789012/us-east-1',
      '--json',
    ]);
    const elsewhere = await world.run([
      'policy',
      'show',
      'pump-b-regressing',
      '--target',
      '222222222222/eu-west-1',
    ]);
    const withoutTarget = await world.run(['policy', 'show', 'pump-a-improving', '--json']);
    const evaluated = await world.run(['policy', 'evaluate', 'pump-a-improving', '5', '--json']);
    const otherTarget = await world.run([
      'policy',
      'evaluate',
      'pump-a-improving',
      '5',
      '--target',
      '222222222222/eu-west-1',
      '--no-color',
    ]);

    // Assess
    expect(before.stdout).toContain('Source      the default (no target or per-model parameter)');
    expect(JSON.parse(put.stdout)).toEqual({ parameterName: target, version: 1 });
    // Piped, the long parameter name is cut to 80 columns; --json gives it whole.
    const [forLine, parameterLine, sourceLine] = shown.stdout.split('\n');
    expect(forLine).toBe('Policy for  pump-a-improving in 123456789012/us-east-1');
    expect(parameterLine).toMatch(
      /^Parameter {3}\/l4e-autopilot\/test\/policies\/targets\/123456789012\/us-east-1\//,
    );
    expect(sourceLine).toBe("Source      the target's parameter for the model (123456789012/us-east-1)");
    expect(JSON.parse(json.stdout)).toMatchObject({ source: 'target', parameterName: target, version: 1 });
    expect(elsewhere.stdout).toContain(`Parameter   ${PREFIX}/policies/models/pump-b-regressing (version 1)`);
    expect(elsewhere.stdout).toContain('Source      the per-model parameter (none for the target)');
    expect(JSON.parse(withoutTarget.stdout)).toMatchObject({ source: 'default' });
    // Without --target, evaluate reads the policies of the model's own account and region, as apply-policy does.
    const view = JSON.parse(evaluated.stdout);
    expect(view.policy).toMatchObject({ source: 'target', parameterName: target, version: 1 });
    expect(view.wouldDecide.outcome).toBe('REJECTED');
    expect(otherTarget.stdout).toContain(`Policy  ${PREFIX}/policies/default (version 2, the default)`);
    expect(otherTarget.stdout).toContain('Would decide: ACTIVATED');
  });

  it('--target is refused with --default and when it is not ACCOUNT/REGION, before anything is sent', async () => {
    // Prepare
    const writes = world.ssm.history().filter((call) => call.op === 'PutParameter').length;

    // Act
    const withDefault = await world.run([
      'policy',
      'put',
      '--default',
      STRICT,
      '--target',
      '123456789012/us-east-1',
    ]);
    const showDefault = await world.run([
      'policy',
      'show',
      '--default',
      '--target',
      '123456789012/us-east-1',
    ]);
    const malformed = await world.run(['policy', 'show', 'pump-a-improving', '--target', 'us-east-1']);

    // Assess
    expect([withDefault.code, showDefault.code, malformed.code]).toEqual([2, 2, 2]);
    expect(withDefault.stderr).toBe(
      'error: --target needs a model name: a target has policies per model, every target shares the default\n',
    );
    expect(showDefault.stderr).toBe(withDefault.stderr);
    expect(malformed.stderr).toBe(
      'error: --target must be ACCOUNT/REGION: a 12-digit account id and a region, e.g. 222222222222/eu-west-1, got "us-east-1"\n',
    );
    expect(world.ssm.history().filter((call) => call.op === 'PutParameter')).toHaveLength(writes);
  });
});

const STRICT_TEXT = `{
  "mode": "enforce",
  "description": "Strict: recall and precision both at least 0.85.",
  "rules": [
    { "metric": "recall", "min": 0.85 },
    { "metric": "precision", "min": 0.85 },
    { "metric": "recall", "minDeltaVsPrior": 0 }
  ],
  "requireModelQuality": ["QUALITY_THRESHOLD_MET"]
}`;
