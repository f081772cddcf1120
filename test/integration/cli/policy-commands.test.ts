// The policy commands end to end: offline validation, publishing to SSM with versions, the effective
// policy and its origin, and evaluation against real versions with what apply-policy would decide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFits80, expectGolden } from './golden.js';
import { buildCli, type CliWorld, PREFIX, startWorld } from './harness.js';

const STRICT = 'test/integration/cli/fixtures/strict-policy.json';
const INVALID = 'test/integration/cli/fixtures/invalid-policy.json';

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
