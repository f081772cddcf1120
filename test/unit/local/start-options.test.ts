import { describe, expect, it } from 'vitest';
import { parseStartOptions } from '../../../local/start-options.js';

function parse(args: string[], isTerminal = false) {
  let out = '';
  let err = '';
  const parsed = parseStartOptions(args, isTerminal, {
    writeOut: (text) => {
      out += text;
    },
    writeErr: (text) => {
      err += text;
    },
  });
  return { parsed, out, err };
}

describe('npm start options', () => {
  it.each([
    [
      ['--scenario', 'dmeo'],
      `error: option '--scenario <name|path>' argument 'dmeo' is invalid. no such scenario (did you mean "demo"?); choose demo, demo-mixed, demo-sitewise, fleet-15, fleet-org or the path of a JSON file`,
    ],
    [
      ['--scenario', 'nothing-like-it'],
      `error: option '--scenario <name|path>' argument 'nothing-like-it' is invalid. no such scenario; choose demo, demo-mixed, demo-sitewise, fleet-15, fleet-org or the path of a JSON file`,
    ],
    [
      ['--port', '99999'],
      `error: option '--port <port>' argument '99999' is invalid. it must be a whole number from 0 to 65535`,
    ],
    [
      ['--slack', 'verbose'],
      `error: option '--slack <level>' argument 'verbose' is invalid. Allowed choices are full, brief, none.`,
    ],
    [
      ['--poll-interval', 'P1Y'],
      `error: option '--poll-interval <duration>' argument 'P1Y' is invalid. it must be an ISO-8601 duration from PT1M to P1D (e.g. PT5M, PT1H); P1Y is longer than a day`,
    ],
    [
      ['--poll-interval', 'PT30S'],
      `error: option '--poll-interval <duration>' argument 'PT30S' is invalid. it must be an ISO-8601 duration from PT1M to P1D (e.g. PT5M, PT1H); PT30S is shorter than a minute`,
    ],
    [
      ['--days', '0'],
      `error: option '--days <n>' argument '0' is invalid. it must be a whole number from 1 to 3650`,
    ],
    [
      ['--days-per-second', '-1'],
      `error: option '--days-per-second <n>' argument '-1' is invalid. it must be a number of simulated days per second from 0 (as fast as it can) to 10000`,
    ],
    [
      ['--speed', '5'],
      `error: option '--speed <n>' argument '5' is invalid. npm start paces in simulated days per second: use --days-per-second (the emulator's own --speed is a multiple of real time)`,
    ],
    [
      ['--feed', 'long'],
      `error: option '--feed <level>' argument 'long' is invalid. Allowed choices are short, full.`,
    ],
    [['--dyas', '5'], `error: unknown option '--dyas'\n(Did you mean --days?)`],
  ])('reject %j with one error line naming what is valid, exit 2', (args, message) => {
    // Act
    const { parsed, out, err } = parse(args);

    // Assess
    expect(parsed).toEqual({ exitCode: 2 });
    expect(err).toBe(`${message}\n(add --help for usage)\n`);
    expect(out).toBe('');
  });

  it('answer --help with exit 0 and every line within 80 columns', () => {
    // Act
    const { parsed, out } = parse(['--help']);

    // Assess
    expect(parsed).toEqual({ exitCode: 0 });
    expect(out).toContain('--days-per-second <n>');
    expect(out.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });

  it('default to the short feed when piped and the full one on a terminal', () => {
    // Act
    const piped = parse([]).parsed;
    const terminal = parse([], true).parsed;

    // Assess
    expect(piped).toMatchObject({ options: { feed: 'short', slack: 'brief', pollIntervalMs: 3_600_000 } });
    expect(terminal).toMatchObject({ options: { feed: 'full' } });
  });

  it('read a poll interval in weeks, days and hours', () => {
    // Act
    const { parsed } = parse(['--poll-interval', 'PT2H30M', '--days', '7', '--port', '0']);

    // Assess
    expect(parsed).toMatchObject({ options: { pollIntervalMs: 9_000_000, days: 7, port: 0 } });
  });
});
