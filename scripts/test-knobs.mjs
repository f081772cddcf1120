// Runs the whole vitest suite (or the files given after the mode) with the emulator's ambiguity knobs
// forced: `npm run test:knobs -- strict`, `-- lenient` or `-- random:42` (each model draws each knob from
// the seed; the emulator prints every draw once). Exits with vitest's status.
import { spawnSync } from 'node:child_process';

const [mode = 'strict', ...rest] = process.argv.slice(2);
if (!/^(strict|lenient|random:-?\d+)$/.test(mode)) {
  process.stderr.write(`usage: npm run test:knobs -- strict|lenient|random:<seed> [vitest arguments]\n`);
  process.exit(2);
}
process.stderr.write(`emulator knobs: L4E_EMULATOR_KNOBS=${mode}\n`);
const result = spawnSync('npx', ['vitest', 'run', ...rest], {
  stdio: 'inherit',
  env: { ...process.env, L4E_EMULATOR_KNOBS: mode },
});
process.exit(result.status ?? 1);
