// The README's CLI session is what the commands print: run against `npm start -- --follow`, compared
// with the README's block. After a change of output, `npm run readme:session` rewrites the block.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  README,
  readmeSession,
  runReadmeSession,
  SESSION,
  SESSION_POLICY,
} from '../../../local/readme-session.js';
import { buildCli } from '../cli/harness.js';

describe("the README's CLI session", () => {
  beforeAll(async () => {
    await buildCli();
  });

  it('is what the commands print against npm start -- --follow (npm run readme:session rewrites it)', async () => {
    // Act
    const transcript = await runReadmeSession();

    // Assess
    const readme = readFileSync(README, 'utf8');
    expect(readmeSession(readme)).toBe(transcript);
    for (const command of SESSION) expect(transcript).toContain(`$ ${command}\n`);
    // The rollback the session shows is possible because the session activated first.
    expect(transcript).toMatch(/rollback pump-a-improving --yes\npump-a-improving is now on v1/);
    // scheduler stop --wait ends because the followed clock moves.
    expect(transcript).toMatch(/is STOPPED after ‹n›s/);
  }, 300_000);

  it("evaluates with the policy of the README's Policies section", () => {
    // Act
    const readme = readFileSync(README, 'utf8');

    // Assess
    expect(readme).toContain(`\`\`\`json\n${SESSION_POLICY}\`\`\``);
  });
});
