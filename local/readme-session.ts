// The README's CLI session, run for real: `npm start -- --follow` in the background, then each command
// of the session through the built CLI with the variables that run prints. `npm run readme:session`
// rewrites the README's block between the session markers; the test compares the two, so the README
// cannot drift from what the commands print.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from './run-process.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const README = join(ROOT, 'README.md');
export const BEGIN_MARKER = '<!-- cli-session:begin (npm run readme:session rewrites this block) -->';
export const END_MARKER = '<!-- cli-session:end -->';
const CLI = join(ROOT, 'dist', 'cli.mjs');
// Day 12 (2025-01-18) is followed by 19 quiet days: nothing in the demo changes while the session runs.
const FOLLOW_ARGS = ['--days', '12', '--quiet'];
const STEP_TIMEOUT_MS = 60_000;

/** The policy file the session evaluates with: the example of the README's Policies section. */
export const SESSION_POLICY = `{
  "mode": "enforce",
  "rules": [
    { "metric": "recall", "min": 0.8 },
    { "metric": "precision", "min": 0.6 },
    { "metric": "recall", "minDeltaVsPrior": 0 },
    { "metric": "unknownEvents", "max": 20 },
    { "metric": "availableDataInDays", "min": 90 }
  ],
  "requireModelQuality": ["QUALITY_THRESHOLD_MET"],
  "onMissingMetric": "reject"
}
`;

/** The session: what a person types after `npm start -- --follow` printed its variables. */
export const SESSION = [
  'l4e-autopilot status',
  'cat policy.json',
  'l4e-autopilot policy evaluate pump-a-improving 2 --file policy.json',
  'l4e-autopilot activate pump-a-improving 2 --yes',
  'l4e-autopilot rollback pump-a-improving --yes',
  'l4e-autopilot decisions pump-a-improving',
  'l4e-autopilot scheduler create turbine-e-stopped --frequency P20D --lookback P360D',
  'l4e-autopilot scheduler delete pump-b-regressing',
  'l4e-autopilot scheduler stop pump-b-regressing --wait',
];

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string) {
  return runProcess(command, args, { env, cwd, timeoutMs: STEP_TIMEOUT_MS });
}

/** Starts `npm start -- --follow …`; resolves with the variables it prints once it is following. */
function startFollowing(): Promise<{ child: ChildProcess; variables: Record<string, string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--follow', ...FOLLOW_ARGS], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start -- --follow did not start following within 5 minutes: ${stderr}`));
    }, 300_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!stdout.includes('following; Ctrl-C to stop')) return;
      clearTimeout(timer);
      const variables: Record<string, string> = {};
      for (const match of stdout.matchAll(/^export (\w+)=(\S+)$/gm)) {
        if (match[1] && match[2]) variables[match[1]] = match[2];
      }
      resolve({ child, variables });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start -- --follow ended (exit ${code}) before following: ${stderr}`));
    });
  });
}

/** The simulated time at which the session starts: the end of the followed run's last day. */
export const FOLLOW_START = '2025-01-18';

/**
 * What differs from run to run: loopback ports, the times the followed clock stamps on what the
 * session changes (shown as ··:··, it moves a simulated hour a second) and the CLI's real waits.
 */
export function maskVolatile(text: string): string {
  return text
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT')
    .replace(/(\d{4}-\d\d-\d\d)T\d\d:\d\dZ/g, (stamp, date: string) =>
      date >= FOLLOW_START ? `${FOLLOW_START}T··:··Z` : stamp,
    )
    .replace(/ after \d+s$/gm, ' after ‹n›s');
}

/** Runs the session; returns the transcript as the README shows it (without the code fence). */
export async function runReadmeSession(): Promise<string> {
  const { child, variables } = await startFollowing();
  const work = mkdtempSync(join(tmpdir(), 'l4e-readme-session-'));
  try {
    writeFileSync(join(work, 'policy.json'), SESSION_POLICY);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      HOME: work,
      NO_COLOR: '1',
      AWS_CONFIG_FILE: join(work, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
      ...variables,
    };
    const transcript: string[] = [];
    for (const line of SESSION) {
      const [program = '', ...args] = line.split(' ');
      const result =
        program === 'l4e-autopilot'
          ? await run(process.execPath, [CLI, ...args], env, work)
          : await run(program, args, env, work);
      transcript.push(`$ ${line}`);
      // Progress and errors (stderr) come before the result (stdout), as a terminal shows them.
      const output = `${result.stderr}${result.stdout}`.replace(/\n+$/, '');
      if (output !== '') transcript.push(output);
      if (result.code !== 0) transcript.push(`[exit ${result.code}]`);
      transcript.push('');
    }
    return maskVolatile(transcript.join('\n').trimEnd());
  } finally {
    child.kill('SIGINT');
    rmSync(work, { recursive: true, force: true });
  }
}

/** The README's session block (between the markers, without the code fence); null without markers. */
export function readmeSession(readme: string): string | null {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) return null;
  const block = readme.slice(begin + BEGIN_MARKER.length, end).trim();
  return block.replace(/^```\n/, '').replace(/\n```$/, '');
}

export function withSession(readme: string, transcript: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${BEGIN_MARKER} … ${END_MARKER} block`);
  return `${readme.slice(0, begin + BEGIN_MARKER.length)}\n\n\`\`\`\n${transcript}\n\`\`\`\n\n${readme.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], process.env, ROOT);
  if (built.code !== 0) throw new Error(`npm run build failed: ${built.stderr}`);
  const transcript = await runReadmeSession();
  writeFileSync(README, withSession(readFileSync(README, 'utf8'), transcript));
  process.stdout.write(
    `README.md: the CLI session block rewritten (${transcript.split('\n').length} lines)\n`,
  );
}
