import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AutopilotSettingsError, parseAutopilotSettings } from '../../../local/autopilot-settings.js';

const demo = JSON.parse(readFileSync('local/scenarios/demo.json', 'utf8')) as { autopilot: unknown };
const policy = { mode: 'enforce', rules: [{ metric: 'recall', min: 0.8 }] };

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseAutopilotSettings(raw, 'scenario test');
  } catch (error) {
    if (error instanceof AutopilotSettingsError) return error.problems;
    throw error;
  }
  return [];
}

describe("a scenario's autopilot settings", () => {
  it("accept the demo scenario's policies as they are", () => {
    // Act
    const settings = parseAutopilotSettings(demo.autopilot, 'scenario demo');

    // Assess
    expect(settings.policies.default).toBeDefined();
    expect(Object.keys(settings.policies.models)).toEqual(['pump-b-regressing', 'pump-a-improving']);
  });

  it('reject a misspelt key instead of ignoring the policies', () => {
    // Act
    const problems = problemsOf({ polices: { default: policy } });

    // Assess
    expect(problems).toEqual([
      'autopilot: unknown key "polices" (expected policies, notifications; policies has default and models)',
    ]);
  });

  it('hold every policy to the policy schema, naming where the mistake is', () => {
    // Act
    const problems = problemsOf({
      policies: {
        default: { ...policy, rules: [{ metric: 'recall', mnin: 0.8 }] },
        models: { 'pump-a': { ...policy, mode: 'enforced' } },
      },
    });

    // Assess
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^autopilot\.policies\.default: rules\[0\]: Unrecognized key: "mnin"/);
    expect(problems.join('\n')).toMatch(/autopilot\.policies\.models\.pump-a: mode: /);
  });

  it('hold the notification routing to its schema', () => {
    // Act
    const problems = problemsOf({ notifications: { slak: {} } });

    // Assess
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^autopilot\.notifications: .*slak/);
  });

  it('put the first problem in the error message, after the source', () => {
    // Act
    const act = () => parseAutopilotSettings({ polices: {} }, 'scenario typo.json');

    // Assess
    expect(act).toThrow(/^scenario typo\.json: autopilot: unknown key "polices"/);
  });
});
