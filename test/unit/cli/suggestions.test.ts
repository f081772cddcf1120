// Every command line an alert suggests runs with the real CLI: parsed by the program the binary
// builds, down to its arguments and options. Renaming a command, an argument or an option of the
// CLI without the suggestions (lib/core/commands.ts) fails here.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/context.js';
import { createProgram } from '../../../cli/program.js';
import { CLI_NAME, suggest } from '../../../lib/core/commands.js';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import { isCommand } from '../../../lib/core/messages/content/rich.js';
import { severityOf } from '../../../lib/core/severity.js';
import { loadFixtures } from '../messages/fixtures.js';

const silentIo: CliIo = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: (async function* () {})(),
  env: {},
  now: () => 0,
  sleep: async () => {},
};

/** Parses a command line with the real program; resolves to the path of the command it would run. */
async function commandRun(line: string): Promise<string> {
  const [name, ...words] = line.split(' ');
  expect(name).toBe(CLI_NAME);
  const program = createProgram(silentIo, {
    context: () => {
      throw new Error('a suggestion is parsed, never run');
    },
    setExitCode: () => {},
  });
  let ran = '';
  const leaves = (command: Command, path: string[]): void => {
    for (const sub of command.commands) {
      const subPath = [...path, sub.name()];
      if (sub.commands.length > 0) leaves(sub, subPath);
      else
        sub.action(() => {
          ran = subPath.join(' ');
        });
    }
  };
  leaves(program, []);
  await program.parseAsync(words, { from: 'user' });
  return ran;
}

/** Every suggestion the module makes, for a model and a version. */
function everySuggestion(): string[] {
  return Object.values(suggest).map((line) => line('pump-station-7', 13));
}

describe('the command lines alerts suggest', () => {
  it.each(everySuggestion().filter((line) => line.startsWith(`${CLI_NAME} `)))(
    '%s parses with the CLI',
    async (line) => {
      // Act
      const ran = await commandRun(line);

      // Assess
      expect(line.startsWith(`${CLI_NAME} ${ran} `) || line === `${CLI_NAME} ${ran}`).toBe(true);
    },
  );

  it('include every command line of the alert of every sample event', async () => {
    // Prepare
    const lines = new Set<string>();
    for (const { event } of loadFixtures()) {
      for (const part of buildAlertContent(event, severityOf(event)).todo) {
        if (isCommand(part)) lines.add(part.code);
      }
    }
    const known = new Set(
      loadFixtures().flatMap(({ event: { detail } }) =>
        'modelName' in detail ? Object.values(suggest).map((line) => line(detail.modelName, null)) : [],
      ),
    );

    // Act
    const results = await Promise.all(
      [...lines].filter((line) => line.startsWith(`${CLI_NAME} `)).map(commandRun),
    );

    // Assess
    expect(lines.size).toBeGreaterThan(5);
    expect(results.every((ran) => ran !== '')).toBe(true);
    for (const line of lines) {
      const shape = line.replace(/ \d+$/, ' –').replace(/--model-version \d+/, '--model-version –');
      expect(known, `${line} is not made by lib/core/commands.ts`).toContain(shape);
    }
  });

  it('fails for a command the CLI does not have', async () => {
    // Act
    const parse = commandRun(`${CLI_NAME} scheduler restart pump-station-7`);

    // Assess
    await expect(parse).rejects.toThrow(/unknown command|too many arguments/);
  });
});
